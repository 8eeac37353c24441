import { DayNumber, dayNumberFromParts, weekdayOf, yearOfDayNumber } from '../time/civil-date.codec';
import { easterSunday } from './easter.computus';
import { HolidayDefinition } from './holiday.types';
import { MILANO_OFFICE_CLOSURES } from './milano-office-closures.data';
import { NATIONAL_HOLIDAYS } from './national-holidays.data';

export type CalendarId = 'national' | 'milano';

const CALENDARS: Readonly<Record<CalendarId, readonly HolidayDefinition[]>> = {
  national: NATIONAL_HOLIDAYS,
  milano: [...NATIONAL_HOLIDAYS, ...MILANO_OFFICE_CLOSURES],
};

export const CALENDAR_IDS = Object.keys(CALENDARS) as readonly CalendarId[];
export const DEFAULT_CALENDAR: CalendarId = 'national';
const SATURDAY = 6;

export function isCalendarId(value: unknown): value is CalendarId {
  return typeof value === 'string' && (CALENDAR_IDS as readonly string[]).includes(value);
}

export function holidayDefinitions(calendar: CalendarId): readonly HolidayDefinition[] {
  return CALENDARS[calendar];
}

/**
 * Saturday is a working day for administrative terms (Cass. 5114/2009); a rule may say
 * otherwise, and that choice is carried here rather than in the calendar data.
 */
export interface WorkingDayPolicy {
  readonly calendar: CalendarId;
  readonly saturdayNonWorking: boolean;
}

export type NonWorkingReason = { readonly kind: 'holiday'; readonly holiday: HolidayDefinition } | { readonly kind: 'saturday' };

interface YearTable {
  readonly dated: ReadonlyMap<DayNumber, HolidayDefinition>;
  readonly weekly: ReadonlyArray<HolidayDefinition | undefined>;
}

// Memoised per calendar and year: holidays are looked up on every day a term walks over.
const yearTables = new Map<CalendarId, Map<number, YearTable>>();

function isValidIn(holiday: HolidayDefinition, year: number): boolean {
  const { fromYear, toYear } = holiday.validity;
  return year >= fromYear && (toYear === undefined || year <= toYear);
}

function buildYearTable(calendar: CalendarId, year: number): YearTable {
  const dated = new Map<DayNumber, HolidayDefinition>();
  const weekly: Array<HolidayDefinition | undefined> = new Array(7).fill(undefined);
  let easter: DayNumber | undefined;
  for (const holiday of CALENDARS[calendar]) {
    if (!isValidIn(holiday, year)) continue;
    const recurrence = holiday.recurrence;
    switch (recurrence.kind) {
      case 'weekly':
        weekly[recurrence.weekday] = holiday;
        break;
      case 'fixed-date':
        dated.set(dayNumberFromParts(year, recurrence.month, recurrence.day), holiday);
        break;
      case 'easter-relative':
        easter ??= easterSunday(year);
        dated.set(easter + recurrence.daysAfterEaster, holiday);
        break;
    }
  }
  return { dated, weekly };
}

function yearTable(calendar: CalendarId, year: number): YearTable {
  let byYear = yearTables.get(calendar);
  if (!byYear) {
    byYear = new Map();
    yearTables.set(calendar, byYear);
  }
  let table = byYear.get(year);
  if (!table) {
    table = buildYearTable(calendar, year);
    byYear.set(year, table);
  }
  return table;
}

/** Why a day is not a working day, or undefined when it is one. A named holiday wins over "Sunday". */
export function nonWorkingReason(dayNumber: DayNumber, policy: WorkingDayPolicy): NonWorkingReason | undefined {
  const table = yearTable(policy.calendar, yearOfDayNumber(dayNumber));
  const named = table.dated.get(dayNumber);
  if (named) return { kind: 'holiday', holiday: named };
  const weekday = weekdayOf(dayNumber);
  const weekly = table.weekly[weekday];
  if (weekly) return { kind: 'holiday', holiday: weekly };
  if (weekday === SATURDAY && policy.saturdayNonWorking) return { kind: 'saturday' };
  return undefined;
}

export function isWorkingDay(dayNumber: DayNumber, policy: WorkingDayPolicy): boolean {
  return nonWorkingReason(dayNumber, policy) === undefined;
}

export function previousWorkingDayOnOrBefore(dayNumber: DayNumber, policy: WorkingDayPolicy): DayNumber {
  let day = dayNumber;
  while (!isWorkingDay(day, policy)) day -= 1;
  return day;
}

export function nextWorkingDayOnOrAfter(dayNumber: DayNumber, policy: WorkingDayPolicy): DayNumber {
  let day = dayNumber;
  while (!isWorkingDay(day, policy)) day += 1;
  return day;
}

/** The dated non-working days of a year (Sundays and Saturdays left out), for listings and checks. */
export function datedHolidaysOfYear(
  year: number,
  calendar: CalendarId,
): ReadonlyArray<{ readonly day: DayNumber; readonly holiday: HolidayDefinition }> {
  return [...yearTable(calendar, year).dated.entries()].map(([day, holiday]) => ({ day, holiday })).sort((a, b) => a.day - b.day);
}

function isNonWorkingWeekday(table: YearTable, weekday: number, policy: WorkingDayPolicy): boolean {
  return table.weekly[weekday] !== undefined || (weekday === SATURDAY && policy.saturdayNonWorking);
}

// Working days of [first, last] inside one year: the working weekdays counted by arithmetic
// (whole weeks, then the few days left), less the dated holidays that fall on one of them.
function workingDaysWithinYear(first: DayNumber, last: DayNumber, table: YearTable, policy: WorkingDayPolicy): number {
  const days = last - first + 1;
  const workingWeekdays = [0, 1, 2, 3, 4, 5, 6].filter((weekday) => !isNonWorkingWeekday(table, weekday, policy)).length;
  let count = Math.floor(days / 7) * workingWeekdays;
  for (let day = first + Math.floor(days / 7) * 7; day <= last; day++) if (!isNonWorkingWeekday(table, weekdayOf(day), policy)) count++;
  for (const day of table.dated.keys()) if (day >= first && day <= last && !isNonWorkingWeekday(table, weekdayOf(day), policy)) count--;
  return count;
}

/**
 * The working days from first to last, both included (0 when last < first). Counted a year at a
 * time, never a day at a time: a term years away must cost no more to list than one due next week.
 */
export function countWorkingDays(first: DayNumber, last: DayNumber, policy: WorkingDayPolicy): number {
  let count = 0;
  for (let from = first; from <= last;) {
    const year = yearOfDayNumber(from);
    const yearEnd = dayNumberFromParts(year, 12, 31);
    const to = Math.min(last, yearEnd);
    count += workingDaysWithinYear(from, to, yearTable(policy.calendar, year), policy);
    from = to + 1;
  }
  return count;
}
