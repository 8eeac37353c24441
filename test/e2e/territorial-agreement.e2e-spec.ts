// Three municipalities and CMM negotiate a territorial agreement through HTTP: a party
// refuses, the officer redrafts, all sign with digitally signed documents, the agreement
// comes into force. Real PostgreSQL, Redis, Temporal dev server, worker, notifier and SMTP peer.
import { createApp } from '../../apps/api/src/create-app';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  signedTestP7m,
  signedTestPdf,
  startDevServerWorker,
  uniqueTaskQueue,
} from '@cmm/test-support';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { documentOfAnotherCase, procedureEvents } from './support/foreign-document';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

const ROZZANO = '015189';
const ASSAGO = '015011';
const OPERA = '015159';
const PEC: Record<string, string> = {
  [ROZZANO]: 'protocollo@pec.comune.rozzano.mi.it',
  [ASSAGO]: 'protocollo@pec.comune.assago.mi.it',
  [OPERA]: 'protocollo@pec.comune.opera.mi.it',
};
const OFFICERS = 'pianificazione@cmm.test';
const PDF = (text: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\n${'%'.repeat(600)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');
describe('territorial agreement through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities(PEC);
    const taskQueue = uniqueTaskQueue('e2e-agreement');
    const documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: OFFICERS, documentsDir });
    issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    tokens.rozzano = await issuer.bearer({ subject: 'sindaco-rozzano', role: 'mayor_office', istatCode: ROZZANO });
    tokens.assago = await issuer.bearer({ subject: 'ut-assago', role: 'comune', istatCode: ASSAGO });
    tokens.opera = await issuer.bearer({ subject: 'sindaco-opera', role: 'mayor_office', istatCode: OPERA });
    tokens.milano = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: '015146' });
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
  const upload = async (caseId: string, token: string, kind: string, content: Buffer, filename: string) => {
    const response = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', token)
      .field('kind', kind)
      .field('title', filename)
      .attach('file', content, { filename })
      .expect(201);
    return response.body.documentId as string;
  };
  const sign = (caseId: string, token: string, documentId: string, draftVersion: number) =>
    http().post(`/territorial-agreements/${caseId}/signatures`).set('Authorization', token).send({ documentId, draftVersion });

  it('refuses a start naming municipalities outside CMM or fewer than two, and changes nothing', async () => {
    const outside = await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Prova', municipalities: [ROZZANO, '097001'], metropolitanExternalities: false })
      .expect(422);
    expect(outside.body['invalid-params']).toEqual([expect.objectContaining({ name: 'municipalities.1', rule: 'cmmMunicipality' })]);
    await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Prova', municipalities: [ROZZANO, ROZZANO], metropolitanExternalities: false })
      .expect(400);
    await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.rozzano)
      .send({ subject: 'Prova', municipalities: [ROZZANO, ASSAGO], metropolitanExternalities: false })
      .expect(403);
    const [{ count }] = await db.dataSource.query("SELECT count(*)::int AS count FROM cases WHERE type = 'territorial-agreement'");
    expect(count).toBe(0);
  });

  it('negotiates, renegotiates after a refusal and comes into force once every party has signed', async () => {
    const body = {
      subject: 'Polo logistico di Rozzano: esternalità sulla viabilità sovracomunale',
      municipalities: [ROZZANO, ASSAGO, OPERA],
      metropolitanExternalities: true,
    };
    const started = await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.officer)
      .set('Idempotency-Key', 'conferenza-2026-17')
      .send(body)
      .expect(201);
    expect(started.body).toMatchObject({ reference: expect.stringMatching(/^AT-\d{4}-\d{6}$/), created: true });
    const { caseId } = started.body;
    const again = await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.officer)
      .set('Idempotency-Key', 'conferenza-2026-17')
      .send(body)
      .expect(200);
    expect(again.body).toMatchObject({ caseId, created: false });

    // Parties see the agreement as their own; another municipality does not even see it exists.
    await http().get(`/territorial-agreements/${caseId}`).set('Authorization', tokens.assago).expect(200);
    await http().get(`/territorial-agreements/${caseId}`).set('Authorization', tokens.milano).expect(404);
    await sign(caseId, tokens.milano, '6f1c1d9e-4b7a-4c2e-9a51-0c1f6d3b2a10', 1).expect(404);

    const draft1 = await upload(caseId, tokens.officer, 'agreement-draft', PDF('bozza 1'), 'bozza-accordo-v1.pdf');
    // A draft or a signature cites documents of this agreement only: 422 naming the field, nothing recorded.
    const foreign = await documentOfAnotherCase(db.dataSource, http, tokens.officer);
    const stepsBefore = await procedureEvents(http, caseId, tokens.officer);
    const foreignDraft = await http()
      .post(`/territorial-agreements/${caseId}/drafts`)
      .set('Authorization', tokens.officer)
      .send({ documentIds: [draft1, foreign] })
      .expect(422);
    expect(foreignDraft.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentIds.1', rule: 'caseDocument' })]);
    const foreignSignature = await sign(caseId, tokens.manager, foreign, 1).expect(422);
    expect(foreignSignature.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentId', rule: 'caseDocument' })]);
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    expect((await http().get(`/territorial-agreements/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.state).toBe(
      'drafting',
    );
    await http()
      .post(`/territorial-agreements/${caseId}/drafts`)
      .set('Authorization', tokens.officer)
      .send({ documentIds: [draft1] })
      .expect(200);
    const commitments = [
      {
        party: ROZZANO,
        kind: 'fund-contribution',
        legalBasis: 'LR 12/2005 art. 43 c.2-bis',
        amountCents: 15_000_000,
        description: 'Quota dei contributi aggiuntivi al Fondo',
        dueDate: '2027-06-30',
      },
      {
        party: ASSAGO,
        kind: 'diffusion-balancing',
        amountCents: 4_000_000,
        description: 'Mitigazione del traffico sulla SP 139',
        dueDate: '2027-03-31',
      },
      { party: 'cmm', kind: 'obligation', description: 'Monitoraggio annuale degli effetti' },
    ];
    const notParty = await http()
      .post(`/territorial-agreements/${caseId}/commitments`)
      .set('Authorization', tokens.officer)
      .send({ commitments: [{ ...commitments[0], party: '015146' }] })
      .expect(422);
    expect(notParty.body.detail).toMatch(/commitments\[0\]\.party: 015146 non è parte dell'accordo/);
    // What the Fund ledger would refuse when the agreement comes into force is refused now, field by field.
    const unpostable = await http()
      .post(`/territorial-agreements/${caseId}/commitments`)
      .set('Authorization', tokens.officer)
      .send({
        commitments: [
          { ...commitments[0], amountCents: 0 },
          { ...commitments[1], dueDate: '2027-02-30' },
        ],
      })
      .expect(400);
    expect(unpostable.body['invalid-params'].map((p: { name: string }) => p.name).sort()).toEqual([
      'commitments.0.amountCents',
      'commitments.1.dueDate',
    ]);
    await http()
      .post(`/territorial-agreements/${caseId}/commitments`)
      .set('Authorization', tokens.officer)
      .send({ commitments })
      .expect(200);
    const sent = await http().post(`/territorial-agreements/${caseId}/send-for-signature`).set('Authorization', tokens.officer).expect(200);
    expect(sent.body).toMatchObject({
      state: 'awaiting-signatures',
      signatureTerm: { ruleId: 'territorial-agreement.signature', status: 'running' },
    });

    // An unsigned PDF is not a signature; a PAdES PDF is.
    const unsigned = await upload(caseId, tokens.rozzano, 'agreement-signature', PDF('non firmato'), 'accordo-rozzano.pdf');
    const refusedSignature = await sign(caseId, tokens.rozzano, unsigned, 1).expect(422);
    expect(refusedSignature.body['invalid-params']).toEqual([
      expect.objectContaining({
        name: 'documentId',
        rule: 'signedAct',
        reason: expect.stringMatching(/^l'atto deve essere firmato digitalmente: il PDF non reca alcuna firma digitale/),
      }),
    ]);
    const signedRozzano = await upload(
      caseId,
      tokens.rozzano,
      'agreement-signature',
      await signedTestPdf('firmato Rozzano'),
      'accordo-rozzano-firmato.pdf',
    );
    await sign(caseId, tokens.rozzano, signedRozzano, 1).expect(200);
    await sign(caseId, tokens.officer, signedRozzano, 1).expect(403);

    const refusal = await http()
      .post(`/territorial-agreements/${caseId}/refusals`)
      .set('Authorization', tokens.assago)
      .send({ reasons: 'La quota di riequilibrio non è sostenibile per il bilancio comunale', draftVersion: 1 })
      .expect(200);
    expect(refusal.body).toMatchObject({ state: 'renegotiation' });

    const draft2 = await upload(caseId, tokens.officer, 'agreement-draft', PDF('bozza 2'), 'bozza-accordo-v2.pdf');
    await http()
      .post(`/territorial-agreements/${caseId}/drafts`)
      .set('Authorization', tokens.officer)
      .send({ documentIds: [draft2], note: 'Quota ridotta' })
      .expect(200);
    await http().post(`/territorial-agreements/${caseId}/send-for-signature`).set('Authorization', tokens.officer).expect(200);
    const outdated = await sign(caseId, tokens.rozzano, signedRozzano, 1).expect(409);
    expect(outdated.body.detail).toMatch(/non è più attuale/);

    const signatures: [string, Buffer, string][] = [
      [tokens.rozzano, await signedTestPdf('v2 Rozzano'), 'accordo-v2-rozzano.pdf'],
      [tokens.assago, await signedTestP7m('v2 Assago'), 'accordo-v2-assago.pdf.p7m'],
      [tokens.opera, await signedTestPdf('v2 Opera'), 'accordo-v2-opera.pdf'],
      [tokens.manager, await signedTestP7m('v2 CMM'), 'accordo-v2-cmm.pdf.p7m'],
    ];
    let last: request.Response | null = null;
    for (const [token, content, filename] of signatures) {
      const documentId = await upload(caseId, token, 'agreement-signature', content, filename);
      last = await sign(caseId, token, documentId, 2).expect(200);
    }
    expect(last?.body).toMatchObject({ state: 'in-force', conclusion: { outcome: 'in-force' } });
    expect(
      last?.body.parties.map((p: { party: string; signature: { by: { subject: string } } }) => `${p.party}:${p.signature.by.subject}`),
    ).toEqual([`${ROZZANO}:sindaco-rozzano`, `${ASSAGO}:ut-assago`, `${OPERA}:sindaco-opera`, 'cmm:dirigente-1']);

    const stored = await db.dataSource.query(
      'SELECT party, kind, legal_basis, amount_cents::int AS amount, due_date::text AS due, ledger_posted_at IS NOT NULL AS posted FROM agreement_commitments WHERE agreement_case_id = $1 ORDER BY position',
      [caseId],
    );
    expect(stored).toEqual([
      {
        party: ROZZANO,
        kind: 'fund-contribution',
        legal_basis: 'LR 12/2005 art. 43 c.2-bis',
        amount: 15_000_000,
        due: '2027-06-30',
        posted: true,
      },
      { party: ASSAGO, kind: 'diffusion-balancing', legal_basis: null, amount: 4_000_000, due: '2027-03-31', posted: true },
      { party: 'cmm', kind: 'obligation', legal_basis: null, amount: null, due: null, posted: true },
    ]);
    // In force, the commitments are Fund ledger entries: each party's commitments account owes its amount.
    const ledger = await http().get('/fund/commitments').query({ caseId }).set('Authorization', tokens.officer).expect(200);
    expect(ledger.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          istatCode: ROZZANO,
          amountCents: 15_000_000,
          legalBasis: 'LR 12/2005 art. 43 c.2-bis',
          dueDate: '2027-06-30',
        }),
        expect.objectContaining({ istatCode: ASSAGO, amountCents: 4_000_000, kind: 'diffusion-balancing' }),
      ]),
    );
    const deadlines = await db.dataSource.query(
      'SELECT rule_id, status, due_date::text AS due FROM deadlines WHERE case_id = $1 ORDER BY rule_id, due_date',
      [caseId],
    );
    expect(deadlines.map((d: { rule_id: string; status: string; due: string }) => `${d.rule_id}:${d.status}`)).toEqual([
      'territorial-agreement.commitment-due:running',
      'territorial-agreement.commitment-due:running',
      'territorial-agreement.signature:cancelled',
      'territorial-agreement.signature:met',
    ]);
    const [outbound] = await db.dataSource.query(
      "SELECT correspondent, subject FROM registry_entries WHERE case_id = $1 AND direction = 'out'",
      [caseId],
    );
    expect(outbound.correspondent).toMatch(/^Comuni di .*Assago.*Opera.*Rozzano/);

    // Notices: the text to sign twice to every party (and to CMM), the refusal to the officers, the entry into force to all.
    const notices: { template_id: string; recipients: string }[] = await db.dataSource.query(
      `SELECT n.template_id, string_agg(d.recipient_address, ',' ORDER BY d.recipient_address) AS recipients FROM notifications n
         JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.case_id = $1 GROUP BY n.id, n.template_id ORDER BY min(n.created_at), n.template_id`,
      [caseId],
    );
    const parties = Object.values(PEC).sort().join(',');
    expect(notices.map((n) => `${n.template_id}→${n.recipients}`).sort()).toEqual(
      [
        `agreement-to-sign→${parties}`,
        `agreement-to-sign→${OFFICERS}`,
        `agreement-refused→${OFFICERS}`,
        `agreement-to-sign→${parties}`,
        `agreement-to-sign→${OFFICERS}`,
        `agreement-in-force→${parties}`,
        `agreement-in-force→${OFFICERS}`,
      ].sort(),
    );
    // One message per recipient: 2 rounds × (3 PEC + CMM), the refusal, the entry into force to 3 PEC + CMM.
    const expected = 2 * 4 + 1 + 4;
    const received = await waitUntil(
      () => (notifier.peer.received.length >= expected ? notifier.peer.received : undefined),
      60_000,
      `${expected} notices at the SMTP peer`,
    );
    const mails = await Promise.all(received.map((message) => message.parse()));
    const toAssago = mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === PEC[ASSAGO]).map((m) => m.subject);
    expect(toAssago).toEqual(
      expect.arrayContaining([
        `Accordo territoriale da sottoscrivere – pratica ${started.body.reference}`,
        `Accordo territoriale in vigore – pratica ${started.body.reference}`,
      ]),
    );
    expect(
      mails.some(
        (m) =>
          m.subject === `Accordo territoriale non sottoscritto da una parte – pratica ${started.body.reference}` &&
          m.text?.includes('Comune di Assago'),
      ),
    ).toBe(true);
    await http()
      .post(`/territorial-agreements/${caseId}/withdrawal`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'tardi' })
      .expect(409);
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
  });
});
