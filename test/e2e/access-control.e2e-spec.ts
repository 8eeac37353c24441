// Who may do what: every route declares a rule, every role is held to it, and a municipality
// never reaches another municipality's cases (404, not 403: their existence stays hidden).
import { createApp } from '../../apps/api/src/create-app';
import { type RouteEntry, routeCatalog } from '../../apps/api/src/openapi/route-catalog';
import { ROLES, type Role } from '@cmm/auth';
import { CaseRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, type TestIssuer, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

const OWN = '015146'; // Milano
const OTHER = '015002'; // Abbiategrasso

describe('access control', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let routes: RouteEntry[];
  const caseIds: Record<'own' | 'other', string> = { own: randomUUID(), other: randomUUID() };

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const cases = new CaseRepository(db.dataSource);
    for (const [which, istatCode] of [
      ['own', OWN],
      ['other', OTHER],
    ] as const) {
      await cases.open({
        id: caseIds[which],
        type: 'compatibility-evaluation',
        reference: `CE-TEST-${which}`,
        title: `Variante PGT ${which}`,
        istatCode,
        state: 'awaiting-completeness-check',
        phase: null,
        workflowId: `compatibility-evaluation-${caseIds[which]}`,
        parentCaseId: null,
        businessKey: null,
        openedAt: new Date('2026-11-02T09:00:00Z'),
      });
    }
    issuer = await createTestIssuer();
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: '100000' } });
    await app.init();
    routes = routeCatalog(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const tokenFor = (role: Role, istat = OWN) =>
    issuer.bearer({ subject: `${role}-${istat}`, role, istatCode: role === 'comune' || role === 'mayor_office' ? istat : undefined });

  // Path parameters: the case under test, or an id that exists nowhere (its route answers 404).
  const pathFor = (route: RouteEntry, which: 'own' | 'other'): string =>
    route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      if (name === 'caseId') return caseIds[which];
      if (name === 'version') return '1';
      if (name === 'index') return '0';
      if (name === 'name') return 'filtro-di-prova';
      if (name === 'istatCode') return which === 'own' ? OWN : OTHER;
      if (/Id$|^id$/.test(name)) return randomUUID();
      throw new Error(`access-control spec: no fixture for path parameter :${name} of ${route.handler}; add one`);
    });

  const send = (route: RouteEntry, path: string, authorization?: string) => {
    const agent = request(app.getHttpServer());
    const call =
      route.method === 'GET'
        ? agent.get(path)
        : route.method === 'POST'
          ? agent.post(path)
          : route.method === 'PUT'
            ? agent.put(path)
            : route.method === 'PATCH'
              ? agent.patch(path)
              : agent.delete(path);
    return authorization ? call.set('Authorization', authorization) : call;
  };

  it('finds the routes of the application', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /status', 'GET /cases', 'GET /cases/:caseId', 'GET /deadlines']),
    );
  });

  it('every route declares who may call it', () => {
    expect(routes.filter((route) => route.rule === undefined).map((route) => route.handler)).toEqual([]);
  });

  it('every protected route answers 401 without a token and with a forged one', async () => {
    const forged = `Bearer ${(await issuer.token({ subject: 'x', role: 'admin' })).slice(0, -4)}AAAA`;
    for (const route of routes.filter((r) => r.rule && !r.rule.public)) {
      const path = pathFor(route, 'own');
      const anonymous = await send(route, path);
      expect({ route: route.handler, status: anonymous.status }).toEqual({ route: route.handler, status: 401 });
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
      const tampered = await send(route, path, forged);
      expect({ route: route.handler, status: tampered.status }).toEqual({ route: route.handler, status: 401 });
    }
  });

  it('holds every role to every route, on its own and on another municipality', async () => {
    const outcomes: string[] = [];
    for (const route of routes.filter((r) => r.rule && !r.rule.public)) {
      const allowed = route.rule && !route.rule.public ? route.rule.roles : [];
      for (const role of ROLES) {
        const authorization = await tokenFor(role);
        for (const which of ['own', 'other'] as const) {
          if (which === 'other' && !route.path.includes(':caseId')) continue;
          const { status } = await send(route, pathFor(route, which), authorization);
          const municipal = role === 'comune' || role === 'mayor_office';
          let expected: string;
          if (!allowed.includes(role)) expected = '403';
          else if (which === 'other' && municipal) expected = '404';
          else expected = 'served';
          const actual = status === 403 || status === 404 || status === 401 ? String(status) : 'served';
          // A 404 on the own case means "sub-resource not found", which is served.
          const normalised = expected === 'served' && actual === '404' ? 'served' : actual;
          outcomes.push(
            `${route.method} ${route.path} ${role} ${which}: ${normalised === expected ? 'ok' : `expected ${expected}, got ${status}`}`,
          );
        }
      }
    }
    expect(outcomes.filter((line) => !line.endsWith('ok'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(10);
  });

  it('a municipality lists only its own cases, whatever filter it sends', async () => {
    const comune = await tokenFor('comune');
    const own = await request(app.getHttpServer()).get('/cases').set('Authorization', comune).expect(200);
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([caseIds.own]);
    const sneaky = await request(app.getHttpServer()).get(`/cases?istat=${OTHER}`).set('Authorization', comune).expect(200);
    expect(sneaky.body.items).toEqual([]);
    const officer = await tokenFor('officer');
    const all = await request(app.getHttpServer()).get('/cases').set('Authorization', officer).expect(200);
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual([caseIds.own, caseIds.other].sort());
  });

  it('refuses a municipal token for a municipality outside the Città metropolitana', async () => {
    const stranger = await issuer.bearer({ subject: 'x', role: 'comune', istatCode: '058091' });
    const response = await request(app.getHttpServer()).get('/cases').set('Authorization', stranger).expect(403);
    expect(response.body.detail).toMatch(/058091/);
  });

  it('records the caller from the token, never from the request', async () => {
    await request(app.getHttpServer())
      .get('/cases')
      .set('Authorization', await tokenFor('manager'))
      .expect(200);
    const [user] = await db.dataSource.query(`SELECT subject, role, istat_code FROM users WHERE subject = 'manager-${OWN}'`);
    expect(user).toEqual({ subject: `manager-${OWN}`, role: 'manager', istat_code: null });
  });
});
