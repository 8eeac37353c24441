// GET /status must name the component that is down, so an operator knows where to look; the
// balancer's readiness (GET /status/ready) must not follow it, or one shared component's outage
// would take every API process out at once.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, freePort } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

describe('GET /status with a component down', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const redisPort = await freePort();
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer' });
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers 503 naming Redis, with Retry-After, while the others stay up', async () => {
    const response = await request(app.getHttpServer()).get('/status').expect(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({
      status: 503,
      title: 'Servizio non disponibile',
      detail: 'componenti non raggiungibili: redis',
      components: { postgres: { status: 'up' }, redis: { status: 'down' }, temporal: { status: 'up' } },
    });
    expect(response.body.components.redis.error).toEqual(expect.any(String));
  });

  it('stays ready for the balancer, and serves what needs no Redis', async () => {
    const ready = await request(app.getHttpServer()).get('/status/ready').expect(200);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.body).toMatchObject({ status: 200 });
    // The rate limiter steps aside while Redis is away: an authenticated read is answered as ever.
    await request(app.getHttpServer()).get('/municipalities').set('Authorization', officer).expect(200);
  });
});
