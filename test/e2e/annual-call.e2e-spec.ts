// An officer opens the year's annual call through HTTP, an adhering municipality proposes, a
// non-adhering one is refused, and after the window the ranking is approved and published: the
// API, a worker with the production bundle, the real notifier and an SMTP peer, on real
// PostgreSQL and Redis. Temporal is the time-skipping test server (a real Temporal server whose
// clock the test moves), so the 60 days of the window pass in a moment.
import { createApp } from '../../apps/api/src/create-app';
import { buildActivityDeps, createActivities } from '@cmm/activities';
import { FsDocumentStorage } from '@cmm/documents';
import { formatCivilDate, romeDayOf } from '@cmm/legal-calendar';
import { AdhesionRepository } from '@cmm/persistence';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  createTimeSkippingEnv,
  openTestCase,
  pdfaViolations,
  startTimeSkippingWorker,
  testAnswerLinkSecret,
  uniqueTaskQueue,
  validatePdfa,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const RHO = '015182';
const PEC = (istat: string) => `protocollo@pec.${istat}.test`;
const DAY = 86_400_000;
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

describe('annual call through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let env: TestWorkflowEnvironment;
  let worker: Awaited<ReturnType<typeof startTimeSkippingWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC(MILANO), [ABBIATEGRASSO]: PEC(ABBIATEGRASSO) });
    const adhesionCase = await openTestCase(db.dataSource, { istatCode: MILANO, type: 'adhesion' });
    await new AdhesionRepository(db.dataSource).record({
      id: randomUUID(),
      caseId: adhesionCase.id,
      istatCode: MILANO,
      sttm: [1, 2],
      adhesionCase: 'a',
      fund: true,
      deliberation: { number: '12', date: '2024-02-20' },
      effectiveFrom: '2024-03-01',
      registeredBy: 'funzionaria-1',
    });
    const rhoAdhesion = await openTestCase(db.dataSource, { istatCode: RHO, type: 'adhesion' });
    await new AdhesionRepository(db.dataSource).record({
      id: randomUUID(),
      caseId: rhoAdhesion.id,
      istatCode: RHO,
      sttm: [3],
      adhesionCase: 'd',
      fund: true,
      deliberation: { number: '7', date: '2024-05-10' },
      effectiveFrom: '2024-05-20',
      registeredBy: 'funzionaria-1',
    });
    const documentsDir = await createDocumentsDir();
    const taskQueue = uniqueTaskQueue('e2e-annual-call');
    env = await createTimeSkippingEnv();
    worker = await startTimeSkippingWorker(
      env,
      taskQueue,
      createActivities(
        buildActivityDeps({
          dataSource: db.dataSource,
          workerIdentity: 'e2e',
          officersMailbox: 'pianificazione@cmm.test',
          publicUrl: 'http://cmm.test',
          documentStorage: new FsDocumentStorage(documentsDir),
          answerLinkSecret: testAnswerLinkSecret(),
        }),
      ),
    );
    issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager', name: 'Dirigente del settore' });
    tokens.milano = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO });
    tokens.abbiategrasso = await issuer.bearer({ subject: 'ut-abbiategrasso', role: 'comune', istatCode: ABBIATEGRASSO });
    tokens.rho = await issuer.bearer({ subject: 'ut-rho', role: 'comune', istatCode: RHO });
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: {
        ...process.env,
        ...issuer.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        DOCUMENTS_DIR: documentsDir,
      },
    });
    await app.init();
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await env?.teardown();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  it('publishes the call, takes an adhering municipality’s proposal, refuses a non-adhering one, and publishes the ranking', async () => {
    const year = Number(formatCivilDate(romeDayOf(await env.currentTimeMs())).slice(0, 4));
    await http().post('/annual-calls').set('Authorization', tokens.milano).send({ year }).expect(403);
    const badWeights = await http()
      .post('/annual-calls')
      .set('Authorization', tokens.officer)
      .send({ year, weights: { 'sttm-1': 50, 'sttm-2': 10, 'sttm-3': 10, 'art-19': 10 } })
      .expect(422);
    expect(badWeights.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(badWeights.body['invalid-params']).toEqual([expect.objectContaining({ name: 'weights', rule: 'callWeights' })]);

    const opened = await http().post('/annual-calls').set('Authorization', tokens.officer).send({ year }).expect(201);
    expect(opened.body).toMatchObject({
      reference: `AA-${year}-000001`,
      year,
      created: true,
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
    });
    const { caseId } = opened.body;
    const again = await http().post('/annual-calls').set('Authorization', tokens.officer).send({ year }).expect(200);
    expect(again.body).toMatchObject({ caseId, created: false });

    const upload = await http()
      .post('/uploads')
      .set('Authorization', tokens.milano)
      .field('kind', 'proposal')
      .field('title', 'Relazione tecnica')
      .attach('file', MINIMAL_PDF('relazione'), { filename: 'relazione.pdf', contentType: 'application/pdf' })
      .expect(201);
    const proposal = {
      year,
      kind: 'building-regeneration',
      title: 'Rigenerazione della ex caserma',
      description: 'Nuovi servizi di quartiere nella ex caserma',
      costCents: 2_500_000_00,
      cofinancingCents: 500_000_00,
      location: 'Piazza d’Armi',
      sttm: [1, 2],
      uploadIds: [upload.body.uploadId],
    };
    const refused = await http()
      .post('/annual-calls/proposals')
      .set('Authorization', tokens.abbiategrasso)
      .send({ ...proposal, uploadIds: [] })
      .expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(/non aderisce ad alcuno STTM/);
    const badAmount = await http()
      .post('/annual-calls/proposals')
      .set('Authorization', tokens.milano)
      .send({ ...proposal, cofinancingCents: 3_000_000_00 })
      .expect(422);
    expect(badAmount.body.detail).toMatch(/^cofinancingCents/);
    const submitted = await http().post('/annual-calls/proposals').set('Authorization', tokens.milano).send(proposal).expect(201);
    expect(submitted.body).toMatchObject({ caseId, proposalId: 'P-1', protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/) });

    // Milano is now a party of the call and sees its own proposal. Abbiategrasso, notified of the
    // call by PEC, reads the call and its notice, never Milano's proposal; Rho, with no PEC on
    // file, was not notified and does not see the call.
    const seen = await http().get(`/annual-calls/${caseId}`).set('Authorization', tokens.milano).expect(200);
    expect(seen.body).toMatchObject({ state: 'open', proposals: [expect.objectContaining({ id: 'P-1', istatCode: MILANO })] });
    await http().get(`/annual-calls/${caseId}/proposals/P-1`).set('Authorization', tokens.milano).expect(200);
    const notified = await http().get(`/annual-calls/${caseId}`).set('Authorization', tokens.abbiategrasso).expect(200);
    expect(notified.body).toMatchObject({ state: 'open', proposals: [] });
    await http().get(`/annual-calls/${caseId}/proposals/P-1`).set('Authorization', tokens.abbiategrasso).expect(404);
    const readable = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.abbiategrasso).expect(200);
    const readableDocs = (readable.body.items ?? readable.body) as { id: string; kind: string; versions: { version: number }[] }[];
    expect(readableDocs.map((d) => d.kind)).toEqual(['annual-call-notice']);
    await http()
      .get(`/cases/${caseId}/documents/${readableDocs[0].id}/versions/1/content`)
      .set('Authorization', tokens.abbiategrasso)
      .expect(200);
    const allDocs = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.officer).expect(200);
    const proposalDoc = ((allDocs.body.items ?? allDocs.body) as { id: string; kind: string }[]).find(
      (d) => d.kind !== 'annual-call-notice',
    );
    expect(proposalDoc).toBeDefined();
    await http()
      .get(`/cases/${caseId}/documents/${proposalDoc!.id}/versions/1/content`)
      .set('Authorization', tokens.abbiategrasso)
      .expect(404);
    await http().get(`/cases/${caseId}`).set('Authorization', tokens.abbiategrasso).expect(404);
    await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.abbiategrasso)
      .field('kind', 'note')
      .field('title', 'x')
      .expect(404);
    await http().get(`/annual-calls/${caseId}`).set('Authorization', tokens.rho).expect(404);
    await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.rho).expect(404);
    expect((await http().get('/annual-calls').set('Authorization', tokens.rho).expect(200)).body.items).toEqual([]);

    // Proposals compete: a second proposer sees the call's published acts and its own filings, never another's.
    const rhoUpload = await http()
      .post('/uploads')
      .set('Authorization', tokens.rho)
      .field('kind', 'proposal')
      .field('title', 'Scheda intervento')
      .attach('file', MINIMAL_PDF('scheda'), { filename: 'scheda.pdf', contentType: 'application/pdf' })
      .expect(201);
    await http()
      .post('/annual-calls/proposals')
      .set('Authorization', tokens.rho)
      .send({ ...proposal, kind: 'intervention', title: 'Polo logistico sostenibile', sttm: [3], uploadIds: [rhoUpload.body.uploadId] })
      .expect(201);
    const titlesFor = async (token: string) =>
      (
        (await http().get(`/cases/${caseId}/documents`).set('Authorization', token).expect(200)).body.items as {
          title: string;
          kind: string;
          documentId?: string;
          id?: string;
        }[]
      ).map((d) => d.title);
    const rhoSees = await titlesFor(tokens.rho);
    expect(rhoSees.some((t) => t.startsWith('P-2'))).toBe(true);
    expect(rhoSees.some((t) => t.startsWith('P-1'))).toBe(false);
    expect(rhoSees.length).toBeGreaterThan(1);
    const milanoSees = await titlesFor(tokens.milano);
    expect(milanoSees.some((t) => t.startsWith('P-2'))).toBe(false);
    const officerSees = await titlesFor(tokens.officer);
    expect(officerSees.filter((t) => /^P-[12] /.test(t))).toHaveLength(2);
    const all = (await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.officer).expect(200)).body.items as {
      id: string;
      title: string;
    }[];
    const milanoDocument = all.find((d) => d.title.startsWith('P-1'))!;
    await http().get(`/cases/${caseId}/documents/${milanoDocument.id}/versions/1/content`).set('Authorization', tokens.rho).expect(404);
    await http().get(`/cases/${caseId}/documents/${milanoDocument.id}/versions/1/content`).set('Authorization', tokens.milano).expect(200);

    // While the window is open Milano corrects its own proposal: registered like the proposal, answered with the call as
    // Milano sees it. Nobody else may correct it: a competing proposer and a notified municipality are told it does not exist.
    const { kind, description, cofinancingCents, location, sttm } = proposal;
    const correction = {
      kind,
      description,
      cofinancingCents,
      location,
      sttm,
      title: 'Rigenerazione della ex caserma, lotto unico',
      costCents: 2_700_000_00,
      uploadIds: [],
    };
    const badCorrection = await http()
      .put(`/annual-calls/${caseId}/proposals/P-1`)
      .set('Authorization', tokens.milano)
      .send({ ...correction, cofinancingCents: 3_000_000_00 })
      .expect(422);
    expect(badCorrection.body.detail).toMatch(/^cofinancingCents/);
    const corrected = await http()
      .put(`/annual-calls/${caseId}/proposals/P-1`)
      .set('Authorization', tokens.milano)
      .send(correction)
      .expect(200);
    expect(corrected.body.proposals).toEqual([
      expect.objectContaining({
        id: 'P-1',
        title: correction.title,
        costCents: 2_700_000_00,
        documentCount: 1,
        amendments: [{ protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/), at: expect.any(String) }],
      }),
    ]);
    expect(corrected.body.proposals[0].amendments[0].protocolNumber).not.toBe(submitted.body.protocolNumber);
    await http().put(`/annual-calls/${caseId}/proposals/P-1`).set('Authorization', tokens.rho).send(correction).expect(404);
    await http().put(`/annual-calls/${caseId}/proposals/P-1`).set('Authorization', tokens.abbiategrasso).send(correction).expect(404);
    await http().put(`/annual-calls/${caseId}/proposals/P-1`).set('Authorization', tokens.officer).send(correction).expect(403);

    // The call is listed to the municipalities it was notified to, and its window is on their list of things to do.
    expect((await http().get('/annual-calls').set('Authorization', tokens.abbiategrasso).expect(200)).body.items).toEqual([
      expect.objectContaining({ caseId, year, state: 'open' }),
    ]);
    const todo = await http()
      .get('/workspace/deadlines')
      .query({ obligor: 'third-party', state: 'running' })
      .set('Authorization', tokens.abbiategrasso)
      .expect(200);
    expect(todo.body.items).toEqual([expect.objectContaining({ caseId, ruleId: 'annual-call.submission-window' })]);

    // Sixty days later (and a little more) the window has closed: a late proposal is refused with the state.
    await env.sleep(63 * DAY);
    const late = await http()
      .post('/annual-calls/proposals')
      .set('Authorization', tokens.milano)
      .send({ ...proposal, title: 'Seconda proposta' })
      .expect(409);
    expect(late.body).toMatchObject({
      state: 'evaluation',
      detail: expect.stringMatching(/termine per la presentazione delle proposte è scaduto/),
    });
    const lateCorrection = await http()
      .put(`/annual-calls/${caseId}/proposals/P-1`)
      .set('Authorization', tokens.milano)
      .send(correction)
      .expect(409);
    expect(lateCorrection.body).toMatchObject({ state: 'evaluation', detail: expect.stringMatching(/non si possono più correggere/) });

    await http()
      .post(`/annual-calls/${caseId}/proposals/P-1/eligibility`)
      .set('Authorization', tokens.officer)
      .send({ eligible: true, reasons: 'Requisiti presenti' })
      .expect(200);
    await http()
      .post(`/annual-calls/${caseId}/proposals/P-2/eligibility`)
      .set('Authorization', tokens.officer)
      .send({ eligible: false, reasons: 'Manca il cronoprogramma' })
      .expect(200);
    const badScores = await http()
      .post(`/annual-calls/${caseId}/proposals/P-1/scores`)
      .set('Authorization', tokens.officer)
      .send({ scores: { 'sttm-1': 12 } })
      .expect(422);
    expect(badScores.body.detail).toMatch(/^scores\./);
    await http()
      .post(`/annual-calls/${caseId}/proposals/P-1/scores`)
      .set('Authorization', tokens.officer)
      .send({ scores: { 'sttm-1': 8, 'sttm-2': 7, 'sttm-3': 2, 'art-19': 9 } })
      .expect(200);
    await http().post(`/annual-calls/${caseId}/ranking/approval`).set('Authorization', tokens.officer).expect(403);
    await http().get(`/annual-calls/${caseId}/ranking`).set('Authorization', tokens.officer).expect(404);
    const approved = await http().post(`/annual-calls/${caseId}/ranking/approval`).set('Authorization', tokens.manager).expect(200);
    expect(approved.body).toMatchObject({
      state: 'ranking-published',
      ranking: [expect.objectContaining({ position: 1, proposalId: 'P-1', score: 65 })],
    });
    const ranking = await http().get(`/annual-calls/${caseId}/ranking`).set('Authorization', tokens.milano).expect(200);
    expect(ranking.body).toMatchObject({
      year,
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      tieBreak: [{ id: 'cofinancing-share' }, { id: 'protocol-order' }],
    });

    // The ranked list is a document of the case, downloadable like any other: a PDF/A act with the ranking as a table.
    const download = await http()
      .get(`/cases/${caseId}/documents/${ranking.body.documentId}/versions/1/content`)
      .set('Authorization', tokens.milano)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toMatch(/^application\/pdf/);
    const { act } = await validatePdfa({ act: download.body as Buffer }, { text: true });
    expect(pdfaViolations(act)).toEqual([]);
    const text = (act.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`Graduatoria dell'avviso annuale ex art. 14 NdA PTM – anno ${year}`);
    expect(text).toContain(`Protocollo generale n. ${ranking.body.protocolNumber}`);
    expect(text).toMatch(/1 Milano P-1 – Rigenerazione della ex/);

    // Both notices arrive by PEC: the call to every municipality with a PEC, the ranking to the proposer.
    const received = await waitUntil(
      async () => {
        const parsed = await Promise.all(notifier.peer.received.map((message) => message.parse()));
        const subjects = parsed.map((mail) => `${mail.subject} → ${mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : ''}`);
        return subjects.filter((s) => /avviso annuale|graduatoria/i.test(s)).length >= 3 ? { parsed, subjects } : undefined;
      },
      60_000,
      'the call and ranking notices at the SMTP peer',
    );
    expect(received.subjects.sort()).toEqual(
      expect.arrayContaining([
        `Pubblicato l'avviso annuale art. 14 NdA ${year} → ${PEC(ABBIATEGRASSO)}`,
        `Pubblicato l'avviso annuale art. 14 NdA ${year} → ${PEC(MILANO)}`,
        `Pubblicata la graduatoria dell'avviso annuale ${year} → ${PEC(MILANO)}`,
      ]),
    );
    const rankingMail = received.parsed.find((mail) => /graduatoria/i.test(mail.subject ?? ''));
    expect(rankingMail?.text).toContain('in posizione 1');
    // A notified municipality is not a party of the call's case: its notice opens the municipalities' call page, not the case page (404 for it).
    const callMail = received.parsed.find(
      (mail) =>
        /^Pubblicato l'avviso annuale/.test(mail.subject ?? '') &&
        !Array.isArray(mail.to) &&
        mail.to?.value[0].address === PEC(ABBIATEGRASSO),
    );
    expect(callMail?.text).toContain(`/comune/avviso-annuale/${caseId}`);
    expect(callMail?.text).not.toContain(`/pratiche/${caseId}`);
    expect(rankingMail?.text).toContain(`AA-${year}-000001`);
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
  });
});
