import fc from 'fast-check';
import { LegalCalendarError } from '../errors/legal-calendar.error';
import { parseCivilDate } from './civil-date.codec';
import {
  romeDateOf,
  assertSupportedDay,
  formatInstant,
  parseInstant,
  romeDayOf,
  romeEndOfDayIso,
  romeEndOfDayMs,
  romeLocalTimeToEpochMs,
  romeOffsetHoursAt,
} from './rome-time.zone';

const endOf = (date: string) => romeEndOfDayIso(parseCivilDate(date));
const nineAm = (date: string) => formatInstant(romeLocalTimeToEpochMs(parseCivilDate(date), 9 * 60));

/** Test oracle only: the host's tz database, never used by the library. */
const romeOffsetByIntl = (() => {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome', timeZoneName: 'shortOffset' });
  return (epochMs: number) => {
    const name = format.formatToParts(new Date(epochMs)).find((part) => part.type === 'timeZoneName')?.value;
    return Number(name?.replace('GMT', ''));
  };
})();

describe('Europe/Rome from the EU rule', () => {
  it('ends a winter day at 22:59:59.999Z and a summer day at 21:59:59.999Z', () => {
    expect(endOf('2027-03-15')).toBe('2027-03-15T22:59:59.999Z');
    expect(endOf('2027-07-15')).toBe('2027-07-15T21:59:59.999Z');
  });

  it('handles the last Sunday of March (2027-03-28, 2026-03-29)', () => {
    expect(endOf('2027-03-27')).toBe('2027-03-27T22:59:59.999Z');
    expect(endOf('2027-03-28')).toBe('2027-03-28T21:59:59.999Z');
    expect(endOf('2026-03-28')).toBe('2026-03-28T22:59:59.999Z');
    expect(endOf('2026-03-29')).toBe('2026-03-29T21:59:59.999Z');
  });

  it('handles the last Sunday of October (2027-10-31, 2026-10-25)', () => {
    expect(endOf('2027-10-30')).toBe('2027-10-30T21:59:59.999Z');
    expect(endOf('2027-10-31')).toBe('2027-10-31T22:59:59.999Z');
    expect(endOf('2026-10-24')).toBe('2026-10-24T21:59:59.999Z');
    expect(endOf('2026-10-25')).toBe('2026-10-25T22:59:59.999Z');
  });

  it('writes the same instant as the millisecond arithmetic', () => {
    const day = parseCivilDate('2027-10-31');
    expect(formatInstant(romeEndOfDayMs(day))).toBe(romeEndOfDayIso(day));
  });

  it('places 09:00 local time in CET and CEST, including on the change days', () => {
    expect(nineAm('2027-01-10')).toBe('2027-01-10T08:00:00.000Z');
    expect(nineAm('2027-03-28')).toBe('2027-03-28T07:00:00.000Z');
    expect(nineAm('2027-10-31')).toBe('2027-10-31T08:00:00.000Z');
  });

  it('reads a wall-clock time in the spring gap one hour later and takes the earlier one in the autumn overlap', () => {
    const day = parseCivilDate('2027-03-28');
    expect(formatInstant(romeLocalTimeToEpochMs(day, 2 * 60 + 30))).toBe('2027-03-28T01:30:00.000Z');
    const autumn = parseCivilDate('2027-10-31');
    expect(formatInstant(romeLocalTimeToEpochMs(autumn, 2 * 60 + 30))).toBe('2027-10-31T00:30:00.000Z');
  });

  it('agrees with the tz database for any instant of 1996-2037', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2037, 11, 31) }), (epochMs) => {
        expect(romeOffsetHoursAt(epochMs)).toBe(romeOffsetByIntl(epochMs));
      }),
      { numRuns: 3_000 },
    );
  });

  it('ends every day exactly one millisecond before the next Rome day starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: parseCivilDate('1996-01-01'), max: parseCivilDate('2099-12-30') }), (day) => {
        const end = romeEndOfDayMs(day);
        expect(romeDayOf(end)).toBe(day);
        expect(romeDayOf(end + 1)).toBe(day + 1);
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses years before 1996, when Italy followed other summer-time dates', () => {
    expect(() => assertSupportedDay(parseCivilDate('1995-12-31'), 'trigger')).toThrow(LegalCalendarError);
    expect(() => assertSupportedDay(parseCivilDate('1996-01-01'), 'trigger')).not.toThrow();
  });

  it('parses instants only with an explicit zone', () => {
    expect(parseInstant('2027-03-15T08:00:00.000Z')).toBe(Date.UTC(2027, 2, 15, 8));
    expect(parseInstant('2027-03-15T09:00+01:00')).toBe(Date.UTC(2027, 2, 15, 8));
    expect(parseInstant('2027-03-15T03:00:00-05:00')).toBe(Date.UTC(2027, 2, 15, 8));
    for (const bad of ['2027-03-15T08:00:00', '2027-03-15', '2027-02-30T08:00Z', '2027-03-15T24:00Z', 'now']) {
      expect(() => parseInstant(bad)).toThrow(LegalCalendarError);
    }
  });
});

describe('romeDateOf', () => {
  it('dates an instant by the Rome day, from epoch milliseconds or an ISO instant alike', () => {
    // 23:30 UTC on New Year's Eve is already 1 January in Rome (UTC+1).
    expect(romeDateOf('2026-12-31T23:30:00.000Z')).toBe('2027-01-01');
    expect(romeDateOf(Date.parse('2026-12-31T23:30:00.000Z'))).toBe('2027-01-01');
    // 21:59 UTC on 30 June is 23:59 in Rome (UTC+2); one minute later it is 1 July.
    expect(romeDateOf('2027-06-30T21:59:00.000Z')).toBe('2027-06-30');
    expect(romeDateOf('2027-06-30T22:00:00.000Z')).toBe('2027-07-01');
  });
});
