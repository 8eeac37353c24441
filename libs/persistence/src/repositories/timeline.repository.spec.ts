import type { DataSource } from 'typeorm';
import type { TimelineEventEntity } from '../entities/timeline-event.entity';
import { GENESIS_HASH, TimelineRepository, chainBreakText, timelineHash } from './timeline.repository';

const CASE_ID = '7f1c0a1e-0000-4000-8000-000000000001';

const first = {
  caseId: CASE_ID,
  seq: 1,
  occurredAt: new Date('2026-03-02T08:00:00.000Z'),
  actorSubject: 'officer-1',
  actorRole: 'officer',
  type: 'case-opened',
  payload: { reference: 'CE-2026-000001', title: 'Variante PGT' },
};

/** Builds a chain the way append does, without a database. */
const chain = (count: number): TimelineEventEntity[] => {
  const events: TimelineEventEntity[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const link = { ...first, seq, occurredAt: new Date(first.occurredAt.getTime() + seq * 60_000), payload: { step: seq } };
    const event = { ...link, prevHash, hash: timelineHash(prevHash, link) };
    events.push(event);
    prevHash = event.hash;
  }
  return events;
};

/** verify() reads through list(); a stand-in repository returns the given rows. */
const repositoryOver = (events: TimelineEventEntity[]) =>
  new TimelineRepository({ getRepository: () => ({ find: async () => events }) } as unknown as DataSource);

describe('timelineHash', () => {
  it('is SHA-256 of the previous hash followed by the canonical JSON of the link (fixed vector)', () => {
    // sha256('0'*64 + '{"actorRole":"officer","actorSubject":"officer-1","caseId":"7f1c…","occurredAt":"2026-03-02T08:00:00.000Z",
    // "payload":{"reference":"CE-2026-000001","title":"Variante PGT"},"seq":1,"type":"case-opened"}'): changing the
    // formula would make every stored chain unverifiable, so it is pinned here.
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(timelineHash(GENESIS_HASH, first)).toBe('acdee8f3ccf3d2557ce554a5d9f97bbba8cdd9f7ad8aca56e897cf5e54fc1334');
  });

  it('does not depend on the key order of the payload', () => {
    const reordered = { ...first, payload: { title: 'Variante PGT', reference: 'CE-2026-000001' } };
    expect(timelineHash(GENESIS_HASH, reordered)).toBe(timelineHash(GENESIS_HASH, first));
  });

  it.each([
    ['caseId', { caseId: '7f1c0a1e-0000-4000-8000-000000000002' }],
    ['seq', { seq: 2 }],
    ['occurredAt (one millisecond)', { occurredAt: new Date('2026-03-02T08:00:00.001Z') }],
    ['actorSubject', { actorSubject: 'officer-2' }],
    ['actorRole', { actorRole: 'manager' }],
    ['type', { type: 'case-closed' }],
    ['payload', { payload: { reference: 'CE-2026-000001', title: 'Variante PGT ' } }],
  ])('changes when %s changes', (_field, change) => {
    expect(timelineHash(GENESIS_HASH, { ...first, ...change })).not.toBe(timelineHash(GENESIS_HASH, first));
  });

  it('changes with the previous hash, which chains each event to the one before', () => {
    expect(timelineHash('f'.repeat(64), first)).not.toBe(timelineHash(GENESIS_HASH, first));
  });
});

describe('TimelineRepository.verify (chain logic)', () => {
  it("verifies a chain whose older system events were stored with the role 'admin' and newer ones with 'system'", async () => {
    // The role is hashed as stored: introducing the `system` role rewrites nothing, so chains recorded before still verify.
    let prevHash = GENESIS_HASH;
    const mixed = ['admin', 'officer', 'system'].map((actorRole, i) => {
      const link = {
        ...first,
        seq: i + 1,
        actorSubject: actorRole === 'officer' ? 'officer-1' : 'system:workflow',
        actorRole,
        payload: { step: i + 1 },
      };
      const event = { ...link, prevHash, hash: timelineHash(prevHash, link) };
      prevHash = event.hash;
      return event;
    });
    await expect(repositoryOver(mixed).verify(CASE_ID)).resolves.toEqual({ valid: true, events: 3 });
  });

  it('accepts an empty timeline and an intact chain', async () => {
    await expect(repositoryOver([]).verify(CASE_ID)).resolves.toEqual({ valid: true, events: 0 });
    await expect(repositoryOver(chain(4)).verify(CASE_ID)).resolves.toEqual({ valid: true, events: 4 });
  });

  it('names the event whose content was changed', async () => {
    const events = chain(4);
    events[2] = { ...events[2], payload: { step: 99 } };
    await expect(repositoryOver(events).verify(CASE_ID)).resolves.toEqual({
      valid: false,
      events: 4,
      brokenAt: 3,
      reason: 'content does not match its hash',
    });
  });

  it('names the next event when a changed event was also re-hashed', async () => {
    const events = chain(4);
    const forged = { ...events[1], payload: { step: 99 } };
    events[1] = { ...forged, hash: timelineHash(forged.prevHash, forged) };
    await expect(repositoryOver(events).verify(CASE_ID)).resolves.toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: 'prev_hash does not match the previous event',
    });
  });

  it('names a missing event, first or in the middle', async () => {
    const events = chain(5);
    await expect(repositoryOver(events.filter((e) => e.seq !== 3)).verify(CASE_ID)).resolves.toEqual({
      valid: false,
      events: 4,
      brokenAt: 3,
      reason: 'event 3 is missing',
    });
    await expect(repositoryOver(events.slice(1)).verify(CASE_ID)).resolves.toMatchObject({
      valid: false,
      brokenAt: 1,
      reason: 'event 1 is missing',
    });
  });

  it('gives each reason an Italian text for the API, the English one staying the reason the CLI prints', async () => {
    const events = chain(5);
    const missing = await repositoryOver(events.filter((e) => e.seq !== 3)).verify(CASE_ID);
    const changed = chain(4);
    changed[2] = { ...changed[2], payload: { step: 99 } };
    const tampered = await repositoryOver(changed).verify(CASE_ID);
    const forged = chain(4);
    const rehashed = { ...forged[1], payload: { step: 99 } };
    forged[1] = { ...rehashed, hash: timelineHash(rehashed.prevHash, rehashed) };
    const relinked = await repositoryOver(forged).verify(CASE_ID);
    const texts = [missing, tampered, relinked].map((v) => (v.valid ? null : chainBreakText(v)));
    expect(texts).toEqual([
      { it: "manca l'evento 3", en: 'event 3 is missing' },
      { it: 'il contenuto non corrisponde al suo hash', en: 'content does not match its hash' },
      { it: "prev_hash non corrisponde all'evento precedente", en: 'prev_hash does not match the previous event' },
    ]);
  });
});
