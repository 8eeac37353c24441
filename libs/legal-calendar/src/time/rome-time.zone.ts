import { LegalCalendarError } from '../errors/legal-calendar.error';
import { CivilDate, DayNumber, dayNumberFromParts, daysInMonth, formatCivilDate, weekdayOf, yearOfDayNumber } from './civil-date.codec';

/**
 * Europe/Rome computed from the EU rule, not from the host's tz database: results must
 * not depend on the machine's TZ, and `Intl` zone lookups are too slow for a hot path.
 *
 * Rule (Directive 2000/84/EC, same dates since 1996): CET (UTC+1) in winter, CEST (UTC+2)
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 * Before 1996 Italy changed on other dates, so the library refuses earlier years instead
 * of answering wrongly. If the EU ever abolishes the change, this file is the one to edit.
 */
export const FIRST_SUPPORTED_YEAR = 1996;
/** Four-digit years only: 'YYYY-MM-DD' is the contract of every date the library returns. */
export const LAST_SUPPORTED_YEAR = 9999;

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const WINTER_OFFSET_HOURS = 1;
const SUMMER_OFFSET_HOURS = 2;
/** The change happens at 01:00 UTC on both dates. */
const CHANGE_HOUR_UTC = 1;
const MARCH = 3;
const OCTOBER = 10;

const FIRST_SUPPORTED_DAY = dayNumberFromParts(FIRST_SUPPORTED_YEAR, 1, 1);
const LAST_SUPPORTED_DAY = dayNumberFromParts(LAST_SUPPORTED_YEAR, 12, 31);

export function isSupportedDay(dayNumber: DayNumber): boolean {
  return dayNumber >= FIRST_SUPPORTED_DAY && dayNumber <= LAST_SUPPORTED_DAY;
}

export function assertSupportedDay(dayNumber: DayNumber, what: string): void {
  if (!isSupportedDay(dayNumber)) {
    throw new LegalCalendarError(
      'DATE_OUT_OF_RANGE',
      `${what}: ${formatCivilDate(dayNumber)} is outside the supported years ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR} (the EU summer-time rule applies from ${FIRST_SUPPORTED_YEAR})`,
    );
  }
}

function lastSundayOf(year: number, month: number): DayNumber {
  const lastDay = dayNumberFromParts(year, month, daysInMonth(year, month));
  return lastDay - weekdayOf(lastDay);
}

/** Offset in force at 00:00 local time of a day: midnight is never inside the change hour. */
function offsetHoursAtLocalMidnight(dayNumber: DayNumber): number {
  const year = yearOfDayNumber(dayNumber);
  // Midnight of the last Sunday of March is still winter time; of October still summer time.
  return dayNumber > lastSundayOf(year, MARCH) && dayNumber <= lastSundayOf(year, OCTOBER) ? SUMMER_OFFSET_HOURS : WINTER_OFFSET_HOURS;
}

export function romeOffsetHoursAt(epochMs: number): number {
  const year = yearOfDayNumber(Math.floor(epochMs / MS_PER_DAY));
  const summerStarts = lastSundayOf(year, MARCH) * MS_PER_DAY + CHANGE_HOUR_UTC * MS_PER_HOUR;
  const summerEnds = lastSundayOf(year, OCTOBER) * MS_PER_DAY + CHANGE_HOUR_UTC * MS_PER_HOUR;
  return epochMs >= summerStarts && epochMs < summerEnds ? SUMMER_OFFSET_HOURS : WINTER_OFFSET_HOURS;
}

/** The last millisecond of a day in Rome: the next local midnight minus 1 ms. */
export function romeEndOfDayMs(dayNumber: DayNumber): number {
  const nextDay = dayNumber + 1;
  return nextDay * MS_PER_DAY - offsetHoursAtLocalMidnight(nextDay) * MS_PER_HOUR - 1;
}

/**
 * The end of a Rome day always falls on the same UTC date (21:59:59.999Z in summer,
 * 22:59:59.999Z in winter), so it is written without a `Date` on the hot path.
 */
export function romeEndOfDayIso(dayNumber: DayNumber): string {
  const utcHour = 24 - offsetHoursAtLocalMidnight(dayNumber + 1) - 1;
  return `${formatCivilDate(dayNumber)}T${String(utcHour).padStart(2, '0')}:59:59.999Z`;
}

/**
 * The instant of a local wall-clock time in Rome. Inside the spring gap (02:00-02:59 on
 * the last Sunday of March) the time is read with the winter offset, i.e. one hour later
 * on the clock; in the autumn overlap (02:00-02:59 twice) the earlier instant wins.
 */
export function romeLocalTimeToEpochMs(dayNumber: DayNumber, minuteOfDay: number): number {
  const wallClockAsUtc = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  const asSummer = wallClockAsUtc - SUMMER_OFFSET_HOURS * MS_PER_HOUR;
  if (romeOffsetHoursAt(asSummer) === SUMMER_OFFSET_HOURS) return asSummer;
  return wallClockAsUtc - WINTER_OFFSET_HOURS * MS_PER_HOUR;
}

/** The civil date in Rome at an instant. */
export function romeDayOf(epochMs: number): DayNumber {
  return Math.floor((epochMs + romeOffsetHoursAt(epochMs) * MS_PER_HOUR) / MS_PER_DAY);
}

/** The civil date in Rome at an instant, as `YYYY-MM-DD`: the day an act or a filing is dated. */
export function romeDateOf(instant: number | string): CivilDate {
  return formatCivilDate(romeDayOf(typeof instant === 'string' ? Date.parse(instant) : instant));
}

export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Strict ISO 8601 instant: an explicit `Z` or offset is required, because `Date.parse`
 * reads an offset-less date-time in the machine's zone.
 */
export function parseInstant(text: string, what = 'instant'): number {
  const match = typeof text === 'string' ? INSTANT_PATTERN.exec(text) : null;
  const fail = (): never => {
    throw new LegalCalendarError(
      'INVALID_INSTANT',
      `${what}: "${String(text)}" is not an ISO 8601 instant with a zone (e.g. 2027-03-15T08:00:00.000Z)`,
    );
  };
  if (!match) return fail();
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail();
  if (hour > 23 || minute > 59 || second > 59) return fail();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetRest = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetRest > 59) return fail();
    offsetMinutes = sign * (offsetHours * 60 + offsetRest);
  }
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  return (
    dayNumberFromParts(year, month, day) * MS_PER_DAY + (hour * 60 + minute - offsetMinutes) * MS_PER_MINUTE + second * 1000 + milliseconds
  );
}
