// A municipality files its adhesion deliberation, the officer asks for a correction, the
// municipality answers, the officer registers it: the municipality then adheres, its
// commitments are in the Fund ledger and the notices reach its PEC. Through HTTP, on real
// PostgreSQL, the Temporal dev server, a worker with the production bundle, and the notifier.
import { randomUUID } from 'node:crypto';
import { createApp } from '../../apps/api/src/create-app';
import { AdhesionRepository } from '@cmm/persistence';
import { type TestDatabase, type TestIssuer, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { documentOfAnotherCase, procedureEvents } from './support/foreign-document';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

const RHO = '015182';
const PEC_RHO = 'protocollo@pec.comune.rho.mi.it';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
const romeToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

describe('adhesion to the STTM and the Fund through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [RHO]: PEC_RHO });
    const taskQueue = uniqueTaskQueue('e2e-adhesion');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test' });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({
      subject: 'ut-rho',
      role: 'comune',
      istatCode: RHO,
      name: 'Ufficio tecnico',
      email: 'ut@comune.rho.test',
    });
    tokens.other = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: '015146' });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    const documentsDir = await createDocumentsDir();
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

  const upload = async (title: string) => {
    const response = await http()
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adhesion-deliberation')
      .field('title', title)
      .attach('file', MINIMAL_PDF(title), { filename: 'delibera-adesione.pdf', contentType: 'application/pdf' })
      .expect(201);
    return response.body.uploadId as string;
  };

  const submission = (deliberation: string, overrides: Record<string, unknown> = {}) => ({
    deliberation: { number: '12', date: '2026-03-02' },
    sttm: [3, 1],
    adhesionCase: 'd',
    commitments: [
      {
        kind: 'fund-contribution',
        legalBasis: 'LR 12/2005 art. 43 c.2-bis',
        amountCents: 2_500_000,
        description: 'Quota 2026 dei contributi aggiuntivi',
        dueDate: '2026-12-31',
      },
      { kind: 'obligation', description: 'Messa a disposizione dei dati del PGT' },
    ],
    uploads: { deliberation },
    ...overrides,
  });

  it('refuses a contribution to the Fund without its legal basis, naming the field and the rule, and opens nothing', async () => {
    const deliberation = await upload('Delibera di Consiglio n. 11');
    const response = await http()
      .post('/adhesions')
      .set('Authorization', tokens.comune)
      .send(
        submission(deliberation, {
          deliberation: { number: '11', date: '2026-03-01' },
          commitments: [{ kind: 'fund-contribution', amountCents: 100, description: 'Quota' }],
        }),
      )
      .expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body['invalid-params']).toEqual([
      expect.objectContaining({ name: 'commitments.0.legalBasis', rule: 'requiredForFundContribution' }),
    ]);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM cases');
    expect(count).toBe(0);
  });

  it('refuses a deliberation that is not one of its own uploads, naming the field, and opens nothing', async () => {
    const someoneElses = randomUUID();
    const response = await http()
      .post('/adhesions')
      .set('Authorization', tokens.comune)
      .send(submission(someoneElses, { deliberation: { number: '10', date: '2026-02-27' } }))
      .expect(422);
    expect(response.body['invalid-params']).toEqual([
      {
        name: 'uploads.deliberation',
        rule: 'knownUpload',
        reason: `${someoneElses} non è un file caricato da questo Comune (usare prima POST /uploads)`,
      },
    ]);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM cases');
    expect(count).toBe(0);
  });

  it('files, corrects and registers the adhesion: the municipality adheres and its commitments are in the ledger', async () => {
    const deliberation = await upload('Delibera di Consiglio n. 12');
    const submitted = await http().post('/adhesions').set('Authorization', tokens.comune).send(submission(deliberation)).expect(201);
    expect(submitted.body).toMatchObject({
      reference: expect.stringMatching(/^AD-\d{4}-\d{6}$/),
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      created: true,
    });
    const { caseId } = submitted.body;
    const again = await http().post('/adhesions').set('Authorization', tokens.comune).send(submission(deliberation)).expect(200);
    expect(again.body).toMatchObject({ caseId, protocolNumber: submitted.body.protocolNumber, created: false });

    await http().get(`/adhesions/${caseId}`).set('Authorization', tokens.other).expect(404);
    await http().post(`/adhesions/${caseId}/registration`).set('Authorization', tokens.comune).expect(403);
    expect((await http().get(`/adhesions/${caseId}`).set('Authorization', tokens.comune).expect(200)).body).toMatchObject({
      state: 'under-review',
      sttm: [1, 3],
      fund: true,
    });

    await http()
      .post(`/adhesions/${caseId}/correction-requests`)
      .set('Authorization', tokens.officer)
      .send({ corrections: ['Allegare il dispositivo firmato'] })
      .expect(200);
    const early = await http().post(`/adhesions/${caseId}/registration`).set('Authorization', tokens.officer).expect(409);
    expect(early.body).toMatchObject({ state: 'corrections-requested' });
    // Corrections cite documents of this adhesion only: 422 naming the field, nothing recorded.
    const foreign = await documentOfAnotherCase(db.dataSource, http, tokens.officer);
    const stepsBefore = await procedureEvents(http, caseId, tokens.officer);
    const foreignCorrections = await http()
      .post(`/adhesions/${caseId}/corrections`)
      .set('Authorization', tokens.comune)
      .send({ note: 'Allegato', documentIds: [foreign] })
      .expect(422);
    expect(foreignCorrections.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentIds.0', rule: 'caseDocument' })]);
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    expect((await http().get(`/adhesions/${caseId}`).set('Authorization', tokens.comune).expect(200)).body.state).toBe(
      'corrections-requested',
    );
    await http()
      .post(`/adhesions/${caseId}/corrections`)
      .set('Authorization', tokens.comune)
      .send({ note: 'Allegato il dispositivo', documentIds: [] })
      .expect(200);

    expect((await new AdhesionRepository(db.dataSource).statusOn(RHO, romeToday())).adhering).toBe(false);
    const registered = await http().post(`/adhesions/${caseId}/registration`).set('Authorization', tokens.officer).expect(200);
    expect(registered.body).toMatchObject({
      state: 'registered',
      registration: { effectiveFrom: romeToday(), protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/) },
    });
    expect(await new AdhesionRepository(db.dataSource).statusOn(RHO, romeToday())).toEqual({ adhering: true, sttm: [1, 3], fund: true });

    // The commitments, with their act, seen by the municipality through the Fund API.
    const commitments = await http().get('/fund/commitments').set('Authorization', tokens.comune).expect(200);
    expect(commitments.body.items).toEqual([
      expect.objectContaining({
        istatCode: RHO,
        amountCents: 2_500_000,
        paidCents: 0,
        caseId,
        actReference: 'Delibera n. 12 del 02/03/2026',
      }),
      expect.objectContaining({ istatCode: RHO, kind: 'obligation', amountCents: null }),
    ]);
    const transaction = await http()
      .get(`/fund/transactions/${registered.body.registration.ledgerTransactionId}`)
      .set('Authorization', tokens.comune)
      .expect(200);
    expect(transaction.body).toMatchObject({
      actType: 'adhesion',
      caseId,
      entries: [
        { istatCode: RHO, side: 'debit', amount: 2_500_000 },
        { istatCode: null, side: 'credit', amount: 2_500_000 },
      ],
    });
    await http()
      .get(`/fund/transactions/${registered.body.registration.ledgerTransactionId}`)
      .set('Authorization', tokens.other)
      .expect(404);

    // Withdrawing after registration is refused (closed case); the outbound registration is in the register.
    await http().post(`/adhesions/${caseId}/withdrawal`).set('Authorization', tokens.comune).send({ reason: 'ripensamento' }).expect(409);
    const entries: { direction: string }[] = await db.dataSource.query(
      'SELECT direction FROM registry_entries WHERE case_id = $1 ORDER BY number',
      [caseId],
    );
    expect(entries.map((e) => e.direction)).toEqual(['in', 'out']);

    // Receipt, correction request and registration reach the municipality's PEC, in Italian.
    const received = await waitUntil(
      () => (notifier.peer.received.filter((m) => m.to.includes(PEC_RHO)).length >= 3 ? notifier.peer.received : undefined),
      60_000,
      'three notices to the PEC of Rho',
    );
    const mails = await Promise.all(received.filter((m) => m.to.includes(PEC_RHO)).map((m) => m.parse()));
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `Adesione registrata – pratica ${submitted.body.reference}`,
        `Adesione: richiesta di correzioni – pratica ${submitted.body.reference}`,
        `Ricevuta la documentazione – pratica ${submitted.body.reference}`,
      ].sort(),
    );
    expect(mails.find((m) => m.subject?.startsWith('Adesione registrata'))?.text).toContain('Fondo perequativo metropolitano');
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
  });
});
