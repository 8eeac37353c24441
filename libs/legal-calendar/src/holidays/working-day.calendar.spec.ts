import { formatCivilDate, parseCivilDate } from '../time/civil-date.codec';
import { MILANO_OFFICE_CLOSURES } from './milano-office-closures.data';
import { NATIONAL_HOLIDAYS } from './national-holidays.data';
import {
  countWorkingDays,
  datedHolidaysOfYear,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  nonWorkingReason,
  previousWorkingDayOnOrBefore,
  WorkingDayPolicy,
} from './working-day.calendar';

const NATIONAL: WorkingDayPolicy = { calendar: 'national', saturdayNonWorking: false };
const MILANO: WorkingDayPolicy = { calendar: 'milano', saturdayNonWorking: false };
const working = (date: string, policy = NATIONAL) => isWorkingDay(parseCivilDate(date), policy);
const holidayId = (date: string, policy = NATIONAL) => {
  const reason = nonWorkingReason(parseCivilDate(date), policy);
  return reason?.kind === 'holiday' ? reason.holiday.id : reason?.kind;
};

describe('working days', () => {
  it('makes 4 October a holiday from 2026 only (L. 151/2025)', () => {
    expect(working('2025-10-04')).toBe(true);
    expect(holidayId('2026-10-04')).toBe('san-francesco');
    expect(holidayId('2027-10-04')).toBe('san-francesco');
  });

  it.each(['2024-04-01', '2025-04-21', '2026-04-06', '2027-03-29', '2038-04-26'])('Easter Monday %s is a holiday', (date) => {
    expect(holidayId(date)).toBe('lunedi-dell-angelo');
  });

  it('lists the twelve dated national holidays of 2027 with their names', () => {
    const dates = datedHolidaysOfYear(2027, 'national').map(({ day, holiday }) => `${formatCivilDate(day)} ${holiday.id}`);
    expect(dates).toEqual([
      '2027-01-01 capodanno',
      '2027-01-06 epifania',
      '2027-03-29 lunedi-dell-angelo',
      '2027-04-25 liberazione',
      '2027-05-01 festa-del-lavoro',
      '2027-06-02 festa-della-repubblica',
      '2027-08-15 assunzione',
      '2027-10-04 san-francesco',
      '2027-11-01 ognissanti',
      '2027-12-08 immacolata',
      '2027-12-25 natale',
      '2027-12-26 santo-stefano',
    ]);
  });

  it('restores 2 June from 2001 (L. 336/2000)', () => {
    expect(working('2000-06-02')).toBe(true);
    expect(holidayId('2001-06-02')).toBe('festa-della-repubblica');
  });

  it('keeps 7 December working nationally and closes CMM offices under `milano`', () => {
    expect(working('2027-12-07')).toBe(true);
    expect(holidayId('2027-12-07', MILANO)).toBe('sant-ambrogio');
    expect(holidayId('2027-12-08')).toBe('immacolata');
    expect(holidayId('2027-12-08', MILANO)).toBe('immacolata');
  });

  it('keeps Saturday a working day unless the rule says otherwise (Cass. 5114/2009)', () => {
    expect(working('2025-10-04')).toBe(true);
    expect(working('2025-10-04', { calendar: 'national', saturdayNonWorking: true })).toBe(false);
    expect(holidayId('2027-10-03')).toBe('sunday');
  });

  it('names the holiday rather than "Sunday" when both apply', () => {
    expect(holidayId('2027-04-25')).toBe('liberazione');
  });

  it('walks to the next and previous working days', () => {
    expect(formatCivilDate(nextWorkingDayOnOrAfter(parseCivilDate('2027-12-25'), NATIONAL))).toBe('2027-12-27');
    expect(formatCivilDate(previousWorkingDayOnOrBefore(parseCivilDate('2027-12-26'), NATIONAL))).toBe('2027-12-24');
    expect(formatCivilDate(nextWorkingDayOnOrAfter(parseCivilDate('2027-12-07'), MILANO))).toBe('2027-12-09');
  });

  it('gives every holiday a legal source and validity years', () => {
    for (const holiday of [...NATIONAL_HOLIDAYS, ...MILANO_OFFICE_CLOSURES]) {
      expect(holiday.source.length).toBeGreaterThan(10);
      expect(holiday.validity.fromYear).toBeGreaterThanOrEqual(1949);
      expect(holiday.name.it).not.toBe('');
      expect(holiday.name.en).not.toBe('');
    }
    expect(MILANO_OFFICE_CLOSURES.every((closure) => closure.category === 'office-closure')).toBe(true);
    expect(NATIONAL_HOLIDAYS.every((holiday) => holiday.category === 'public-holiday')).toBe(true);
  });
});

describe('countWorkingDays', () => {
  const byWalking = (first: number, last: number, policy: WorkingDayPolicy) => {
    let count = 0;
    for (let day = first; day <= last; day++) if (isWorkingDay(day, policy)) count++;
    return count;
  };
  const policies: WorkingDayPolicy[] = [
    NATIONAL,
    MILANO,
    { calendar: 'national', saturdayNonWorking: true },
    { calendar: 'milano', saturdayNonWorking: true },
  ];

  it('agrees with walking the calendar day by day, across year ends, leap days and Easter', () => {
    // A fixed pseudo-random walk over 1996-2060: reproducible, and covers every weekday offset.
    let seed = 20261202;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const base = parseCivilDate('1996-01-01');
    for (let i = 0; i < 400; i++) {
      const first = base + (next() % 23_000);
      const last = first + (next() % 900) - 5;
      for (const policy of policies) expect(countWorkingDays(first, last, policy)).toBe(Math.max(0, byWalking(first, last, policy)));
    }
  });

  it('counts a single day, an empty range and a whole year', () => {
    const day = parseCivilDate('2026-12-08');
    expect(countWorkingDays(day, day, NATIONAL)).toBe(0);
    expect(countWorkingDays(day + 1, day + 1, NATIONAL)).toBe(1);
    expect(countWorkingDays(day + 1, day, NATIONAL)).toBe(0);
    const year = [parseCivilDate('2026-01-01'), parseCivilDate('2026-12-31')] as const;
    expect(countWorkingDays(...year, NATIONAL)).toBe(byWalking(...year, NATIONAL));
  });

  it('counts a term up to year 9999, the last the API accepts', () => {
    const span = [parseCivilDate('2026-12-02'), parseCivilDate('9999-12-31')] as const;
    const count = countWorkingDays(...span, NATIONAL);
    // Between five and six working days a week, whatever the holidays.
    const weeks = (span[1] - span[0] + 1) / 7;
    expect(count).toBeGreaterThan(weeks * 5);
    expect(count).toBeLessThan(weeks * 6);
  });
});
