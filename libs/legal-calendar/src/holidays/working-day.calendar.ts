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

export type NonWorkingReason =
  | { readonly kind: 'holiday'; readonly holiday: HolidayDefinition }
  | { readonly kind: 'saturday' };

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
  return [...yearTable(calendar, year).dated.entries()]
    .map(([day, holiday]) => ({ day, holiday }))
    .sort((a, b) => a.day - b.day);
}
