import fc from 'fast-check';
import { LegalCalendarError } from '../errors/legal-calendar.error';
import {
  addMonths,
  dayNumberFromParts,
  formatCivilDate,
  formatItalianDate,
  isValidCivilDate,
  parseCivilDate,
  partsFromDayNumber,
  weekdayOf,
} from './civil-date.codec';

describe('civil dates', () => {
  it('counts days from 1970-01-01, agreeing with Date.UTC', () => {
    expect(parseCivilDate('1970-01-01')).toBe(0);
    expect(parseCivilDate('2027-03-15')).toBe(Date.UTC(2027, 2, 15) / 86_400_000);
    expect(parseCivilDate('1600-03-01')).toBe(Date.UTC(1600, 2, 1) / 86_400_000);
  });

  it.each([
    '2027-02-30',
    '2027-02-29',
    '2100-02-29',
    '2027-13-01',
    '2027-00-10',
    '2027-04-31',
    '2027-1-5',
    '27-01-05',
    '2027-01-05T00:00',
    ' 2027-01-05',
    '',
  ])('refuses %p', (text) => {
    expect(isValidCivilDate(text)).toBe(false);
    expect(() => parseCivilDate(text, '--from')).toThrow(LegalCalendarError);
    expect(() => parseCivilDate(text, '--from')).toThrow(/^--from: /);
  });

  it.each(['2028-02-29', '2000-02-29', '2024-02-29', '2027-12-31', '0001-01-01', '9999-12-31'])('accepts %p', (text) => {
    expect(formatCivilDate(parseCivilDate(text))).toBe(text);
  });

  it('writes a civil date as in Italy, dd/mm/yyyy, the day as written', () => {
    expect(formatItalianDate('2027-10-05')).toBe('05/10/2027');
    expect(formatItalianDate('2028-02-29')).toBe('29/02/2028');
    fc.assert(
      fc.property(fc.integer({ min: dayNumberFromParts(1, 1, 1), max: dayNumberFromParts(9999, 12, 31) }), (dayNumber) => {
        const { year, month, day } = partsFromDayNumber(dayNumber);
        const pad = (n: number, width: number) => String(n).padStart(width, '0');
        expect(formatItalianDate(formatCivilDate(dayNumber))).toBe(`${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`);
      }),
    );
  });

  it('names the weekday (0 = Sunday)', () => {
    expect(weekdayOf(parseCivilDate('2027-10-03'))).toBe(0);
    expect(weekdayOf(parseCivilDate('2025-10-04'))).toBe(6);
    expect(weekdayOf(parseCivilDate('1969-12-31'))).toBe(3);
  });

  it('adds months keeping the day number, or the last day of a shorter month', () => {
    const plus = (date: string, months: number) => formatCivilDate(addMonths(parseCivilDate(date), months));
    expect(plus('2027-01-31', 1)).toBe('2027-02-28');
    expect(plus('2028-01-31', 1)).toBe('2028-02-29');
    expect(plus('2027-03-31', -1)).toBe('2027-02-28');
    expect(plus('2027-08-31', 1)).toBe('2027-09-30');
    expect(plus('2027-11-15', 3)).toBe('2028-02-15');
    expect(plus('2027-01-15', -13)).toBe('2025-12-15');
  });

  it('round-trips format ∘ parse for every day of years 0000-9999', () => {
    const first = dayNumberFromParts(0, 1, 1);
    const last = dayNumberFromParts(9999, 12, 31);
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (day) => {
        expect(parseCivilDate(formatCivilDate(day))).toBe(day);
      }),
      { numRuns: 5_000 },
    );
  });

  it('round-trips parse ∘ format and agrees with the proleptic calendar of Date.UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const utc = new Date(Date.UTC(year, month - 1, day));
          const exists = utc.getUTCMonth() === month - 1;
          expect(isValidCivilDate(text)).toBe(exists);
          if (exists) {
            expect(formatCivilDate(parseCivilDate(text))).toBe(text);
            expect(partsFromDayNumber(parseCivilDate(text))).toEqual({ year, month, day });
            expect(weekdayOf(parseCivilDate(text))).toBe(utc.getUTCDay());
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
