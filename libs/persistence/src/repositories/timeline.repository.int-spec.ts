// The hash-chained case timeline on the real PostgreSQL: concurrent appends get 1..N, a
// payload survives jsonb storage byte-for-byte in its hash, and the verification names
// the link an attacker with superuser rights changed or removed.
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { GENESIS_HASH, TimelineRepository, timelineHash } from './timeline.repository';

const officer = { subject: 'officer-1', role: 'officer' };

describe('TimelineRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let timeline: TimelineRepository;

  const newCase = async () => (await openTestCase(db.dataSource, { istatCode: '015146' })).id;

  const appendSteps = async (caseId: string, count: number) => {
    for (let step = 1; step <= count; step++) {
      await timeline.append({ caseId, actor: officer, type: 'step-recorded', payload: { step, note: `passo ${step}` } });
    }
  };

  /**
   * What an attacker with superuser rights can do: switch the append-only trigger off,
   * change rows, switch it back on. Only the hash chain can tell.
   */
  const tamper = async (sql: string, params: unknown[]) => {
    await db.dataSource.query('ALTER TABLE timeline_events DISABLE TRIGGER timeline_events_append_only');
    try {
      await db.dataSource.query(sql, params);
    } finally {
      await db.dataSource.query('ALTER TABLE timeline_events ENABLE TRIGGER timeline_events_append_only');
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    timeline = new TimelineRepository(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('gives seq 1..50 to 50 parallel appends on one case, and the chain verifies', async () => {
    const caseId = await newCase();
    const wide: DataSource = await createDataSource(db.url, 20).initialize();
    try {
      const wideTimeline = new TimelineRepository(wide);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => wideTimeline.append({ caseId, actor: officer, type: 'parallel-append', payload: { i } })),
      );
    } finally {
      await wide.destroy();
    }

    const events = await timeline.list(caseId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.payload.i))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i)));
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    await expect(timeline.verify(caseId)).resolves.toEqual({ valid: true, events: 50 });
  });

  it('verifies a payload that jsonb stores in another key order and number notation', async () => {
    const caseId = await newCase();
    const appended = await timeline.append({
      caseId,
      actor: { subject: 'comune-015146', role: 'comune' },
      type: 'document-submitted',
      payload: {
        zeta: { b: [1, { d: 4, c: 3 }], a: null },
        title: 'Variante — «Cassano d\u2019Adda» 📄',
        numbers: [0.1 + 0.2, 1e21, 1e-7, -0, 12.5],
        at: new Date('2026-03-02T08:00:00.123Z'),
        dropped: undefined,
        long: 'x'.repeat(10_000),
      },
    });
    const [stored] = await timeline.list(caseId);
    expect(stored.hash).toBe(appended.hash);
    expect(stored.payload).toMatchObject({ at: '2026-03-02T08:00:00.123Z', numbers: [0.1 + 0.2, 1e21, 1e-7, 0, 12.5] });
    expect(stored.payload).not.toHaveProperty('dropped');
    await expect(timeline.verify(caseId)).resolves.toEqual({ valid: true, events: 1 });
  });

  it('commits an event only with the transaction that appended it', async () => {
    const caseId = await newCase();
    await appendSteps(caseId, 1);
    await expect(
      db.dataSource.transaction(async (tx) => {
        await timeline.append({ caseId, actor: officer, type: 'never-happened', payload: {} }, tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await appendSteps(caseId, 1);
    expect((await timeline.list(caseId)).map((e) => [e.seq, e.type])).toEqual([
      [1, 'step-recorded'],
      [2, 'step-recorded'],
    ]);
    await expect(timeline.verify(caseId)).resolves.toEqual({ valid: true, events: 2 });
  });

  it('refuses an event for a case that does not exist', async () => {
    await expect(
      timeline.append({ caseId: '0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f', actor: officer, type: 'orphan', payload: {} }),
    ).rejects.toThrow(/does not exist/);
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    const caseId = await newCase();
    await appendSteps(caseId, 2);
    const refused = { code: '42501', message: expect.stringMatching(/append-only/) };
    await expect(db.dataSource.query(`UPDATE timeline_events SET payload = '{}' WHERE case_id = $1`, [caseId])).rejects.toMatchObject(
      refused,
    );
    await expect(db.dataSource.query('DELETE FROM timeline_events WHERE case_id = $1 AND seq = 2', [caseId])).rejects.toMatchObject(
      refused,
    );
    await expect(timeline.verify(caseId)).resolves.toEqual({ valid: true, events: 2 });
  });

  it('names the event whose payload was changed behind the trigger', async () => {
    const caseId = await newCase();
    await appendSteps(caseId, 5);
    await tamper(`UPDATE timeline_events SET payload = jsonb_set(payload, '{note}', '"passo cambiato"') WHERE case_id = $1 AND seq = 3`, [
      caseId,
    ]);
    await expect(timeline.verify(caseId)).resolves.toEqual({
      valid: false,
      events: 5,
      brokenAt: 3,
      reason: 'content does not match its hash',
    });
  });

  it('names the next event when the changed event was re-hashed too', async () => {
    const caseId = await newCase();
    await appendSteps(caseId, 5);
    const [third] = (await timeline.list(caseId)).filter((e) => e.seq === 3);
    const forged = { ...third, actorSubject: 'someone-else' };
    await tamper('UPDATE timeline_events SET actor_subject = $3, hash = $4 WHERE case_id = $1 AND seq = $2', [
      caseId,
      3,
      forged.actorSubject,
      timelineHash(forged.prevHash, forged),
    ]);
    await expect(timeline.verify(caseId)).resolves.toEqual({
      valid: false,
      events: 5,
      brokenAt: 4,
      reason: 'prev_hash does not match the previous event',
    });
  });

  it('names a deleted middle event as missing', async () => {
    const caseId = await newCase();
    await appendSteps(caseId, 5);
    await tamper('DELETE FROM timeline_events WHERE case_id = $1 AND seq = 3', [caseId]);
    await expect(timeline.verify(caseId)).resolves.toEqual({ valid: false, events: 4, brokenAt: 3, reason: 'event 3 is missing' });
  });

  it('verifies every case with verifyAll, reporting each broken one', async () => {
    const broken = await newCase();
    await appendSteps(broken, 2);
    await tamper('UPDATE timeline_events SET type = $2 WHERE case_id = $1 AND seq = 1', [broken, 'rewritten']);
    const results = [];
    for await (const result of timeline.verifyAll()) results.push(result);
    const cases: { id: string }[] = await db.dataSource.query('SELECT id FROM cases');
    expect(results).toHaveLength(cases.length);
    expect(results.find((r) => r.caseId === broken)).toEqual({
      caseId: broken,
      valid: false,
      events: 2,
      brokenAt: 1,
      reason: 'content does not match its hash',
    });
  });
});
