// Operators start and stop these processes: a bad environment must stop them with a message
// naming the variable, and SIGTERM must stop them cleanly (exit 0), never leave them hanging.
import {
  type TestDatabase,
  type TestIssuer,
  createTestDatabase,
  createTestIssuer,
  startBuilt,
  uniqueTaskQueue,
  freePort,
} from '@cmm/test-support';

describe('process lifecycle', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await createTestIssuer();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('the API refuses to start without DATABASE_URL and names it', async () => {
    const { DATABASE_URL: _omitted, ...env } = process.env;
    const api = startBuilt('apps/api/src/main.js', { ...env, TEMPORAL_ADDRESS: 'not an address' });
    const { code } = await api.exited();
    expect(code).toBe(1);
    expect(api.output()).toMatch(/DATABASE_URL: must be a postgres:\/\/ connection URL/);
    expect(api.output()).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('the worker refuses a malformed TEMPORAL_ADDRESS and names it', async () => {
    const worker = startBuilt('apps/worker/src/main.js', { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: 'http://x' });
    const { code } = await worker.exited();
    expect(code).toBe(1);
    expect(worker.output()).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('the API serves, then stops on SIGTERM with exit status 0', async () => {
    const port = await freePort();
    const api = startBuilt('apps/api/src/main.js', {
      ...process.env,
      ...issuer.env,
      DATABASE_URL: db.url,
      API_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await api.waitForOutput(/Nest application successfully started/);
    const response = await fetch(`http://127.0.0.1:${port}/status`);
    expect(response.status).toBe(200);
    api.child.kill('SIGTERM');
    expect(await api.exited()).toEqual({ code: 0, signal: null });
    await expect(fetch(`http://127.0.0.1:${port}/status`)).rejects.toThrow();
  });

  it('the worker polls its task queue, then drains and exits 0 on SIGTERM', async () => {
    const worker = startBuilt('apps/worker/src/main.js', {
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('lifecycle'),
      LOG_LEVEL: 'info',
    });
    await worker.waitForOutput(/"msg":"worker started"/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
    expect(worker.output()).toMatch(/"msg":"worker stopped"/);
  });
});
