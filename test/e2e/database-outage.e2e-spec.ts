// While PostgreSQL restarts the API answers 503 with Retry-After (a client may try again),
// not 500 (a defect), and it serves again once the database is back, without a restart.
// The restart is played by a TCP relay between the API and the test server: closing it drops
// every open connection and refuses new ones, as a stopping server does.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { type Server, type Socket, connect, createServer } from 'node:net';
import request from 'supertest';

/** A relay to PostgreSQL that can be taken down (every connection cut) and brought back on the same port. */
class DatabaseRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = null;
  }
}

describe('reads while PostgreSQL restarts', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let relay: DatabaseRelay;
  let officer: string;
  let caseId: string;

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    caseId = (await openTestCase(db.dataSource, { istatCode: '015146' })).id;
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    const url = new URL(db.url);
    relay = new DatabaseRelay({ host: url.hostname, port: Number(url.port) });
    await relay.up();
    url.port = String(relay.port);
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: url.toString() } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
    await db?.drop();
  });

  it('answers 503 problem+json with Retry-After while the database is down, and 200 once it is back', async () => {
    await http().get(`/cases/${caseId}`).set('Authorization', officer).expect(200);

    await relay.down();
    for (const path of [`/cases/${caseId}`, '/cases', '/deadlines']) {
      const response = await http().get(path).set('Authorization', officer).set('Accept-Language', 'en');
      expect({ path, status: response.status }).toEqual({ path, status: 503 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.body).toMatchObject({
        status: 503,
        title: 'Service unavailable',
        detail: 'database temporarily unreachable: try again shortly',
      });
    }

    await relay.up();
    // The pool replaces the connections it lost: the next reads succeed without restarting the API.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await http().get(`/cases/${caseId}`).set('Authorization', officer)).status;
      expect([200, 503]).toContain(status);
    }
    expect(status).toBe(200);
  });
});
