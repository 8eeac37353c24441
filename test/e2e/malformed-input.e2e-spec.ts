// Input the API must refuse cleanly: a 4xx application/problem+json naming the field, nothing
// stored, never a 5xx. Missing or mistyped nested objects (on every route of the OpenAPI
// document), references to rows that do not exist, JSON nested too deep, invalid UTF-8, NUL
// characters, dates that do not exist.
import { createApp } from '../../apps/api/src/create-app';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

const MILANO = '015146';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

describe('malformed input is refused with 4xx, never 5xx', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let caseId: string;
  let baseUrl: string;
  const tokens: Record<string, string> = {};

  const http = () => request(app.getHttpServer());
  const problemOf = (response: request.Response, status: number) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status } });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as { detail?: string; 'invalid-params'?: { name: string; rule: string; reason: string }[] };
  };
  const namesOf = (response: request.Response) => (response.body['invalid-params'] ?? []).map((p: { name: string }) => p.name);
  const rowCounts = async () => {
    const [row] = await db.dataSource.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM fund_commitments)::int AS commitments,
              (SELECT count(*) FROM registry_entries)::int AS registrations, (SELECT count(*) FROM timeline_events)::int AS events`,
    );
    return row;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    caseId = (await openTestCase(db.dataSource, { istatCode: MILANO })).id;
    const issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({ subject: `comune-${MILANO}`, role: 'comune', istatCode: MILANO });
    tokens.mayor_office = await issuer.bearer({ subject: `sindaco-${MILANO}`, role: 'mayor_office', istatCode: MILANO });
    tokens.officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    tokens.manager = await issuer.bearer({ subject: 'manager-1', role: 'manager' });
    tokens.admin = await issuer.bearer({ subject: 'admin-1', role: 'admin' });
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: '1000000', API_MAX_JSON_DEPTH: '32' },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('nested objects', () => {
    it('refuses a compatibility evaluation without its nested objects, naming them (was 500)', async () => {
      const before = await rowCounts();
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .send({ actType: 'pgt', description: 'x', declaresSupraMunicipalRelevance: false });
      problemOf(response, 400);
      expect(response.body['invalid-params']).toEqual(
        expect.arrayContaining([
          { name: 'deliberation', rule: 'isDefined', reason: 'è obbligatorio' },
          { name: 'uploads', rule: 'isDefined', reason: 'è obbligatorio' },
        ]),
      );
      expect(await rowCounts()).toEqual(before);
    });

    it('answers in English when asked', async () => {
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .set('Accept-Language', 'en')
        .send({ actType: 'pgt', description: 'x', declaresSupraMunicipalRelevance: false, deliberation: [], uploads: null });
      problemOf(response, 400);
      expect(response.body['invalid-params']).toEqual(
        expect.arrayContaining([
          { name: 'deliberation', rule: 'isObject', reason: 'must be an object' },
          { name: 'uploads', rule: 'isObject', reason: 'must not be null' },
        ]),
      );
    });

    it('on every route of the OpenAPI document, a nested object missing, null or of another type is a 4xx naming it', async () => {
      const document = (await http().get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, Operation>>;
        components: { schemas: Record<string, Schema> };
      };
      const resolve = (schema: Schema | undefined): Schema | undefined => {
        if (schema?.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
        if (schema?.allOf) {
          const parts = schema.allOf.map((s) => resolve(s));
          return {
            properties: Object.assign({}, ...parts.map((p) => p?.properties ?? {})),
            required: parts.flatMap((p) => p?.required ?? []),
          };
        }
        return schema;
      };
      const isNested = (schema: Schema): boolean =>
        Boolean(schema.$ref || schema.allOf || (schema.type === 'array' && (schema.items?.$ref || schema.items?.allOf)));

      const probes: { method: string; path: string; property: string; body: Record<string, unknown> }[] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const body = resolve(operation.requestBody?.content?.['application/json']?.schema);
          for (const [property, schema] of Object.entries(body?.properties ?? {})) {
            if (!isNested(schema)) continue;
            const concrete = path.replace(/\{caseId\}|\{id\}/g, caseId).replace(/\{[^}]+\}/g, randomUUID());
            // Absent is a probe only where the property is required; the other values never fit.
            const required = (body?.required ?? []).includes(property);
            for (const value of [...(required ? [undefined] : []), null, 'x', 42, true, schema.type === 'array' ? {} : []]) {
              probes.push({ method, path: concrete, property, body: value === undefined ? {} : { [property]: value } });
            }
            if (schema.type === 'array') probes.push({ method, path: concrete, property, body: { [property]: ['x', null] } });
          }
        }
      }
      expect(probes.length).toBeGreaterThan(20);

      const answers: { probe: string; status: number; named: boolean }[] = [];
      for (const probe of probes) {
        // The first role the route lets in: validation runs after the access check.
        let response: request.Response | undefined;
        for (const token of Object.values(tokens)) {
          response = await (http() as unknown as Record<string, (path: string) => request.Test>)
            [probe.method](probe.path)
            .set('Authorization', token)
            .send(probe.body);
          if (response.status !== 403) break;
        }
        const named = namesOf(response!).some(
          (name: string) => name === probe.property || name.startsWith(`${probe.property}.`) || name.startsWith(`${probe.property}[`),
        );
        answers.push({
          probe: `${probe.method.toUpperCase()} ${probe.path} ${JSON.stringify(probe.body)}`,
          status: response!.status,
          named,
        });
      }
      // Every answer is a client error; every 400 names the nested object.
      expect(answers.filter((a) => a.status >= 500 || a.status < 400)).toEqual([]);
      expect(answers.filter((a) => a.status === 400 && !a.named)).toEqual([]);
    });
  });

  describe('references to rows that do not exist', () => {
    it('refuses Fund commitments for an unknown case with 422 naming caseId, posting nothing (was 500)', async () => {
      const before = await rowCounts();
      const response = await http()
        .post('/fund/commitments')
        .set('Authorization', tokens.officer)
        .send({
          caseId: randomUUID(),
          act: { type: 'delibera', reference: 'Accordo 1/2026', date: '2026-03-02' },
          commitments: [
            {
              party: MILANO,
              kind: 'fund-contribution',
              legalBasis: 'LR 12/2005 art. 43 c.2-bis',
              amountCents: 1000,
              description: 'Contributo',
            },
          ],
        });
      expect(response.status).toBeLessThan(500);
      const body = problemOf(response, response.status);
      expect([400, 404, 409, 422]).toContain(response.status);
      expect(JSON.stringify(body)).toContain('caseId');
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('bodies', () => {
    it('refuses JSON nested deeper than API_MAX_JSON_DEPTH with 400 before validating it (was 500)', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(problemOf(response, 400).detail).toBe('il corpo JSON è annidato troppo in profondità');
      const arrays = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .set('Content-Type', 'application/json')
        .set('Accept-Language', 'en')
        .send(`${'['.repeat(33)}${']'.repeat(33)}`);
      expect(problemOf(arrays, 400).detail).toBe('the JSON body is nested too deeply');
    });

    it('counts brackets inside strings as text, not nesting', async () => {
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .send({ actType: 'pgt', description: '['.repeat(100), declaresSupraMunicipalRelevance: false });
      expect(namesOf(response)).toContain('deliberation'); // validated, not refused for depth
    });

    it('refuses a body that is not valid UTF-8 instead of replacing the bytes (was silently replaced)', async () => {
      const before = await rowCounts();
      const body = Buffer.concat([
        Buffer.from('{"actType":"pgt","description":"Citt'),
        Buffer.from([0xe0, 0x28]),
        Buffer.from('","declaresSupraMunicipalRelevance":false}'),
      ]);
      // Raw bytes: supertest would serialise a Buffer as JSON.
      const response = await fetch(`${baseUrl}/compatibility-evaluations`, {
        method: 'POST',
        headers: { Authorization: tokens.comune, 'Content-Type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toBe('il corpo della richiesta non è UTF-8 valido');
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses a NUL character in a body string, naming the field', async () => {
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .send({
          actType: 'pgt',
          description: 'a\u0000b',
          declaresSupraMunicipalRelevance: false,
          deliberation: { number: '45', date: '2026-10-30' },
          uploads: { adoptedAct: randomUUID() },
        });
      problemOf(response, 400);
      expect(response.body['invalid-params']).toEqual([expect.objectContaining({ name: 'description', rule: 'noNul' })]);
    });

    it('refuses a day that does not exist in a body date, naming it', async () => {
      const response = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .send({
          actType: 'pgt',
          description: 'x',
          declaresSupraMunicipalRelevance: false,
          deliberation: { number: '45', date: '2026-02-30' },
          uploads: { adoptedAct: randomUUID() },
        });
      problemOf(response, 400);
      expect(namesOf(response)).toEqual(['deliberation.date']);
    });

    it('refuses days and instants the legal calendar cannot reckon with, before any workflow starts (the fuzzer hung them)', async () => {
      const session = await http()
        .post('/compatibility-evaluations')
        .set('Authorization', tokens.comune)
        .send({
          actType: 'pgt',
          description: 'x',
          declaresSupraMunicipalRelevance: false,
          deliberation: { number: '45', date: '0467-02-13' },
          uploads: { adoptedAct: randomUUID() },
        });
      problemOf(session, 400);
      expect(session.body['invalid-params']).toEqual([expect.objectContaining({ name: 'deliberation.date', rule: 'calendarYears' })]);
      const before = await http().get('/deadlines?dueBefore=0362-05-14T03:07:34-03:47').set('Authorization', tokens.officer);
      problemOf(before, 400);
      expect(namesOf(before)).toEqual(['dueBefore']);
    });
  });

  describe('query parameters', () => {
    it.each(['/cases?q=%00', '/cases?q=abc%00def', `/cases?cursor=%00`])(
      'refuses NUL in %s with 400 naming the parameter (was 500)',
      async (path) => {
        const response = await http().get(path).set('Authorization', tokens.officer);
        problemOf(response, 400);
        expect(response.body['invalid-params']).toEqual([
          expect.objectContaining({ rule: 'noNul', name: path.includes('cursor') ? 'cursor' : 'q' }),
        ]);
      },
    );

    it.each(['2027-13-01', '2027-02-30', '2027-02-28T25:00:00Z', '2027-02-28T10:00:00+25:00'])(
      'refuses dueBefore=%s, a day or time that does not exist (was 500 or accepted)',
      async (dueBefore) => {
        const response = await http()
          .get(`/deadlines?dueBefore=${encodeURIComponent(dueBefore)}`)
          .set('Authorization', tokens.officer);
        problemOf(response, 400);
        expect(namesOf(response)).toEqual(['dueBefore']);
      },
    );

    it.each(['2027-02-28', '2028-02-29', '2027-02-28T10:00:00Z', '2027-02-28T10:00:00+01:00'])(
      'accepts dueBefore=%s',
      async (dueBefore) => {
        await http()
          .get(`/deadlines?dueBefore=${encodeURIComponent(dueBefore)}`)
          .set('Authorization', tokens.officer)
          .expect(200);
      },
    );

    it('refuses NUL in a path parameter', async () => {
      const response = await http().get('/cases/%00').set('Authorization', tokens.officer);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  });

  describe('headers', () => {
    it.each([
      ['too short', 'breve'],
      ['with a space', 'chiave con spazi'],
      ['too long', 'k'.repeat(201)],
    ])('refuses an Idempotency-Key %s with 400 naming it, before any action runs', async (_what, key) => {
      const before = await rowCounts();
      const response = await http()
        .post(`/compatibility-evaluations/${caseId}/completeness`)
        .set('Authorization', tokens.officer)
        .set('Idempotency-Key', key)
        .send({ complete: true });
      const problem = problemOf(response, 400);
      expect(problem['invalid-params']).toEqual([expect.objectContaining({ name: 'Idempotency-Key', rule: 'idempotencyKey' })]);
      expect(await rowCounts()).toEqual(before);
    });
  });
});
