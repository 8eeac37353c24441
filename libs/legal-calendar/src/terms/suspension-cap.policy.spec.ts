import { LegalCalendarError } from '../errors/legal-calendar.error';
import { applySuspensionCap, measureSuspensions } from './suspension-cap.policy';

const CAP = { times: 1, maxDays: 30, basis: 'L. 241/1990 art. 2 c.7' };

describe('suspension cap', () => {
  it('leaves a suspension within the cap untouched and reports nothing', () => {
    const outcome = applySuspensionCap([{ from: '2027-01-10', to: '2027-01-25' }], CAP);
    expect(outcome.counted).toEqual([{ from: '2027-01-10', to: '2027-01-25', days: 15, countedDays: 15 }]);
    expect(outcome.capped).toEqual([]);
  });

  it('shortens a long suspension to maxDays and reports it', () => {
    const outcome = applySuspensionCap([{ from: '2027-01-10', to: '2027-02-19' }], CAP);
    expect(outcome.counted[0]).toMatchObject({ days: 40, countedDays: 30 });
    expect(outcome.capped).toHaveLength(1);
    expect(outcome.capped[0].reason.en).toBe(
      'suspension from 2027-01-10 to 2027-02-19: lasted 40 days, at most 30 counted (L. 241/1990 art. 2 c.7)',
    );
  });

  it('counts only the first `times` suspensions, in chronological order', () => {
    const outcome = applySuspensionCap(
      [
        { from: '2027-03-01', to: '2027-03-05' },
        { from: '2027-01-10', to: '2027-01-12' },
      ],
      CAP,
    );
    expect(outcome.counted.map((s) => [s.from, s.countedDays])).toEqual([
      ['2027-01-10', 2],
      ['2027-03-01', 0],
    ]);
    expect(outcome.capped.map((s) => s.from)).toEqual(['2027-03-01']);
    expect(outcome.capped[0].reason.it).toContain('una sola sospensione consentita');
  });

  it('refuses an inverted interval and an invalid cap', () => {
    expect(() => measureSuspensions([{ from: '2027-01-25', to: '2027-01-10' }])).toThrow(
      expect.objectContaining({ code: 'INVERTED_SUSPENSION' }),
    );
    expect(() => applySuspensionCap([], { times: -1, maxDays: 30, basis: 'x' })).toThrow(LegalCalendarError);
  });
});
