// Every date, time and amount the user reads goes through these helpers, so the rules
// (dd/mm/yyyy, Europe/Rome, euro with Italian separators) hold on every page whatever the
// browser's own locale or time zone.

export const LEGAL_TIME_ZONE = 'Europe/Rome';

const dateFormat = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: LEGAL_TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat('it-IT', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: LEGAL_TIME_ZONE,
});
const timeFormat = new Intl.DateTimeFormat('it-IT', { timeZone: LEGAL_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const euroFormat = new Intl.NumberFormat('it-IT', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: 'always',
});

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (`2027-10-05`) is a day, not an instant: it is printed as written, never
 * shifted through a time zone. An instant is printed as its day in Rome.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') {
    const day = CALENDAR_DATE.exec(value);
    if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? String(value) : dateFormat.format(instant);
}

/** An instant as `dd/mm/yyyy hh:mm`, in Rome's time (CET/CEST as the date requires). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? String(value) : dateTimeFormat.format(instant).replace(',', '');
}

/** An instant's wall-clock time in Rome, `hh:mm`. */
export function formatTime(value: string | Date): string {
  return timeFormat.format(typeof value === 'string' ? new Date(value) : value);
}

/** ISO dates inside a text (the legal calendar's explanations) as the reader writes them, dd/mm/yyyy. */
export function withItalianDates(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (civil: string) => formatDate(civil));
}

/** Euro with Italian separators: `1.234,50 €`. Accepts numbers and the API's decimal strings. */
export function formatEuro(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const amount = typeof value === 'string' ? Number(value) : value;
  return Number.isFinite(amount) ? euroFormat.format(amount) : String(value);
}

const CENTS_PER_EURO = 100;

/** An amount the API gives in euro cents (`amountCents`, `costCents`), as euro: `150.000,00 €`. */
export function formatCents(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : formatEuro(cents / CENTS_PER_EURO);
}

/** Today's calendar date in Rome (`yyyy-mm-dd`): the legal "today" for days-left counts. */
export function todayInRome(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: LEGAL_TIME_ZONE,
  }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whole calendar days from one calendar date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  const start = CALENDAR_DATE.exec(from);
  const end = CALENDAR_DATE.exec(to);
  if (!start || !end) throw new RangeError(`not calendar dates: ${from}, ${to}`);
  const utc = (m: RegExpExecArray) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((utc(end) - utc(start)) / 86_400_000);
}
