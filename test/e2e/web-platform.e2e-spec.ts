// The platform around the web application, over HTTP: its run-time configuration, the built
// app served next to the API without shadowing it, and the filters users save.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const INDEX = '<!doctype html><html lang="it"><head><title>CMM</title></head><body><div id="root"></div></body></html>';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('web platform', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;
  let otherOfficer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dist = await mkdtemp(join(tmpdir(), 'cmm-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), INDEX);
    await writeFile(join(dist, 'assets', 'index-3f2a9c1b.js'), 'console.log("app")');
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-web-1', role: 'officer' });
    otherOfficer = await issuer.bearer({ subject: 'officer-web-2', role: 'officer' });
    app = await createApp({
      logs: false,
      env: {
        ...process.env,
        ...issuer.env,
        DATABASE_URL: db.url,
        WEB_DIST_DIR: dist,
        WEB_OIDC_AUTHORITY: 'https://login.example.test/realms/cmm',
        WEB_OIDC_CLIENT_ID: 'cmm-web-prod',
      },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  describe('GET /web-config', () => {
    it('tells the app, without a token, which provider and client to use and where the case page is', async () => {
      const response = await http().get('/web-config').expect(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toEqual({
        oidc: {
          authority: 'https://login.example.test/realms/cmm',
          clientId: 'cmm-web-prod',
          scope: 'openid profile email offline_access',
          redirectPath: '/auth/callback',
          silentRedirectPath: '/auth/silent-renew',
          postLogoutRedirectPath: '/',
        },
        apiBaseUrl: '',
        environment: 'production',
        casePagePath: '/pratiche/{caseId}',
      });
    });

    it('is in the OpenAPI document, with its schema', async () => {
      const document = (await http().get('/docs-json').expect(200)).body;
      expect(document.paths['/web-config'].get.responses['200']).toBeDefined();
      expect(document.components.schemas.WebConfigDto).toBeDefined();
      expect(document.paths['/me/saved-filters/{name}'].put).toBeDefined();
    });
  });

  describe('the built app next to the API', () => {
    it('answers a page route with index.html, never cached', async () => {
      for (const path of ['/', '/scadenze', `/pratiche/${randomUUID()}`, '/avvisi', '/auth/callback?code=x&state=y']) {
        const response = await http().get(path).set('Accept', HTML).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(response.text).toBe(INDEX);
      }
    });

    it('sends hashed assets as immutable and other files revalidated', async () => {
      const asset = await http().get('/assets/index-3f2a9c1b.js').expect(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-type']).toMatch(/javascript/);
      const icon = await http().get('/favicon.svg').expect(200);
      expect(icon.headers['cache-control']).toBe('no-cache');
    });

    it('never shadows an API route, whatever the browser asks for', async () => {
      // A browser opening a JSON route still reaches the API (401 without a token), not the app.
      const json = await http().get(`/cases/${randomUUID()}`).set('Accept', HTML).expect(401);
      expect(json.headers['content-type']).toMatch(/application\/problem\+json/);
      await http().get('/deadlines').set('Accept', HTML).expect(401);
      await http().get('/me/saved-filters').set('Accept', HTML).expect(401);
      const config = await http().get('/web-config').set('Accept', HTML).expect(200);
      expect(config.headers['content-type']).toMatch(/application\/json/);
      const docs = await http().get('/docs-json').set('Accept', HTML).expect(200);
      expect(docs.body.openapi).toMatch(/^3\./);
    });

    it('leaves unknown non-page requests (scripts, API clients, missing assets) to the API 404', async () => {
      const missing = await http().get('/assets/missing-0000.js').expect(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      await http().get('/no-such-route').set('Accept', 'application/json').expect(404);
      await http().post('/pratiche').set('Accept', HTML).expect(404);
    });
  });

  describe('saved filters', () => {
    const put = (token: string, name: string, body: unknown) =>
      http()
        .put(`/me/saved-filters/${encodeURIComponent(name)}`)
        .set('Authorization', token)
        .send(body as object);

    it('saves, lists, replaces and deletes a filter of the signed-in user only', async () => {
      const saved = await put(officer, 'Milano 30 giorni', { page: 'scadenze', query: { istat: '015146', dueWithinDays: '30' } }).expect(
        200,
      );
      expect(saved.body).toMatchObject({ name: 'Milano 30 giorni', page: 'scadenze', query: { istat: '015146', dueWithinDays: '30' } });
      await put(officer, 'Milano 30 giorni', { page: 'scadenze', query: { istat: '015146', dueWithinDays: '7' } }).expect(200);
      await put(officer, 'Scadute', { page: 'scadenze', query: { overdue: 'true' } }).expect(200);

      const mine = await http().get('/me/saved-filters').set('Authorization', officer).expect(200);
      expect(mine.body.next).toBeNull();
      expect(mine.body.items.map((f: { name: string; query: object }) => [f.name, f.query])).toEqual([
        ['Milano 30 giorni', { istat: '015146', dueWithinDays: '7' }],
        ['Scadute', { overdue: 'true' }],
      ]);
      const theirs = await http().get('/me/saved-filters').set('Authorization', otherOfficer).expect(200);
      expect(theirs.body.items).toEqual([]);
      await http().delete('/me/saved-filters/Scadute').set('Authorization', otherOfficer).expect(404);

      await http().delete('/me/saved-filters/Scadute').set('Authorization', officer).expect(204);
      const after = await http().get('/me/saved-filters').set('Authorization', officer).expect(200);
      expect(after.body.items.map((f: { name: string }) => f.name)).toEqual(['Milano 30 giorni']);
    });

    it('refuses bad input with invalid-params naming the field, and saves nothing', async () => {
      const cases: [unknown, string][] = [
        [{ page: 'cruscotto', query: {} }, 'page'],
        [{ page: 'scadenze', query: 'overdue=true' }, 'query'],
        [{ page: 'scadenze', query: { overdue: true } }, 'query.overdue'],
        [{ page: 'scadenze', query: { 'bad key!': 'x' } }, 'query.bad key!'],
        [{ page: 'scadenze', query: {}, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const response = await put(officer, 'Rifiutato', body).expect(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
      }
      const blank = await put(officer, ' spazi ', { page: 'scadenze', query: {} }).expect(400);
      expect(blank.body['invalid-params'][0].name).toBe('name');
      const list = await http().get('/me/saved-filters').set('Authorization', officer).expect(200);
      expect(list.body.items.map((f: { name: string }) => f.name)).not.toContain('Rifiutato');
    });
  });
});
