// What the case page offers: the actions the signed-in user may take now, answered by the
// procedure's workflow with its own machine, each with the route to call; and the case link
// every notice carries, which opens the web app's case page.
import { createApp } from '../../apps/api/src/create-app';
import { CaseActionsService } from '../../apps/api/src/case-actions/case-actions.service';
import { type TestDatabase, type TestIssuer, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';

const MILANO = '015146';
const PEC_MILANO = 'protocollo@postacert.comune.milano.it';
const PUBLIC_URL = 'https://procedimenti.cmm.test';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

interface Action {
  name: string;
  method: string;
  path: string;
  operationPath: string;
  requestSchema: string | null;
  labelIt: string;
}

describe('case actions', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};
  let caseId: string;

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC_MILANO });
    const taskQueue = uniqueTaskQueue('e2e-case-actions');
    const documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, {
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: PUBLIC_URL,
      documentsDir,
    });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO });
    tokens.other = await issuer.bearer({ subject: 'ut-rho', role: 'comune', istatCode: '015182' });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    tokens.admin = await issuer.bearer({ subject: 'admin-1', role: 'admin' });
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir },
    });
    await app.init();

    const upload = await request(app.getHttpServer())
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adopted-act')
      .field('title', 'Delibera di adozione n. 12')
      .attach('file', MINIMAL_PDF('delibera 12'), { filename: 'delibera.pdf', contentType: 'application/pdf' })
      .expect(201);
    const submitted = await request(app.getHttpServer())
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send({
        actType: 'variante-pgt',
        deliberation: { number: '12', date: '2026-10-30' },
        description: 'Variante al PGT',
        declaresSupraMunicipalRelevance: false,
        uploads: { adoptedAct: upload.body.uploadId },
      })
      .expect(201);
    caseId = submitted.body.caseId;
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const actionsOf = async (who: string): Promise<Action[]> => {
    const response = await http().get(`/cases/${caseId}/actions`).set('Authorization', tokens[who]).expect(200);
    expect(response.body).toMatchObject({ caseId, procedure: 'compatibility-evaluation', next: null });
    return response.body.items;
  };
  const names = (actions: Action[]) => actions.map((a) => a.name).sort();

  it('routes every action of the catalogue to a route the API serves', () => {
    expect(app.get(CaseActionsService).unroutedCatalogPaths()).toEqual([]);
  });

  it("offers each role what the procedure's machine allows in the current state, with the route to call", async () => {
    const officer = await actionsOf('officer');
    expect(names(officer)).toEqual(['archive', 'confirmCompleteness', 'requestIntegration']);
    const request = officer.find((a) => a.name === 'requestIntegration') as Action;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/compatibility-evaluations/${caseId}/integration-requests`,
      operationPath: '/compatibility-evaluations/{caseId}/integration-requests',
      requestSchema: 'RequestIntegrationDto',
      labelIt: 'Richiedi integrazioni',
    });
    const document = (await http().get('/docs-json').expect(200)).body;
    for (const action of officer) {
      expect(document.paths[action.operationPath]?.post).toBeDefined();
      if (action.requestSchema) expect(document.components.schemas[action.requestSchema]).toBeDefined();
    }
    // The opinion is the manager's, and only once the evaluation has started.
    expect(names(await actionsOf('manager'))).toEqual(['archive', 'confirmCompleteness', 'requestIntegration']);
    expect(names(await actionsOf('comune'))).toEqual(['withdraw']);
    expect(await actionsOf('admin')).toEqual([]);
  });

  it('follows the state: after the integration request the officer may no longer ask, the municipality may answer', async () => {
    const officer = await actionsOf('officer');
    const action = officer.find((a) => a.name === 'requestIntegration') as Action;
    await http()
      .post(action.path)
      .set('Authorization', tokens.officer)
      .send({ missing: ['Relazione geologica'], note: 'Manca la relazione' })
      .expect(200);
    expect(names(await actionsOf('officer'))).not.toContain('requestIntegration');
    expect(names(await actionsOf('comune'))).toEqual(['submitIntegration', 'withdraw']);
  });

  it("shows the case's terms with days left and the legal calendar's explanation, suspended since the request", async () => {
    const response = await http().get(`/cases/${caseId}/terms`).set('Authorization', tokens.officer).expect(200);
    expect(response.body.next).toBeNull();
    const opinion = response.body.items.find((t: { ruleId: string }) => t.ruleId === 'compatibility-evaluation.opinion');
    expect(opinion).toMatchObject({ state: 'suspended', daysLeft: null, workingDaysLeft: null, legalSource: expect.any(String) });
    expect(opinion.suspendedSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(opinion.suspensions).toEqual([expect.objectContaining({ from: opinion.suspendedSince, to: null })]);
    const answer = response.body.items.find((t: { ruleId: string }) => t.ruleId === 'compatibility-evaluation.integration-answer');
    expect(answer).toMatchObject({ state: 'running' });
    expect(answer.daysLeft).toBeGreaterThan(0);
    expect(answer.workingDaysLeft).toBeGreaterThan(0);
    expect(answer.workingDaysLeft).toBeLessThanOrEqual(answer.daysLeft);
    // The legal calendar's own lines (start, holidays passed over), as the workflow computed them.
    expect(answer.explanation.length).toBeGreaterThan(0);
    expect(answer.explanation[0]).toEqual({ it: expect.any(String), en: expect.any(String) });
    await http().get(`/cases/${caseId}/terms`).set('Authorization', tokens.other).expect(404);
  });

  it('answers 404 to another municipality, as for the case itself', async () => {
    await http().get(`/cases/${caseId}/actions`).set('Authorization', tokens.other).expect(404);
  });

  it("puts the web app's case page in every notice, never the JSON route", async () => {
    const messages = await waitUntil(
      () => (notifier.peer.received.length >= 2 ? notifier.peer.received : undefined),
      60_000,
      'the notices of the case',
    );
    for (const message of messages) {
      const parsed = await message.parse();
      const text = `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}`;
      if (!text.includes(PUBLIC_URL)) continue;
      expect(text).toContain(`${PUBLIC_URL}/pratiche/${caseId}`);
      expect(text).not.toContain(`${PUBLIC_URL}/cases/`);
    }
    const withLink = await Promise.all(messages.map(async (m) => (await m.parse()).text ?? ''));
    expect(withLink.some((text) => text.includes(`${PUBLIC_URL}/pratiche/${caseId}`))).toBe(true);
  });
});
