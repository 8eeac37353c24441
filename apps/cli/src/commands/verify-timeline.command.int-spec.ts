// `verify-timeline` against a real database: the command reads DATABASE_URL like in
// production, so the test sets it for its own duration and restores it afterwards.
import { TimelineRepository } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import { runCli } from '../main';
import { verifyTimelineCommand } from './verify-timeline.command';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
};

describe('verify-timeline on PostgreSQL', () => {
  let db: TestDatabase;
  let savedUrl: string | undefined;
  let intact: string;
  let broken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    savedUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;

    const timeline = new TimelineRepository(db.dataSource);
    const actor = { subject: 'officer-1', role: 'officer' };
    intact = (await openTestCase(db.dataSource, { istatCode: '015146' })).id;
    broken = (await openTestCase(db.dataSource, { istatCode: '015002' })).id;
    await openTestCase(db.dataSource, { istatCode: null }); // a case with no events yet is intact
    for (const caseId of [intact, broken]) {
      for (let step = 1; step <= 3; step++) await timeline.append({ caseId, actor, type: 'step-recorded', payload: { step } });
    }
    await db.dataSource.query('ALTER TABLE timeline_events DISABLE TRIGGER timeline_events_append_only');
    try {
      await db.dataSource.query(`UPDATE timeline_events SET payload = '{"step": 20}' WHERE case_id = $1 AND seq = 2`, [broken]);
    } finally {
      await db.dataSource.query('ALTER TABLE timeline_events ENABLE TRIGGER timeline_events_append_only');
    }
  });

  afterAll(async () => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    await db?.drop();
  });

  it('exits 0 and prints one JSON object for an intact chain', async () => {
    const { io, out } = capture();
    await expect(verifyTimelineCommand.run([intact], io)).resolves.toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toEqual({ caseId: intact, valid: true, events: 3 });
  });

  it('exits 1 naming the first broken link', async () => {
    const { io, out, err } = capture();
    await expect(verifyTimelineCommand.run([broken.toUpperCase()], io)).resolves.toBe(1);
    expect(JSON.parse(out[0])).toEqual({ caseId: broken, valid: false, events: 3, brokenAt: 2, reason: 'content does not match its hash' });
    expect(err.join('\n')).toContain('broken at event 2');
  });

  it('with --all prints one line per broken case and exits 1', async () => {
    const { io, out, err } = capture();
    await expect(runCli(['verify-timeline', '--all'], io)).resolves.toBe(1);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      { caseId: broken, valid: false, events: 3, brokenAt: 2, reason: 'content does not match its hash' },
    ]);
    expect(err).toEqual(['verify-timeline: 3 case(s) verified, 1 broken']);
  });

  it('exits 1 without output on stdout for a case that does not exist', async () => {
    const { io, out, err } = capture();
    await expect(verifyTimelineCommand.run(['0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f'], io)).resolves.toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['verify-timeline: case 0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f not found']);
  });
});
