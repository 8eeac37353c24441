// The Schedule that opens the annual call, on the real Temporal dev server (the Java
// time-skipping server does not implement the Schedule API: creating one fails there). Two
// years are backfilled: exactly two calls start, each on its configured date, each its own
// workflow with the year in its id and its own case; a manual start of one of those years
// finds the scheduled call instead of opening a second one.
import { ANNUAL_CALL_WORKFLOW, type AnnualCallView, annualCallScheduleId } from '@cmm/contracts';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, startDevServerWorker, temporalAddress, uniqueTaskQueue } from '@cmm/test-support';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { waitUntil } from '../../../libs/notifications/src/testing/wait-until';
import { ensureAnnualCallSchedule } from './annual-call-schedule';

describe('annual call Schedule', () => {
  let db: TestDatabase;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let connection: Connection;
  let client: Client;
  const taskQueue = uniqueTaskQueue('annual-call-schedule');

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    worker = await startDevServerWorker(taskQueue, db.dataSource);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await client?.schedule
      .getHandle(annualCallScheduleId(taskQueue))
      .delete()
      .catch(() => undefined);
    await worker?.stop();
    await connection?.close();
    await db?.drop();
  });

  it('is created once and updated after, and starts one call per configured year', async () => {
    expect(await ensureAnnualCallSchedule(client, { date: '03-01', time: '09:00', taskQueue })).toBe('created');
    expect(await ensureAnnualCallSchedule(client, { date: '03-02', time: '09:30', taskQueue })).toBe('updated');
    const handle = client.schedule.getHandle(annualCallScheduleId(taskQueue));
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Europe/Rome');
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({ month: [{ start: 'MARCH', end: 'MARCH', step: 1 }], dayOfMonth: [{ start: 2, end: 2, step: 1 }] }),
    ]);
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.ALLOW_ALL);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: ANNUAL_CALL_WORKFLOW, taskQueue });

    // Two whole years of schedule time, replayed now: 2 March 2027 and 2 March 2028 at 09:30 in Rome (08:30Z, winter time).
    await handle.backfill({
      start: new Date('2027-01-01T00:00:00Z'),
      end: new Date('2028-12-31T23:00:00Z'),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    const calls = await waitUntil(
      async () => {
        const rows: { year: number; workflow_id: string; reference: string }[] = await db.dataSource.query(
          'SELECT a.year, a.workflow_id, c.reference FROM annual_calls a JOIN cases c ON c.id = a.case_id ORDER BY a.year',
        );
        return rows.length >= 2 ? rows : undefined;
      },
      60_000,
      'two scheduled calls',
    );
    expect(calls).toEqual([
      { year: 2027, workflow_id: 'annual-call-scheduled-2027-03-02T08:30:00Z', reference: 'AA-2027-000001' },
      { year: 2028, workflow_id: 'annual-call-scheduled-2028-03-02T08:30:00Z', reference: 'AA-2028-000001' },
    ]);
    const runs = [];
    for await (const run of client.workflow.list({ query: `WorkflowType = '${ANNUAL_CALL_WORKFLOW}' AND TaskQueue = '${taskQueue}'` }))
      runs.push(run.workflowId);
    expect(runs.sort()).toEqual(calls.map((c) => c.workflow_id));

    // An officer starting 2027 by hand meets the scheduled call: that run stops, nothing is opened twice.
    const manual = await client.workflow.start(ANNUAL_CALL_WORKFLOW, {
      taskQueue,
      workflowId: `annual-call-2027-${taskQueue}`,
      args: [{ year: 2027 }],
    });
    expect((await manual.result()) as AnnualCallView).toMatchObject({
      state: 'duplicate',
      duplicateOf: 'annual-call-scheduled-2027-03-02T08:30:00Z',
      reference: 'AA-2027-000001',
    });
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM cases WHERE type = 'annual-call'`);
    expect(count).toBe(2);

    for (const call of calls) await client.workflow.getHandle(call.workflow_id).terminate('test over');
  });
});
