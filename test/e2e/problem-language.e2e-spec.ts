// The words of an error are Italian unless the client asks for English: a validation error, a
// refusal from a workflow and a missing case answer with Italian detail and reasons by default and
// English ones with Accept-Language: en, with the same names and rules (what clients branch on).
// Through HTTP, on real PostgreSQL, the Temporal dev server and a worker with the production bundle.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, type TestIssuer, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createDatabaseWithMunicipalities, createDocumentsDir } from './support/procedure-setup';

const RHO = '015182';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

interface Problem {
  title: string;
  status: number;
  detail: string;
  state?: string;
  'invalid-params'?: { name: string; rule: string; reason: string }[];
}

describe('problem details speak Italian first, English on request', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [RHO]: 'protocollo@pec.comune.rho.mi.it' });
    const taskQueue = uniqueTaskQueue('e2e-problem-language');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test' });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({
      subject: 'ut-rho',
      role: 'comune',
      istatCode: RHO,
      name: 'Ufficio tecnico',
      email: 'ut@comune.rho.test',
    });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    const documentsDir = await createDocumentsDir();
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  /** The same request twice, once as a browser set to Italian would send it (no preference) and once asking for English. */
  const inBothLanguages = async (
    send: (lang: 'it' | 'en') => Promise<request.Response>,
    status: number,
  ): Promise<Record<'it' | 'en', Problem>> => {
    const it = await send('it');
    const en = await send('en');
    for (const response of [it, en]) {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    return { it: it.body as Problem, en: en.body as Problem };
  };
  const withLanguage = (req: request.Test, lang: 'it' | 'en') => (lang === 'en' ? req.set('Accept-Language', 'en') : req);
  const namesAndRules = (problem: Problem) => (problem['invalid-params'] ?? []).map(({ name, rule }) => `${name}:${rule}`).sort();
  const reasonOf = (problem: Problem, name: string, rule: string) =>
    problem['invalid-params']?.find((p) => p.name === name && p.rule === rule)?.reason;

  it('a validation error: Italian reasons with the rule arguments by default, English ones on request, same names and rules', async () => {
    const body = {
      deliberation: { number: '12', date: '2026-03-02' },
      sttm: [],
      adhesionCase: 'z',
      uploads: { deliberation: randomUUID() },
    };
    const problem = await inBothLanguages(
      (lang) => withLanguage(http().post('/adhesions').set('Authorization', tokens.comune), lang).send(body),
      400,
    );

    expect(problem.it.title).toBe('Richiesta non valida');
    expect(problem.en.title).toBe('Bad request');
    expect(namesAndRules(problem.it)).toEqual(['adhesionCase:isIn', 'sttm:arrayMinSize']);
    expect(namesAndRules(problem.en)).toEqual(namesAndRules(problem.it));
    expect(reasonOf(problem.it, 'adhesionCase', 'isIn')).toBe('deve essere uno tra: a, b, c, d');
    expect(reasonOf(problem.it, 'sttm', 'arrayMinSize')).toBe('deve contenere almeno 1 elemento');
    expect(reasonOf(problem.en, 'adhesionCase', 'isIn')).toMatch(/^adhesionCase must be one of the following values: a, b, c, d/);
    expect(reasonOf(problem.en, 'sttm', 'arrayMinSize')).toBe('sttm must contain at least 1 elements');
    expect(problem.it.detail).toContain('adhesionCase: deve essere uno tra: a, b, c, d');
    expect(problem.en.detail).toContain('adhesionCase: adhesionCase must be one of the following values');
  });

  it('a refusal from the workflow: the Italian text of the domain by default, the English one on request, same state', async () => {
    const deliberation = await http()
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adhesion-deliberation')
      .field('title', 'Delibera di Consiglio n. 12')
      .attach('file', MINIMAL_PDF('delibera'), { filename: 'delibera-adesione.pdf', contentType: 'application/pdf' })
      .expect(201);
    const submitted = await http()
      .post('/adhesions')
      .set('Authorization', tokens.comune)
      // A deliberation number of its own: the workflow id is the business key, and other suites file for Rho on the same Temporal server.
      .send({
        deliberation: { number: `PL-${randomUUID().slice(0, 8)}`, date: '2026-03-02' },
        sttm: [1],
        adhesionCase: 'd',
        uploads: { deliberation: deliberation.body.uploadId },
      })
      .expect(201);
    const { caseId } = submitted.body as { caseId: string };
    await http()
      .post(`/adhesions/${caseId}/correction-requests`)
      .set('Authorization', tokens.officer)
      .send({ corrections: ['Allegare il dispositivo firmato'] })
      .expect(200);

    const problem = await inBothLanguages(
      (lang) => withLanguage(http().post(`/adhesions/${caseId}/registration`).set('Authorization', tokens.officer), lang),
      409,
    );
    expect(problem.it).toMatchObject({ title: 'Operazione non ammessa nello stato attuale', state: 'corrections-requested' });
    expect(problem.it.detail).toMatch(
      /^azione «register-adhesion» non consentita nello stato «corrections-requested» dell'adesione \(consentita in: under-review\)$/,
    );
    expect(problem.en).toMatchObject({ title: 'Conflict with the current state', state: 'corrections-requested' });
    expect(problem.en.detail).toBe('register-adhesion is not allowed while the adhesion is corrections-requested (allowed: under-review)');
  });

  it('a case that does not exist: Italian by default, English on request', async () => {
    const unknown = randomUUID();
    const problem = await inBothLanguages(
      (lang) => withLanguage(http().get(`/cases/${unknown}`).set('Authorization', tokens.officer), lang),
      404,
    );
    expect(problem.it).toMatchObject({ title: 'Risorsa non trovata', detail: `pratica ${unknown} non trovata` });
    expect(problem.en).toMatchObject({ title: 'Not found', detail: `case ${unknown} not found` });
  });

  it("Nest's and the body parser's own refusals: Italian by default, their English on request", async () => {
    const route = await inBothLanguages(
      (lang) => withLanguage(http().get('/no-such-route').set('Authorization', tokens.officer), lang),
      404,
    );
    expect(route.it.detail).toBe('nessuna risorsa per GET /no-such-route');
    expect(route.en.detail).toBe('Cannot GET /no-such-route');
    const uuid = await inBothLanguages(
      (lang) => withLanguage(http().get('/cases/not-a-uuid').set('Authorization', tokens.officer), lang),
      400,
    );
    expect(uuid.it.detail).toBe('parametro non valido: è atteso un UUID');
    expect(uuid.en.detail).toBe('Validation failed (uuid is expected)');
    const json = await inBothLanguages(
      (lang) =>
        withLanguage(
          http().post('/adhesions').set('Authorization', tokens.comune).set('Content-Type', 'application/json').send('{"sttm": [1,'),
          lang,
        ),
      400,
    );
    expect(json.it.detail).toMatch(/^il corpo della richiesta non è JSON valido \(/);
    expect(json.en.detail).not.toMatch(/^il corpo/);
  });
});
