import { ApiProperty } from '@nestjs/swagger';
import { contractProblems, isRealDateOrDateTime, nulProblems } from './request-contract';

describe('isRealDateOrDateTime', () => {
  it.each(['2027-02-28', '2028-02-29', '2027-02-28T10:00:00Z', '2027-02-28T23:59:59.999+01:00', '2027-02-28T10:00Z'])(
    'accepts %s',
    (value) => {
      expect(isRealDateOrDateTime(value)).toBe(true);
    },
  );
  it.each([
    '2027-13-01',
    '2027-02-30',
    '2027-02-29',
    '2027-02-28T24:00:00Z',
    '2027-02-28T10:60:00Z',
    '2027-02-28T10:00:00+24:00',
    '2027-02-28T10:00:00',
    'domani',
  ])('refuses %s', (value) => {
    expect(isRealDateOrDateTime(value)).toBe(false);
  });
});

describe('nulProblems', () => {
  it('names every string holding U+0000, however deep', () => {
    expect(nulProblems({ a: 'ok', b: ['x', 'y\u0000'], c: { d: '\u0000' } }, '').map((p) => p.name)).toEqual(['b.1', 'c.d']);
    expect(nulProblems('a\u0000', 'token').map((p) => p.name)).toEqual(['token']);
    expect(nulProblems({ a: 1, b: null }, '')).toEqual([]);
  });
});

class Dated {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

describe('contractProblems on dates', () => {
  it('refuses days and instants outside the years the legal calendar reckons with', () => {
    expect(contractProblems(Dated, { day: '0467-02-13', at: '0362-05-14T03:07:34-03:47' }).map((p) => [p.name, p.rule])).toEqual([
      ['day', 'calendarYears'],
      ['at', 'calendarYears'],
    ]);
    expect(contractProblems(Dated, { day: '1996-01-01', at: '2027-02-28T10:00:00Z' })).toEqual([]);
  });
});
