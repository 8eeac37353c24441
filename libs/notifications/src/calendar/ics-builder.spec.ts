import ICAL from 'ical.js';
import { buildIcs, foldLine, romeLocal } from './ics-builder';

const calendar = {
  uid: 'conference-session-7f1c@cittametropolitana.mi.it',
  sequence: 0,
  method: 'REQUEST' as const,
  start: '2026-03-10T09:00:00.000Z',
  end: '2026-03-10T11:00:00.000Z',
  summary: 'Conferenza di concertazione, seduta 1; PGT Abbiategrasso',
  location: 'Palazzo Isimbardi, via Vivaio 1, Milano',
  url: 'https://procedimenti.cittametropolitana.mi.it/cases/1',
  organizer: { name: 'Città metropolitana di Milano', address: 'protocollo@pec.cittametropolitana.milano.it' },
};

const parse = (text: string) => {
  const root = new ICAL.Component(ICAL.parse(text));
  const timezone = new ICAL.Timezone(root.getFirstSubcomponent('vtimezone') as ICAL.Component);
  ICAL.TimezoneService.register(timezone, 'Europe/Rome');
  const vevent = root.getFirstSubcomponent('vevent') as ICAL.Component;
  return { root, vevent, event: new ICAL.Event(vevent) };
};

describe('ICS invitations', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it('a REQUEST carries UID, SEQUENCE and times in Europe/Rome with the VTIMEZONE', () => {
    const { root, vevent, event } = parse(
      buildIcs(calendar, {
        stamp: new Date('2026-02-01T10:00:00Z'),
        attendee: { address: 'sindaco@pec.comune.abbiategrasso.mi.it', name: 'Sindaco' },
      }),
    );
    expect(root.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe(calendar.uid);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe(calendar.summary);
    expect(event.location).toBe(calendar.location);
    const dtstart = vevent.getFirstProperty('dtstart') as ICAL.Property;
    expect(dtstart.getParameter('tzid')).toBe('Europe/Rome');
    expect(event.startDate.toString()).toBe('2026-03-10T10:00:00');
    // The VTIMEZONE rules bring it back to the same instant.
    expect(event.startDate.toJSDate().toISOString()).toBe(calendar.start);
    expect(event.endDate.toJSDate().toISOString()).toBe(calendar.end);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(vevent.getFirstPropertyValue('organizer'))).toBe(`mailto:${calendar.organizer.address}`);
  });

  it('converts summer time correctly (CEST, +02:00)', () => {
    const { event } = parse(buildIcs({ ...calendar, start: '2026-07-01T08:30:00Z', end: '2026-07-01T10:30:00Z' }, { stamp: new Date() }));
    expect(event.startDate.toString()).toBe('2026-07-01T10:30:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-07-01T08:30:00.000Z');
  });

  it('a change keeps the UID with a higher SEQUENCE; a cancellation is METHOD:CANCEL', () => {
    const update = parse(
      buildIcs({ ...calendar, sequence: 1, start: '2026-03-11T09:00:00Z', end: '2026-03-11T11:00:00Z' }, { stamp: new Date() }),
    );
    expect(update.event.uid).toBe(calendar.uid);
    expect(update.event.sequence).toBe(1);
    const cancel = parse(buildIcs({ ...calendar, sequence: 2, method: 'CANCEL' }, { stamp: new Date() }));
    expect(cancel.root.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.event.uid).toBe(calendar.uid);
    expect(cancel.event.sequence).toBe(2);
    expect(cancel.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character, and ends lines with CRLF', () => {
    const folded = foldLine(`DESCRIPTION:${'è'.repeat(100)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'è'.repeat(100)}`);
    const text = buildIcs({ ...calendar, summary: 'x'.repeat(200) }, { stamp: new Date() });
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(parse(text).event.summary).toBe('x'.repeat(200));
  });

  it('reads local time in Rome whatever the process zone', () => {
    expect(romeLocal('2026-10-25T00:30:00Z')).toBe('20261025T023000');
    expect(romeLocal('2026-10-25T01:30:00Z')).toBe('20261025T023000');
  });
});
