// CMM's PEC mailbox end to end: the built notifier reads a real Dovecot mailbox over IMAP; a
// municipality's PEC answering an integration request reaches the evaluation's workflow on
// the Temporal dev server; what names no case of its sender waits in the officers' triage
// list, which they file to a case or archive through the API.
import { createApp } from '../../apps/api/src/create-app';
import { buildPecEnvelope } from '@cmm/notifications';
import {
  type DovecotServer,
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  startDevServerWorker,
  startDovecot,
  uniqueTaskQueue,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import request from 'supertest';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { type RunningNotifier, createDatabaseWithMunicipalities, createDocumentsDir, startNotifier } from './support/procedure-setup';

const MILANO = '015146';
const PEC_MILANO = 'protocollo@postacert.comune.milano.it';
const CMM_PEC = 'protocollo@pec.cittametropolitana.milano.it';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

describe('PEC mailbox through the notifier, the workflow and the API', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  let dovecot: DovecotServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC_MILANO });
    const taskQueue = uniqueTaskQueue('e2e-pec-mailbox');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test' });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO, name: 'Ufficio tecnico' });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    tokens.mayor = await issuer.bearer({ subject: 'sindaco-milano', role: 'mayor_office', istatCode: MILANO });
    const documentsDir = await createDocumentsDir();
    dovecot = await startDovecot();
    notifier = await startNotifier(db, documentsDir, {
      PEC_IMAP_URL: dovecot.url,
      PEC_IMAP_PASSWORD: dovecot.password,
      PEC_IMAP_POLL_SECONDS: '5',
    });
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
    await dovecot?.destroy();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  /** The provider delivers to CMM's mailbox (IMAP APPEND). */
  const deliver = async (raw: Buffer) => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    await client.append('INBOX', raw);
    await client.logout();
  };
  const pec = (sender: string, subject: string, text: string) =>
    buildPecEnvelope({
      sender,
      recipient: CMM_PEC,
      subject,
      text,
      sentAt: new Date('2026-11-20T08:30:00Z'),
      attachments: [{ filename: 'relazione-geologica.pdf', content: MINIMAL_PDF('relazione geologica'), contentType: 'application/pdf' }],
    });
  const inboundRow = (messageId: string) =>
    waitUntil(async () => {
      const [row] = await db.dataSource.query('SELECT * FROM pec_inbound_messages WHERE message_id = $1', [messageId]);
      return row ?? false;
    }, 60_000);

  const evaluation = async (): Promise<{ caseId: string; reference: string }> => {
    const upload = await http()
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adopted-act')
      .field('title', 'Delibera di adozione')
      .attach('file', MINIMAL_PDF(`delibera ${Math.random()}`), { filename: 'delibera.pdf', contentType: 'application/pdf' })
      .expect(201);
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send({
        actType: 'variante-pgt',
        deliberation: { number: String(Math.floor(Math.random() * 1e6)), date: '2026-10-30' },
        description: 'Variante al PGT',
        declaresSupraMunicipalRelevance: false,
        uploads: { adoptedAct: upload.body.uploadId },
      })
      .expect(201);
    return { caseId: submitted.body.caseId, reference: submitted.body.reference };
  };
  const stateOf = async (caseId: string) =>
    (await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.state as string;

  it("takes a municipality's PEC naming its case as the answer to the integration request", async () => {
    const { caseId, reference } = await evaluation();
    await http()
      .post(`/compatibility-evaluations/${caseId}/integration-requests`)
      .set('Authorization', tokens.officer)
      .send({ missing: ['Relazione geologica'], note: 'Integrare la componente geologica' })
      .expect(200);

    const answer = await pec(PEC_MILANO, `Risposta alla richiesta di integrazioni – pratica ${reference}`, 'In allegato la relazione.');
    await deliver(answer.raw);
    const row = await inboundRow(answer.envelopeMessageId);
    expect(row).toMatchObject({ status: 'filed', case_id: caseId, istat_code: MILANO });

    const update = await waitUntil(async () => {
      const [u] = await db.dataSource.query('SELECT status, outcome FROM pec_workflow_updates WHERE id = $1', [row.id]);
      return u?.status !== 'pending' ? u : false;
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; the notifier logged:\n${notifier.output().slice(-3000)}`);
    });
    expect(update).toEqual({ status: 'done', outcome: 'accepted' });
    expect(await stateOf(caseId)).toBe('awaiting-completeness-check');

    const { body: timeline } = await http().get(`/cases/${caseId}/timeline`).set('Authorization', tokens.officer).expect(200);
    const types = (timeline.items as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['pec-received', 'submit-integration']));
    const { body: documents } = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.comune).expect(200);
    expect((documents.items as { kind: string }[]).map((d) => d.kind).filter((k) => k.startsWith('pec-inbound'))).toEqual([
      'pec-inbound',
      'pec-inbound-attachment',
    ]);

    // A second PEC on the same case, with no integration pending: filed, and the workflow's refusal kept.
    const late = await pec(PEC_MILANO, `Ulteriore nota – pratica ${reference}`, 'Nota.');
    await deliver(late.raw);
    const lateRow = await inboundRow(late.envelopeMessageId);
    expect(lateRow).toMatchObject({ status: 'filed', case_id: caseId });
    const refused = await waitUntil(async () => {
      const [u] = await db.dataSource.query('SELECT status, outcome FROM pec_workflow_updates WHERE id = $1', [lateRow.id]);
      return u?.status === 'refused' ? u : false;
    }, 60_000);
    expect(refused.outcome).toMatch(/integration-requested/);
    expect(await stateOf(caseId)).toBe('awaiting-completeness-check');
  });

  it('lets officers list, read, file and archive the PEC waiting in triage; others get 403; refusals change nothing', async () => {
    const { caseId, reference } = await evaluation();
    const stranger = await pec('studio.rossi@pec.example.it', `Pratica ${reference}: richiesta di accesso`, 'Chiedo accesso agli atti.');
    const other = await pec('associazione@pec.example.it', 'Segnalazione generica', 'Segnalazione.');
    await deliver(stranger.raw);
    await deliver(other.raw);
    const first = await inboundRow(stranger.envelopeMessageId);
    const second = await inboundRow(other.envelopeMessageId);

    await http().get('/pec-inbox').set('Authorization', tokens.comune).expect(403);
    await http().get('/pec-inbox').set('Authorization', tokens.mayor).expect(403);
    await http().post(`/pec-inbox/${first.id}/archive`).set('Authorization', tokens.comune).send({ reason: 'Non pertinente' }).expect(403);
    const { body: list } = await http().get('/pec-inbox').set('Authorization', tokens.officer).expect(200);
    const ids = (list.items as { id: string }[]).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
    const { body: detail } = await http().get(`/pec-inbox/${first.id}`).set('Authorization', tokens.manager).expect(200);
    expect(detail).toMatchObject({
      status: 'triage',
      sender: 'studio.rossi@pec.example.it',
      certifiedSentAt: '2026-11-20T08:30:00.000Z',
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      reason: {
        it: 'il mittente studio.rossi@pec.example.it non è la PEC di un Comune registrato',
        en: 'sender studio.rossi@pec.example.it is not the PEC of a municipality on file',
      },
    });
    expect((detail.parts as { role: string; filename: string }[]).map((p) => [p.role, p.filename])).toEqual([
      ['postacert', 'postacert.eml'],
      ['attachment', 'relazione-geologica.pdf'],
    ]);
    const part = await http().get(`/pec-inbox/${first.id}/parts/1`).set('Authorization', tokens.officer).buffer(true).expect(200);
    expect(part.headers['content-type']).toBe('application/pdf');
    await http().get(`/pec-inbox/${first.id}/parts/7`).set('Authorization', tokens.officer).expect(404);

    const snapshot = async () => ({
      message: (await db.dataSource.query('SELECT status, case_id FROM pec_inbound_messages WHERE id = $1', [first.id]))[0],
      documents: Number((await db.dataSource.query('SELECT count(*) FROM documents WHERE case_id = $1', [caseId]))[0].count),
    });
    const before = await snapshot();
    const malformed = await http()
      .post(`/pec-inbox/${first.id}/filing`)
      .set('Authorization', tokens.officer)
      .send({ caseReference: 'pratica 12' })
      .expect(422);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    expect(malformed.body['invalid-params']).toEqual([expect.objectContaining({ name: 'caseReference', rule: 'caseReference' })]);
    const unknown = await http()
      .post(`/pec-inbox/${first.id}/filing`)
      .set('Authorization', tokens.officer)
      .send({ caseReference: 'VC-2026-999999' })
      .expect(422);
    expect(unknown.body['invalid-params']).toEqual([expect.objectContaining({ name: 'caseReference', rule: 'existingCase' })]);
    await http().post(`/pec-inbox/${first.id}/filing`).set('Authorization', tokens.officer).send({}).expect(400);
    await http()
      .post('/pec-inbox/00000000-0000-4000-8000-000000000000/filing')
      .set('Authorization', tokens.officer)
      .send({ caseReference: reference })
      .expect(404);
    await http().post(`/pec-inbox/${first.id}/archive`).set('Authorization', tokens.officer).send({ reason: 'no' }).expect(400);
    expect(await snapshot()).toEqual(before);

    const { body: filed } = await http()
      .post(`/pec-inbox/${first.id}/filing`)
      .set('Authorization', tokens.officer)
      .send({ caseReference: reference })
      .expect(200);
    expect(filed).toMatchObject({ status: 'filed', caseId, caseReference: reference, filedBy: 'funzionaria-1' });
    const after = await snapshot();
    expect(after.documents).toBe(before.documents + 2);
    // Filed by an officer, not the municipality: no workflow Update is queued for a stranger's PEC.
    expect(await db.dataSource.query('SELECT 1 FROM pec_workflow_updates WHERE id = $1', [first.id])).toEqual([]);
    await http().post(`/pec-inbox/${first.id}/filing`).set('Authorization', tokens.officer).send({ caseReference: reference }).expect(409);

    const { body: archived } = await http()
      .post(`/pec-inbox/${second.id}/archive`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'Segnalazione non riferita a procedimenti in corso' })
      .expect(200);
    expect(archived).toMatchObject({ status: 'archived', archivedBy: 'funzionaria-1' });
    await http()
      .post(`/pec-inbox/${second.id}/archive`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'Di nuovo archiviata' })
      .expect(409);
    const { body: remaining } = await http().get('/pec-inbox').set('Authorization', tokens.officer).expect(200);
    expect((remaining.items as { id: string }[]).map((m) => m.id)).not.toEqual(expect.arrayContaining([first.id]));
    const { body: archivedList } = await http().get('/pec-inbox?status=archived').set('Authorization', tokens.officer).expect(200);
    expect((archivedList.items as { id: string }[]).map((m) => m.id)).toContain(second.id);
  });
});
