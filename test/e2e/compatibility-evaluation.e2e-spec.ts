// A municipality asks for the compatibility evaluation of its plan, the officer asks for
// integrations, the municipality answers, the manager issues the opinion: through HTTP, on
// real PostgreSQL, Redis, the Temporal dev server and a worker with the production bundle.
import { createApp } from '../../apps/api/src/create-app';
import { formatItalianDate } from '@cmm/legal-calendar';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  pdfaViolations,
  signedTestP7m,
  startDevServerWorker,
  uniqueTaskQueue,
  validatePdfa,
} from '@cmm/test-support';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

const MILANO = '015146';
const PEC_MILANO = 'protocollo@postacert.comune.milano.it';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

describe('compatibility evaluation through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};
  let taskQueue: string;
  let documentsDir: string;

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC_MILANO });
    taskQueue = uniqueTaskQueue('e2e-compatibility');
    // The API serves what the worker's activities store (the receipt): one documents directory.
    documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test', documentsDir });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({
      subject: 'ut-milano',
      role: 'comune',
      istatCode: MILANO,
      name: 'Ufficio tecnico',
      email: 'ut@comune.milano.test',
    });
    tokens.other = await issuer.bearer({ subject: 'ut-abbiategrasso', role: 'comune', istatCode: '015002' });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir },
    });
    await app.init();
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  const upload = async (kind: string, title: string, token = tokens.comune) => {
    const response = await http()
      .post('/uploads')
      .set('Authorization', token)
      .field('kind', kind)
      .field('title', title)
      .attach('file', MINIMAL_PDF(title), { filename: `${kind}.pdf`, contentType: 'application/pdf' })
      .expect(201);
    return response.body.uploadId as string;
  };

  const submission = (uploads: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
    actType: 'variante-pgt',
    deliberation: { number: '45', date: '2026-10-30' },
    description: 'Variante al PGT per la rigenerazione dello scalo ferroviario',
    declaresSupraMunicipalRelevance: false,
    uploads,
    ...overrides,
  });

  it('refuses a submission that declares supra-municipal relevance without the diffusion balance, naming the field', async () => {
    const adoptedAct = await upload('adopted-act', 'Delibera di adozione n. 44');
    const response = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send(submission({ adoptedAct }, { declaresSupraMunicipalRelevance: true, deliberation: { number: '44', date: '2026-10-30' } }))
      .expect(422);
    expect(response.body['invalid-params']).toEqual([
      expect.objectContaining({ name: 'uploads.diffusionBalance', rule: 'requiredWithRelevance' }),
    ]);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM cases');
    expect(count).toBe(0);
  });

  it('runs the whole procedure: submission, integration request and answer, completeness, opinion', async () => {
    const adoptedAct = await upload('adopted-act', 'Delibera di adozione n. 45');
    // Further files keep the kind declared at upload: a report is stored as a report; one declaring a slot's kind it does not fill is an attachment.
    const attachments = [await upload('report', 'Relazione illustrativa'), await upload('adopted-act', 'Tavola dei vincoli')];
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send(submission({ adoptedAct, attachments }))
      .expect(201);
    expect(submitted.body).toMatchObject({
      reference: expect.stringMatching(/^VC-\d{4}-\d{6}$/),
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      created: true,
    });
    const { caseId } = submitted.body;

    // The same act submitted again is the same case.
    const again = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send(submission({ adoptedAct, attachments }))
      .expect(200);
    expect(again.body).toMatchObject({ caseId, protocolNumber: submitted.body.protocolNumber, created: false });
    const filed = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.comune).expect(200);
    const kinds = (filed.body.items as { kind: string; title: string }[]).map((d) => `${d.kind}:${d.title}`).sort();
    // The three files as filed, and the receipt the API filed with them.
    expect(kinds).toEqual([
      'adopted-act:Delibera di adozione n. 45',
      'attachment:Tavola dei vincoli',
      'report:Relazione illustrativa',
      `submission-receipt:Ricevuta di presentazione — ${submitted.body.reference}`,
    ]);

    // The receipt is the municipality's to download: a PDF/A-2b act (veraPDF) with the registration printed on it.
    const receiptDocument = (
      filed.body.items as { id: string; kind: string; versions: { contentUrl: string; contentType: string; filename: string }[] }[]
    ).find((d) => d.kind === 'submission-receipt');
    expect(receiptDocument?.id).toBe(submitted.body.receiptDocumentId);
    expect(receiptDocument?.versions[0]).toMatchObject({
      contentType: 'application/pdf',
      filename: `ricevuta-${submitted.body.reference}.pdf`,
    });
    const receiptUrl = receiptDocument?.versions[0].contentUrl as string;
    const downloaded = await http()
      .get(receiptUrl)
      .set('Authorization', tokens.comune)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(downloaded.headers['content-type']).toMatch(/^application\/pdf/);
    const { receipt } = await validatePdfa({ receipt: downloaded.body as Buffer }, { text: true });
    expect(pdfaViolations(receipt)).toEqual([]);
    expect(receipt.claimed).toBe('2b');
    // The day of the registration as the register keeps it (not today's: a run across midnight would disagree).
    const [{ registered_on: registeredOn }] = await db.dataSource.query(
      `SELECT to_char(registered_on, 'YYYY-MM-DD') AS registered_on FROM registry_entries WHERE case_id = $1 AND direction = 'in'`,
      [caseId],
    );
    const segnatura = `Protocollo generale n. ${submitted.body.protocolNumber} del ${formatItalianDate(registeredOn)} (in entrata)`;
    expect(receipt.info.subject).toBe(segnatura);
    expect((receipt.text ?? '').replace(/\s+/g, ' ')).toContain(segnatura);
    expect((receipt.text ?? '').replace(/\s+/g, ' ')).toContain(`Pratica: ${submitted.body.reference}`);
    // Another municipality neither lists nor downloads it.
    await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.other).expect(404);
    await http().get(receiptUrl).set('Authorization', tokens.other).expect(404);

    const viewed = await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.comune).expect(200);
    expect(viewed.body).toMatchObject({
      state: 'awaiting-completeness-check',
      opinionTerm: { ruleId: 'compatibility-evaluation.opinion', status: 'running' },
    });
    await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.other).expect(404);

    const requested = await http()
      .post(`/compatibility-evaluations/${caseId}/integration-requests`)
      .set('Authorization', tokens.officer)
      .send({ missing: ['Relazione geologica'], note: 'Integrare la componente geologica' })
      .expect(200);
    expect(requested.body).toMatchObject({ state: 'integration-requested', opinionTerm: { status: 'suspended', dueDate: null } });

    const integration = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.comune)
      .field('kind', 'integration')
      .field('title', 'Relazione geologica')
      .attach('file', MINIMAL_PDF('relazione geologica'), { filename: 'relazione-geologica.pdf', contentType: 'application/pdf' })
      .expect(201);
    // A document of another municipality's case is never this case's: 422 naming the field, nothing changed.
    const foreignAct = await upload('adopted-act', 'Delibera di Abbiategrasso n. 7', tokens.other);
    const foreign = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.other)
      .send(submission({ adoptedAct: foreignAct }, { deliberation: { number: '7', date: '2026-10-29' } }))
      .expect(201);
    const foreignDocument = await http()
      .post(`/cases/${foreign.body.caseId}/documents`)
      .set('Authorization', tokens.manager)
      .field('kind', 'signed-opinion')
      .field('title', 'Parere per Abbiategrasso')
      .attach('file', await signedTestP7m('parere Abbiategrasso'), { filename: 'parere-abbiategrasso.pdf.p7m' })
      .expect(201);
    const foreignId = foreignDocument.body.documentId as string;
    // The case's own steps (uploads aside, which are not steps of the procedure).
    const eventsOf = async () => {
      const { body } = await http().get(`/cases/${caseId}/timeline`).set('Authorization', tokens.officer).expect(200);
      return (body.items as { type: string }[]).filter((e) => e.type !== 'document-uploaded').length;
    };
    const eventsBefore = await eventsOf();
    const crossIntegration = await http()
      .post(`/compatibility-evaluations/${caseId}/integrations`)
      .set('Authorization', tokens.comune)
      .send({ note: 'Trasmessa la relazione', documentIds: [integration.body.documentId, foreignId] })
      .expect(422);
    expect(crossIntegration.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentIds.1', rule: 'caseDocument' })]);
    expect((await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.state).toBe(
      'integration-requested',
    );
    expect(await eventsOf()).toBe(eventsBefore);

    const answered = await http()
      .post(`/compatibility-evaluations/${caseId}/integrations`)
      .set('Authorization', tokens.comune)
      .send({ note: 'Trasmessa la relazione', documentIds: [integration.body.documentId] })
      .expect(200);
    expect(answered.body).toMatchObject({ state: 'awaiting-completeness-check', opinionTerm: { status: 'running' } });

    await http().post(`/compatibility-evaluations/${caseId}/completeness`).set('Authorization', tokens.officer).expect(200);
    const notManager = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.comune)
      .send({ outcome: 'favourable', documentId: integration.body.documentId })
      .expect(403);
    expect(notManager.headers['content-type']).toMatch(/problem\+json/);

    const opinionArgs = { outcome: 'favourable-with-prescriptions', prescriptions: ['Mitigazione acustica lungo la ferrovia'] };
    const eventsUnderEvaluation = await eventsOf();
    const crossOpinion = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.manager)
      .send({ ...opinionArgs, documentId: foreignId })
      .expect(422);
    expect(crossOpinion.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentId', rule: 'caseDocument' })]);
    // The opinion is a signed act: a plain PDF is refused, a CAdES envelope is taken.
    const unsigned = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.manager)
      .field('kind', 'signed-opinion')
      .field('title', 'Parere di compatibilità (non firmato)')
      .attach('file', MINIMAL_PDF('parere'), { filename: 'parere.pdf', contentType: 'application/pdf' })
      .expect(201);
    const unsignedOpinion = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.manager)
      .send({ ...opinionArgs, documentId: unsigned.body.documentId })
      .expect(422);
    expect(unsignedOpinion.headers['content-type']).toMatch(/problem\+json/);
    expect(unsignedOpinion.body['invalid-params']).toEqual([
      expect.objectContaining({
        name: 'documentId',
        rule: 'signedAct',
        reason: expect.stringMatching(/^l'atto deve essere firmato digitalmente: il PDF non reca alcuna firma digitale/),
      }),
    ]);
    expect((await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.state).toBe(
      'under-evaluation',
    );
    expect(await eventsOf()).toBe(eventsUnderEvaluation);
    const signed = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.manager)
      .field('kind', 'signed-opinion')
      .field('title', 'Parere di compatibilità')
      .attach('file', await signedTestP7m('parere'), { filename: 'parere.pdf.p7m' })
      .expect(201);
    const opinion = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.manager)
      .send({
        outcome: 'favourable-with-prescriptions',
        prescriptions: ['Mitigazione acustica lungo la ferrovia'],
        documentId: signed.body.documentId,
      })
      .expect(200);
    expect(opinion.body).toMatchObject({
      state: 'opinion-issued',
      outcome: { kind: 'opinion', outcome: 'favourable-with-prescriptions', protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/) },
    });

    // Closed: further actions are refused with the final state.
    const late = await http()
      .post(`/compatibility-evaluations/${caseId}/withdrawal`)
      .set('Authorization', tokens.comune)
      .send({ reason: 'ripensamento' })
      .expect(409);
    expect(late.body).toMatchObject({ state: 'opinion-issued' });

    const detail = await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(detail.body).toMatchObject({ state: 'opinion-issued', closedAt: expect.any(String) });
    expect(detail.body.deadlines.map((d: { ruleId: string; status: string }) => `${d.ruleId}:${d.status}`).sort()).toEqual([
      'compatibility-evaluation.integration-answer:met',
      'compatibility-evaluation.opinion:met',
    ]);
    // One truth: the procedure's view shows the terms as the read model (and GET /cases/:id) records them.
    const closedView = await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.officer).expect(200);
    const recordedOpinionTerm = detail.body.deadlines.find((d: { ruleId: string }) => d.ruleId === 'compatibility-evaluation.opinion');
    expect(closedView.body.opinionTerm).toMatchObject({ status: 'met', dueDate: recordedOpinionTerm.dueDate });
    expect(opinion.body.opinionTerm).toMatchObject({ status: 'met' });

    const timeline = await http().get(`/cases/${caseId}/timeline`).set('Authorization', tokens.comune).expect(200);
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'submission-received',
        'registered',
        'request-integration',
        'submit-integration',
        'confirm-completeness',
        'issue-opinion',
      ]),
    );
    // What the engine records by itself carries the system's own role, never an administrator's.
    const events: { type: string; actor: { subject: string; role: string } }[] = timeline.body.items;
    expect(events.find((e) => e.type === 'registered')?.actor).toEqual({ subject: 'system:workflow', role: 'system' });
    expect(events.filter((e) => e.actor.role === 'admin')).toEqual([]);
    // Every step, and the state, reach people as words of the procedure.
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
    expect(detail.body.stateLabel).toEqual({ it: 'Parere emesso', en: 'Opinion issued' });
    const verification = await http().get(`/cases/${caseId}/timeline/verification`).set('Authorization', tokens.officer).expect(200);
    expect(verification.body).toMatchObject({ valid: true });

    const notices: { template_id: string; recipients: string }[] = await db.dataSource.query(
      `SELECT n.template_id, string_agg(d.recipient_address, ',') AS recipients FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
        WHERE n.case_id = $1 GROUP BY n.id, n.template_id ORDER BY min(n.created_at)`,
      [caseId],
    );
    expect(notices.map((n) => `${n.template_id}→${n.recipients}`)).toEqual([
      `submission-received→${PEC_MILANO}`,
      `integration-requested→${PEC_MILANO}`,
      'integration-received→pianificazione@cmm.test',
      `opinion-issued→${PEC_MILANO}`,
    ]);

    // All four arrive, once each, in Italian, with the case reference.
    const received = await waitUntil(
      () => (notifier.peer.received.length >= 4 ? notifier.peer.received : undefined),
      60_000,
      'four notices at the SMTP peer',
    );
    const mails = await Promise.all(received.map((message) => message.parse()));
    expect(mails.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : '')).sort()).toEqual(
      ['pianificazione@cmm.test', PEC_MILANO, PEC_MILANO, PEC_MILANO].sort(),
    );
    for (const mail of mails) expect(mail.text).toContain(submitted.body.reference);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(4);

    // A closed case is answered from PostgreSQL: its final view was stored, and it answers with no worker at all.
    const finalView = await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.comune).expect(200);
    expect(finalView.body).toEqual(closedView.body);
    const [snapshot] = await db.dataSource.query('SELECT view FROM case_view_snapshots WHERE case_id = $1', [caseId]);
    expect(snapshot.view).toMatchObject({ caseId, state: 'opinion-issued' });
    await worker.stop();
    worker = undefined as unknown as typeof worker;
    const withoutWorker = await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.comune).expect(200);
    expect(withoutWorker.body).toEqual(finalView.body);
  });

  it('indexes the case in Temporal: an operator finds it by reference, municipality, procedure and state', async () => {
    // The test before stops its worker to show a closed case needs none: this one needs one again.
    worker ??= await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test', documentsDir });
    const adoptedAct = await upload('adopted-act', 'Delibera di adozione n. 5197');
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      // A number no other file of the tier files for Milano: case and workflow ids derive from the act, and the Temporal server is shared.
      .send(submission({ adoptedAct }, { deliberation: { number: '5197', date: '2026-10-30' } }))
      .expect(201);
    const { caseId, reference } = submitted.body as { caseId: string; reference: string };
    const [{ workflow_id: workflowId }] = await db.dataSource.query('SELECT workflow_id FROM cases WHERE id = $1', [caseId]);
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection });
      // Other tests of the run number their cases from VC-…-000001 too: the workflow id keeps this one apart.
      const query = [
        `WorkflowId = '${workflowId}'`,
        `CmmCaseReference = '${reference}'`,
        `CmmIstatCodes = '${MILANO}'`,
        `CmmProcedure = 'compatibility-evaluation'`,
        `CmmCaseState = 'awaiting-completeness-check'`,
        `ExecutionStatus = 'Running'`,
      ].join(' AND ');
      const found = await waitUntil(
        async () => {
          const ids: string[] = [];
          for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
          return ids.length > 0 && ids;
        },
        30_000,
        `the workflow listed by ${query}`,
      );
      expect(found).toEqual([workflowId]);
      // A municipality's search does not see another municipality's cases.
      const other: string[] = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}' AND CmmIstatCodes = '015002'` })) {
        other.push(execution.workflowId);
      }
      expect(other).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
