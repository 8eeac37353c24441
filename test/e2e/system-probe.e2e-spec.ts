// The chain every procedure relies on, through HTTP on the real components: the API starts
// a workflow on the Temporal dev server, a worker runs its activity, the activity writes to
// PostgreSQL, and the API reads the row back.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

describe('system probe through HTTP', () => {
  let db: TestDatabase;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let app: INestApplication;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const taskQueue = uniqueTaskQueue('e2e-probe');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { workerIdentity: 'e2e-worker' });
    const issuer = await createTestIssuer();
    admin = await issuer.bearer({ subject: 'admin-1', role: 'admin', name: 'Amministratore' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  it('runs the workflow, whose activity writes the row the API then reads back', async () => {
    const created = await request(app.getHttpServer())
      .post('/system-probes')
      .set('X-Request-Id', 'e2e-probe-0001')
      .set('Authorization', admin)
      .expect(201);

    expect(created.headers['x-request-id']).toBe('e2e-probe-0001');
    expect(created.body).toEqual({
      probeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workflowId: `system-probe-${created.body.probeId}`,
      requestedAt: expect.any(String),
      requestedBy: 'admin-1',
      recordedAt: expect.any(String),
      workerIdentity: 'e2e-worker',
      // The header travelled API → workflow → activity (Temporal headers, interceptors).
      requestId: 'e2e-probe-0001',
    });
    expect(Date.parse(created.body.recordedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.requestedAt));

    const [row] = await db.dataSource.query('SELECT workflow_id, worker_identity FROM system_probes WHERE probe_id = $1', [
      created.body.probeId,
    ]);
    expect(row).toEqual({ workflow_id: created.body.workflowId, worker_identity: 'e2e-worker' });

    const read = await request(app.getHttpServer()).get(`/system-probes/${created.body.probeId}`).set('Authorization', admin).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('answers 404 problem+json for a probe that does not exist', async () => {
    const response = await request(app.getHttpServer())
      .get('/system-probes/0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f')
      .set('Authorization', admin)
      .expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 404,
      title: 'Risorsa non trovata',
      instance: '/system-probes/0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f',
    });
  });

  it('refuses a malformed id with 400 problem+json, in English when asked', async () => {
    const response = await request(app.getHttpServer())
      .get('/system-probes/not-a-uuid')
      .set('Authorization', admin)
      .set('Accept-Language', 'en')
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, title: 'Bad request', detail: expect.stringMatching(/uuid/i) });
  });

  it('reports every component up on GET /status', async () => {
    const response = await request(app.getHttpServer()).get('/status').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 200,
      title: 'Servizio disponibile',
      components: { postgres: { status: 'up' }, redis: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document with a semver version', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/status', '/system-probes', '/system-probes/{probeId}']));
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.status).toBe(404);
  });
});
