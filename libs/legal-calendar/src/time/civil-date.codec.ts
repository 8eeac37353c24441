import { LegalCalendarError } from '../errors/legal-calendar.error';

/** A civil (calendar) date, 'YYYY-MM-DD', with no time and no zone: what the law counts. */
export type CivilDate = string;

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar. Arithmetic on terms runs on
 * these integers: it is fast and, unlike `Date`, cannot be bent by the machine's time zone.
 */
export type DayNumber = number;

export interface CivilDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days before the first of each month in a common year. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Days from 0000-01-01 to 1970-01-01, so day numbers stay small in the years we handle. */
const EPOCH_OFFSET = 719_528;
const DAYS_PER_400_YEARS = 146_097;
const CIVIL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 1970-01-01 was a Thursday (0 = Sunday). */
const EPOCH_WEEKDAY = 4;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Years 0..y-1 hold ceil(y/4) multiples of 4 (year 0 included), and so on for 100 and 400. */
function daysBeforeYear(year: number): number {
  return 365 * year + Math.ceil(year / 4) - Math.ceil(year / 100) + Math.ceil(year / 400);
}

export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  const leapDay = month > 2 && isLeapYear(year) ? 1 : 0;
  return daysBeforeYear(year) + DAYS_BEFORE_MONTH[month - 1] + leapDay + day - 1 - EPOCH_OFFSET;
}

export function yearOfDayNumber(dayNumber: DayNumber): number {
  const sinceYearZero = dayNumber + EPOCH_OFFSET;
  let year = Math.floor((sinceYearZero * 400) / DAYS_PER_400_YEARS);
  // The estimate can be one off either way around 31 December.
  while (daysBeforeYear(year + 1) <= sinceYearZero) year += 1;
  while (daysBeforeYear(year) > sinceYearZero) year -= 1;
  return year;
}

export function partsFromDayNumber(dayNumber: DayNumber): CivilDateParts {
  const year = yearOfDayNumber(dayNumber);
  let dayOfYear = dayNumber + EPOCH_OFFSET - daysBeforeYear(year);
  let month = 1;
  for (; month < 12; month += 1) {
    const length = daysInMonth(year, month);
    if (dayOfYear < length) break;
    dayOfYear -= length;
  }
  return { year, month, day: dayOfYear + 1 };
}

/** 0 = Sunday … 6 = Saturday, as in `Date.prototype.getUTCDay`. */
export function weekdayOf(dayNumber: DayNumber): number {
  return (((dayNumber + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Undefined unless the text is exactly 'YYYY-MM-DD' and names a day that exists. */
export function tryParseCivilDate(text: string): DayNumber | undefined {
  const match = CIVIL_DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberFromParts(year, month, day);
}

export function isValidCivilDate(text: string): boolean {
  return tryParseCivilDate(text) !== undefined;
}

/** `what` names the input in the error (e.g. "trigger", "--from") so the reader can fix it. */
export function parseCivilDate(text: string, what = 'date'): DayNumber {
  const dayNumber = typeof text === 'string' ? tryParseCivilDate(text) : undefined;
  if (dayNumber === undefined) {
    throw new LegalCalendarError(
      'INVALID_DATE',
      `${what}: "${String(text)}" is not a valid civil date (expected YYYY-MM-DD naming a day that exists)`,
    );
  }
  return dayNumber;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatCivilDate(dayNumber: DayNumber): CivilDate {
  const { year, month, day } = partsFromDayNumber(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * A civil date as it is written in Italy: '2027-10-05' → '05/10/2027'. The day as written,
 * never shifted through a time zone (for an instant, take its Rome day first: `romeDayOf`).
 * The one Italian date formatter of notices, receipts, registers, CSV files and refusal texts.
 */
export function formatItalianDate(date: CivilDate): string {
  return date.split('-').reverse().join('/');
}

/**
 * Same day number `months` later (or earlier when negative); when the target month is
 * shorter, its last day. This is the civil-law reading of a term in months (art. 2963 c.4 c.c.).
 */
export function addMonths(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = partsFromDayNumber(dayNumber);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return dayNumberFromParts(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}
