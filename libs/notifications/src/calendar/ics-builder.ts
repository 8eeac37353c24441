import type { NotificationCalendar } from '../notification.types';

/**
 * Europe/Rome as an RFC 5545 VTIMEZONE: EU summer time since 1996 (last Sunday of March
 * 02:00 → last Sunday of October 03:00). Calendar clients that do not know the zone by name
 * read these rules.
 */
const VTIMEZONE_ROME = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Rome',
  'X-LIC-LOCATION:Europe/Rome',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const ROME_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Local time in Rome as YYYYMMDDTHHMMSS (used with TZID=Europe/Rome). */
export function romeLocal(instant: string | number | Date): string {
  const parts = Object.fromEntries(ROME_PARTS.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

const utcStamp = (instant: Date): string =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export const escapeIcsText = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const quoteParam = (value: string): string => `"${value.replace(/["\r\n]/g, "'")}"`;

export interface IcsOptions {
  /** DTSTAMP: when this version of the invitation was made (the notification's creation). */
  stamp: Date;
  attendee?: { address: string; name?: string | null };
  description?: string;
}

/**
 * One VEVENT in a VCALENDAR with METHOD REQUEST (new or changed: same UID, higher
 * SEQUENCE) or CANCEL (same UID, STATUS:CANCELLED). Times are local to Europe/Rome with
 * the VTIMEZONE, so the invitation shows the Italian time whatever the client's zone.
 */
export function buildIcs(calendar: NotificationCalendar, options: IcsOptions): string {
  const cancel = calendar.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Citta metropolitana di Milano//Procedimenti PTM//IT',
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method}`,
    ...VTIMEZONE_ROME,
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(calendar.uid)}`,
    `SEQUENCE:${calendar.sequence}`,
    `DTSTAMP:${utcStamp(options.stamp)}`,
    `DTSTART;TZID=Europe/Rome:${romeLocal(calendar.start)}`,
    `DTEND;TZID=Europe/Rome:${romeLocal(calendar.end)}`,
    `SUMMARY:${escapeIcsText(calendar.summary)}`,
    ...(calendar.location ? [`LOCATION:${escapeIcsText(calendar.location)}`] : []),
    ...(calendar.url ? [`URL:${calendar.url.replace(/[\r\n]/g, '')}`] : []),
    ...(options.description ? [`DESCRIPTION:${escapeIcsText(options.description)}`] : []),
    `ORGANIZER;CN=${quoteParam(calendar.organizer.name)}:mailto:${calendar.organizer.address}`,
    ...(options.attendee
      ? [
          `ATTENDEE;${options.attendee.name ? `CN=${quoteParam(options.attendee.name)};` : ''}ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${options.attendee.address}`,
        ]
      : []),
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
