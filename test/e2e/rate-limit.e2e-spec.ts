// Per-client limits shared through Redis: the (limit+1)th request in a window gets 429 with
// Retry-After, and another client is not affected.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

describe('rate limiting', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officerA: string;
  let officerB: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const issuer = await createTestIssuer();
    officerA = await issuer.bearer({ subject: `officer-a-${Date.now()}`, role: 'officer' });
    officerB = await issuer.bearer({ subject: `officer-b-${Date.now()}`, role: 'officer' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: '5' } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts per client and refuses the excess with 429 problem+json and Retry-After', async () => {
    const remaining: string[] = [];
    let refused: request.Response | undefined;
    // A window boundary may fall inside the loop; then the count restarts and one more request is needed.
    for (let i = 0; i < 12 && !refused; i++) {
      const response = await request(app.getHttpServer()).get('/cases').set('Authorization', officerA);
      if (response.status === 429) refused = response;
      else remaining.push(response.headers['x-ratelimit-remaining']);
    }
    expect(refused).toBeDefined();
    expect(refused!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused!.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused!.body).toMatchObject({ status: 429, title: 'Troppe richieste' });
    expect(remaining.slice(-5)).toEqual(['4', '3', '2', '1', '0']);

    const other = await request(app.getHttpServer()).get('/cases').set('Authorization', officerB);
    expect(other.status).toBe(200);
  });
});
