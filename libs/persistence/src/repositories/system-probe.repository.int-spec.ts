import { type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { SystemProbeRepository } from './system-probe.repository';

describe('SystemProbeRepository on PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db?.drop());

  it('is idempotent: a retried activity gets back the row of its first attempt', async () => {
    const repository = new SystemProbeRepository(db.dataSource);
    const probe = {
      probeId: '9d4b7e1c-3c1f-4f7a-8b2e-5a6c7d8e9f01',
      workflowId: 'system-probe-9d4b7e1c-3c1f-4f7a-8b2e-5a6c7d8e9f01',
      requestedAt: '2026-11-22T09:00:00.000Z',
      requestedBy: 'int-spec',
      recordedAt: '2026-11-22T09:00:01.000Z',
      workerIdentity: 'first',
      requestId: 'req-1',
    };
    expect(await repository.record(probe)).toEqual(probe);
    expect(await repository.record({ ...probe, recordedAt: '2026-11-22T09:05:00.000Z', workerIdentity: 'retry' })).toEqual(probe);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM system_probes');
    expect(count).toBe(1);
  });
});
