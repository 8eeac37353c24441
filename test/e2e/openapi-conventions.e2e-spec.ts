// The published OpenAPI document follows the AgID ModI REST rules for every route: a test
// walks it so a new route cannot break them unnoticed.
import { createApp } from '../../apps/api/src/create-app';
import { routeCatalog } from '../../apps/api/src/openapi/route-catalog';
import { type TestDatabase, type TestIssuer, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

type Json = Record<string, unknown>;

/** Every property schema of the document, with the path that leads to it. */
function* properties(node: unknown, path: string): Generator<[string, Json]> {
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  for (const [name, child] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    yield [`${path}.${name}`, child as Json];
    yield* properties(child, `${path}.${name}`);
  }
  if (schema.items) yield* properties(schema.items, `${path}[]`);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const)
    for (const part of (schema[key] as unknown[]) ?? []) yield* properties(part, path);
}

describe('OpenAPI document (AgID ModI REST rules)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let issuer: TestIssuer;
  let document: Json & { paths: Record<string, Record<string, Json>>; components: Json };

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    issuer = await createTestIssuer();
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is OpenAPI 3 with a semver info.version', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect((document.info as Json).version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('documents every route of the application', () => {
    const missing = routeCatalog(app).filter((route) => !document.paths[route.openApiPath]?.[route.method.toLowerCase()]);
    expect(missing.map((route) => route.handler)).toEqual([]);
  });

  it('gives every operation a unique id, security, problem+json errors, rate-limit headers and a 429 with Retry-After', () => {
    const broken: string[] = [];
    const ids = new Set<string>();
    const publicRoutes = new Set(
      routeCatalog(app)
        .filter((r) => r.rule?.public)
        .map((r) => `${r.method.toLowerCase()} ${r.openApiPath}`),
    );
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        const responses = operation.responses as Record<string, Json>;
        const id = operation.operationId as string | undefined;
        if (!id || ids.has(id)) broken.push(`${where}: operationId missing or repeated`);
        if (id) ids.add(id);
        const security = operation.security as Json[] | undefined;
        const isPublic = publicRoutes.has(`${method} ${path}`);
        if (!security) broken.push(`${where}: no security declared`);
        else if (!isPublic && !security.some((s) => 'bearer' in s)) broken.push(`${where}: protected but no bearer security`);
        if (!isPublic && (!responses['401'] || !responses['403'])) broken.push(`${where}: no 401/403`);
        const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) broken.push(`${where}: no 2xx response`);
        for (const [status, response] of Object.entries(responses)) {
          const headers = (response.headers ?? {}) as Json;
          if (
            !status.startsWith('1') &&
            !status.startsWith('3') &&
            !['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'].every((h) => h in headers)
          ) {
            broken.push(`${where} ${status}: no X-RateLimit-* headers`);
          }
          if (/^[45]/.test(status) && !((response.content ?? {}) as Json)['application/problem+json'])
            broken.push(`${where} ${status}: not problem+json`);
        }
        if (!('Retry-After' in ((((responses['429'] ?? {}) as Json).headers ?? {}) as Json)))
          broken.push(`${where}: no 429 with Retry-After`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('declares timestamps as RFC 3339 date-time', () => {
    const broken: string[] = [];
    for (const [name, schema] of Object.entries((document.components.schemas ?? {}) as Json)) {
      for (const [path, property] of properties(schema, name)) {
        if (/At$/.test(path) && property.type === 'string' && property.format !== 'date-time')
          broken.push(`${path}: format ${String(property.format)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('declares every JSON response body as an object, never a bare array', () => {
    const arrays: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
          for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
            const schema = (media.schema ?? {}) as Json;
            if (/json$/.test(type) && schema.type === 'array') arrays.push(`${method.toUpperCase()} ${path} ${status} ${type}`);
          }
        }
      }
    }
    expect(arrays).toEqual([]);
  });

  it('serves lists as { items } objects, as documented', async () => {
    const officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    const http = () => request(app.getHttpServer());
    const municipalities = await http().get('/municipalities').set('Authorization', officer).expect(200);
    expect(Array.isArray(municipalities.body)).toBe(false);
    expect(municipalities.body.items).toHaveLength(133);
    expect((await http().get('/deadlines').set('Authorization', officer).expect(200)).body).toEqual({ items: [] });
    expect((await http().get('/notifications').set('Authorization', officer).expect(200)).body).toEqual({ items: [] });
  });

  it('answers 405 problem+json with Allow for a method a known path does not declare, on every path; 404 for unknown paths', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of routeCatalog(app)) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
    const wrong: string[] = [];
    for (const path of byPath.keys()) {
      const concrete = path.replace(/:[A-Za-z0-9_]+/g, 'x');
      // A concrete path can also match another route's pattern (/annual-calls/x vs /annual-calls/proposals).
      const candidates = [...byPath].filter(([other]) => new RegExp(`^${other.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`).test(concrete));
      const allowed = new Set(candidates.flatMap(([, m]) => [...m]));
      const method = ['DELETE', 'PATCH', 'PUT', 'POST', 'GET'].find((m) => !allowed.has(m));
      if (!method) continue;
      const response = await request(app.getHttpServer())[method.toLowerCase() as 'delete'](concrete);
      const expected = [...allowed, ...(allowed.has('GET') ? ['HEAD'] : [])].sort().join(', ');
      if (
        response.status !== 405 ||
        response.headers.allow !== expected ||
        !/^application\/problem\+json/.test(response.headers['content-type'] ?? '')
      ) {
        wrong.push(`${method} ${concrete}: ${response.status} Allow=${response.headers.allow}`);
      }
    }
    expect(wrong).toEqual([]);
    const problem = await request(app.getHttpServer()).delete('/cases').expect(405);
    expect(problem.headers.allow).toBe('GET, HEAD');
    expect(problem.body).toMatchObject({ status: 405, title: 'Metodo non consentito su questa risorsa' });
    await request(app.getHttpServer()).delete('/no-such-resource').expect(404);
    await request(app.getHttpServer()).get('/cases/x/no-such-child').expect(404);
  });

  it('answers with the rate-limit headers it documents', async () => {
    const response = await request(app.getHttpServer()).get('/status');
    expect(response.headers['x-ratelimit-limit']).toBe('600');
    expect(Number(response.headers['x-ratelimit-remaining'])).toBeLessThan(600);
    expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
  });
});
