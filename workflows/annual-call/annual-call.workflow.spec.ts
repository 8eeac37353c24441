// A year's annual call on Temporal's time-skipping server, with the production activities on a
// real PostgreSQL database: five adhering municipalities submit, a late proposal and one from a
// municipality that does not adhere are refused with the reason, officers decide eligibility
// and score, a manager approves, and the ranking (with a tie decided by the rule) is published.
import { buildActivityDeps, createActivities } from '@cmm/activities';
import {
  type AnnualCallView,
  type ProposalFile,
  type SubmitProposalArgs,
  amendProposalUpdate,
  approveRankingUpdate,
  awaitCallRegistrationUpdate,
  getAnnualCallQuery,
  markEligibilityUpdate,
  scoreProposalUpdate,
  submitProposalUpdate,
} from '@cmm/contracts';
import { FsDocumentStorage } from '@cmm/documents';
import type { Actor } from '@cmm/domain';
import { computeRuleDeadline, formatCivilDate, romeDayOf } from '@cmm/legal-calendar';
import { AdhesionRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import {
  type TestDatabase,
  createTestDatabase,
  createTimeSkippingEnv,
  openTestCase,
  recordHistoryIfAsked,
  startTimeSkippingWorker,
  testAnswerLinkSecret,
  pdfaViolations,
  uniqueTaskQueue,
  updateRefusalOf,
  validatePdfa,
} from '@cmm/test-support';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const officer: Actor = { subject: 'funzionaria-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const manager: Actor = { subject: 'dirigente-1', name: 'Dirigente', email: 'dirigente@cmm.test', role: 'manager', istatCode: null };
// Five adhering municipalities and one that does not adhere (Vimodrone).
const ADHERING = ['015146', '015002', '015005', '015007', '015009'];
const NOT_ADHERING = '015242';
const comune = (istatCode: string): Actor => ({
  subject: `ut-${istatCode}`,
  name: 'Ufficio tecnico',
  email: `ut@${istatCode}.test`,
  role: 'comune',
  istatCode,
});
const romeDate = (ms: number) => formatCivilDate(romeDayOf(ms));

describe('annualCallWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Awaited<ReturnType<typeof startTimeSkippingWorker>>;
  let storage: FsDocumentStorage;
  const taskQueue = uniqueTaskQueue('annual-call');

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    await db.dataSource.query(`UPDATE municipalities SET pec = 'protocollo@pec.' || istat_code || '.test' WHERE istat_code = ANY($1)`, [
      [...ADHERING, NOT_ADHERING],
    ]);
    const adhesions = new AdhesionRepository(db.dataSource);
    for (const [i, istatCode] of ADHERING.entries()) {
      const adhesionCase = await openTestCase(db.dataSource, { istatCode, type: 'adhesion' });
      await adhesions.record({
        id: randomUUID(),
        caseId: adhesionCase.id,
        istatCode,
        // Milano adheres to all three strategies, the others to one or two.
        sttm: i === 0 ? [1, 2, 3] : i % 2 === 0 ? [1] : [2, 3],
        adhesionCase: 'a',
        fund: true,
        deliberation: { number: `${10 + i}`, date: '2024-03-01' },
        effectiveFrom: '2024-03-15',
        registeredBy: officer.subject,
      });
    }
    storage = new FsDocumentStorage(await mkdtemp(join(tmpdir(), 'cmm-call-documents-')));
    env = await createTimeSkippingEnv();
    worker = await startTimeSkippingWorker(
      env,
      taskQueue,
      createActivities(
        buildActivityDeps({
          dataSource: db.dataSource,
          workerIdentity: 'test',
          officersMailbox: 'pianificazione@cmm.test',
          publicUrl: 'http://cmm.test',
          answerLinkSecret: testAnswerLinkSecret(),
          documentStorage: storage,
        }),
      ),
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
    await db?.drop();
  });

  const file = async (title: string): Promise<ProposalFile> => {
    const staged = await storage.stage(Readable.from([Buffer.from(`%PDF-1.7\n% ${title}\n%%EOF\n`)]));
    const stored = await staged.commit();
    return {
      title,
      sha256: stored.sha256,
      sizeBytes: stored.size,
      contentType: 'application/pdf',
      filename: 'relazione.pdf',
      storageKey: stored.key,
    };
  };

  const proposal = async (istatCode: string, over: Partial<SubmitProposalArgs['proposal']> = {}): Promise<SubmitProposalArgs> => ({
    actor: comune(istatCode),
    proposal: {
      kind: 'intervention',
      title: `Riqualificazione dello spazio pubblico di ${istatCode}`,
      description: 'Rigenerazione di un’area dismessa con servizi di quartiere',
      costCents: 1_000_000_00,
      cofinancingCents: 200_000_00,
      location: 'Area ex scalo',
      sttm: [1],
      ...over,
    },
    files: [await file(`Relazione tecnica ${istatCode}`)],
  });

  const points = (a: number, b: number, c: number, d: number) => ({ 'sttm-1': a, 'sttm-2': b, 'sttm-3': c, 'art-19': d });

  it('runs a whole call: notice, five proposals, refusals with the reason, eligibility, scores and a ranking with a tie decided by the rule', async () => {
    const startedAt = await env.currentTimeMs();
    const year = Number(romeDate(startedAt).slice(0, 4));
    const handle = await env.client.workflow.start('annualCallWorkflow', {
      taskQueue,
      workflowId: `annual-call-${year}-${randomUUID()}`,
      args: [{ year, startedBy: officer }],
    });
    const registration = await handle.executeUpdate(awaitCallRegistrationUpdate);
    expect(registration).toMatchObject({
      reference: `AA-${year}-000001`,
      year,
      duplicate: false,
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
    });
    expect(registration.criteria.criteria.map((c) => `${c.id}:${c.weight}`)).toEqual(['sttm-1:25', 'sttm-2:25', 'sttm-3:25', 'art-19:25']);

    // The window: 60 days from the publication, by the legal calendar (milano: 7 December is not a filing day).
    const opened = await handle.query(getAnnualCallQuery);
    const due = computeRuleDeadline('annual-call.submission-window', romeDate(startedAt));
    expect(opened).toMatchObject({
      state: 'open',
      submissionWindow: { ruleId: 'annual-call.submission-window', dueDate: due.deadline, dueAt: due.dueAt },
    });
    expect(opened.publicationTerms).toEqual([expect.objectContaining({ ruleId: 'public-notice-board.publication' })]);
    const [notice] = await db.dataSource.query(
      `SELECT count(*)::int AS recipients, min(n.data->>'noticeProtocolNumber') AS protocol FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
        WHERE n.case_id = $1 AND n.template_id = 'annual-call-published'`,
      [registration.caseId],
    );
    expect(notice).toEqual({ recipients: 6, protocol: registration.protocolNumber });

    // A municipality that does not adhere on the day is refused with the reason, and nothing is registered.
    const notAdhering = await updateRefusalOf(handle.executeUpdate(submitProposalUpdate, { args: [await proposal(NOT_ADHERING)] }));
    expect(notAdhering).toEqual({
      code: 'forbidden',
      message: expect.stringContaining(`does not adhere to any STTM on ${romeDate(startedAt).split('-').reverse().join('/')}`),
    });
    expect(
      await updateRefusalOf(handle.executeUpdate(submitProposalUpdate, { args: [{ ...(await proposal(ADHERING[0])), actor: officer }] })),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(submitProposalUpdate, { args: [await proposal(ADHERING[0], { cofinancingCents: 2_000_000_00 })] }),
      ),
    ).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^cofinancingCents/),
    });

    // Four proposals in the first days; the fifth on the last day, an hour before the window closes.
    const receipts = [];
    receipts.push(
      await handle.executeUpdate(submitProposalUpdate, {
        args: [await proposal(ADHERING[0], { sttm: [1, 2], cofinancingCents: 500_000_00 })],
      }),
    );
    receipts.push(
      await handle.executeUpdate(submitProposalUpdate, {
        args: [await proposal(ADHERING[1], { sttm: [2], kind: 'building-regeneration' })],
      }),
    );
    receipts.push(await handle.executeUpdate(submitProposalUpdate, { args: [await proposal(ADHERING[2], { sttm: [1] })] }));
    await env.sleep(3 * DAY);
    // Milano corrects its proposal within the window: registered like a submission, documents added; another municipality may not.
    const correction = await proposal(ADHERING[0], {
      sttm: [1, 2],
      cofinancingCents: 500_000_00,
      title: 'Riqualificazione dello spazio pubblico, lotto unico',
    });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(amendProposalUpdate, { args: [{ ...correction, actor: comune(ADHERING[1]), proposalId: 'P-1' }] }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    const corrected = await handle.executeUpdate(amendProposalUpdate, {
      args: [{ ...correction, files: [await file('Cronoprogramma')], proposalId: 'P-1' }],
    });
    expect(corrected.proposals[0]).toMatchObject({
      title: 'Riqualificazione dello spazio pubblico, lotto unico',
      documentCount: 2,
      amendments: [{ protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/) }],
    });
    receipts.push(await handle.executeUpdate(submitProposalUpdate, { args: [await proposal(ADHERING[3], { sttm: [2] })] }));
    await env.sleep(Date.parse(due.dueAt) - HOUR - (await env.currentTimeMs()));
    receipts.push(await handle.executeUpdate(submitProposalUpdate, { args: [await proposal(ADHERING[4], { sttm: [1, 3] })] }));
    expect(receipts.map((r) => r.proposalId)).toEqual(['P-1', 'P-2', 'P-3', 'P-4', 'P-5']);
    expect(new Set(receipts.map((r) => r.protocolNumber)).size).toBe(5);

    // Two hours later the window has closed, at the end of its last day in Rome.
    await env.sleep(2 * HOUR);
    const late = await updateRefusalOf(
      handle.executeUpdate(submitProposalUpdate, { args: [await proposal(ADHERING[0], { title: 'Seconda proposta' })] }),
    );
    expect(late).toEqual({
      code: 'invalid-state',
      message: expect.stringContaining(`the submission window closed at the end of ${due.deadline.split('-').reverse().join('/')}`),
    });
    const evaluating = await handle.query(getAnnualCallQuery);
    expect(evaluating.state).toBe('evaluation');
    expect(evaluating.submissionWindow?.status).toBe('running');

    // Reminders before the window closed went to every municipality; proposers are parties of the call.
    const reminders = await db.dataSource.query(
      `SELECT payload->>'rung' AS rung FROM timeline_events WHERE case_id = $1 AND type = 'deadline-reminder' ORDER BY seq`,
      [registration.caseId],
    );
    expect(reminders.map((r: { rung: string }) => r.rung)).toEqual(['t-minus-7', 't-minus-2', 't0']);
    const parties = await db.dataSource.query('SELECT istat_code FROM case_parties WHERE case_id = $1 ORDER BY istat_code', [
      registration.caseId,
    ]);
    expect(parties.map((p: { istat_code: string }) => p.istat_code)).toEqual([...ADHERING].sort());
    const [{ status: windowStatus }] = await db.dataSource.query(
      `SELECT status FROM deadlines WHERE case_id = $1 AND rule_id = 'annual-call.submission-window'`,
      [registration.caseId],
    );
    expect(windowStatus).toBe('met');

    // Eligibility: four eligible; P-2 declared ineligible with its reasons.
    const decide = (proposalId: string, eligible: boolean, reasons: string, actor = officer) =>
      handle.executeUpdate(markEligibilityUpdate, { args: [{ actor, proposalId, eligible, reasons }] });
    expect(await updateRefusalOf(handle.executeUpdate(approveRankingUpdate, { args: [{ actor: manager }] }))).toMatchObject({
      code: 'invalid-state',
      message: 'P-1 has no eligibility decision yet',
    });
    for (const id of ['P-1', 'P-3', 'P-4', 'P-5']) await decide(id, true, 'requisiti dell’avviso presenti');
    await decide('P-2', false, 'Edificio non di proprietà comunale');
    expect(await updateRefusalOf(decide('P-2', true, 'x', comune(ADHERING[1])))).toMatchObject({ code: 'forbidden' });

    // Scores: P-3 and P-4 tie on points and on co-financing share (protocol order decides); P-1 ties with them on
    // points but has the higher co-financing share (50 % against 20 %).
    await handle.executeUpdate(scoreProposalUpdate, { args: [{ actor: officer, proposalId: 'P-1', scores: points(6, 6, 6, 6) }] });
    await handle.executeUpdate(scoreProposalUpdate, { args: [{ actor: officer, proposalId: 'P-3', scores: points(8, 4, 6, 6) }] });
    await handle.executeUpdate(scoreProposalUpdate, { args: [{ actor: manager, proposalId: 'P-4', scores: points(6, 6, 8, 4) }] });
    await handle.executeUpdate(scoreProposalUpdate, { args: [{ actor: officer, proposalId: 'P-5', scores: points(9, 9, 9, 9) }] });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(scoreProposalUpdate, { args: [{ actor: officer, proposalId: 'P-2', scores: points(1, 1, 1, 1) }] }),
      ),
    ).toMatchObject({ code: 'invalid-state' });
    expect(await updateRefusalOf(handle.executeUpdate(approveRankingUpdate, { args: [{ actor: officer }] }))).toMatchObject({
      code: 'forbidden',
    });

    const approved: AnnualCallView = await handle.executeUpdate(approveRankingUpdate, { args: [{ actor: manager }] });
    expect(approved.state).toBe('ranking-published');
    expect(approved.ranking?.map((r) => [r.position, r.proposalId, r.score, r.tieBrokenBy])).toEqual([
      [1, 'P-5', 90, null],
      [2, 'P-1', 60, null],
      [3, 'P-3', 60, 'cofinancing-share'],
      [4, 'P-4', 60, 'protocol-order'],
    ]);
    expect(approved.rankingProtocolNumber).toMatch(/^\d{4}\/\d{7}$/);

    // The ranked list is an act of the case, and every proposer is told where it stands.
    const stored = async (documentId: string): Promise<Buffer> => {
      const [document] = await db.dataSource.query(
        `SELECT v.storage_key, v.content_type FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.id = $1`,
        [documentId],
      );
      expect(document.content_type).toBe('application/pdf');
      return new Promise<Buffer>((resolve, reject) => {
        void storage.read(document.storage_key).then((stream) => {
          const chunks: Buffer[] = [];
          stream
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve(Buffer.concat(chunks)))
            .on('error', reject);
        }, reject);
      });
    };
    // The notice and the ranking are PDF/A-2b acts (veraPDF: no violation) whose words PDFBox reads back; the table's cells follow each other.
    const acts = await validatePdfa(
      { notice: await stored(registration.noticeDocumentId), ranking: await stored(approved.rankingDocumentId as string) },
      { text: true },
    );
    expect(pdfaViolations(acts.notice)).toEqual([]);
    expect(acts.notice.info.subject).toMatch(
      new RegExp(`^Protocollo generale n\\. ${registration.protocolNumber} del \\d{2}/\\d{2}/\\d{4} \\(in uscita\\)$`),
    );
    expect(acts.notice.text?.replace(/\s+/g, ' ')).toContain(`Avviso annuale ex art. 14 NdA PTM – anno ${year}`);
    const report = acts.ranking;
    expect(pdfaViolations(report)).toEqual([]);
    const text = (report.text ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`Graduatoria dell'avviso annuale ex art. 14 NdA PTM – anno ${year}`);
    expect(text).toContain(`Protocollo generale n. ${approved.rankingProtocolNumber} del `);
    expect(text).toMatch(/4 Arconate P-4 – .* 60 ordine di arrivo al protocollo/);
    expect(text).toContain('Edificio non di proprietà comunale');
    const notices = await db.dataSource.query(
      `SELECT d.recipient_address AS address, n.data->>'position' AS position FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
        WHERE n.case_id = $1 AND n.template_id = 'ranking-published' ORDER BY d.recipient_address`,
      [registration.caseId],
    );
    expect(notices).toEqual([
      { address: 'protocollo@pec.015002.test', position: null },
      { address: 'protocollo@pec.015005.test', position: '3' },
      { address: 'protocollo@pec.015007.test', position: '4' },
      { address: 'protocollo@pec.015009.test', position: '1' },
      { address: 'protocollo@pec.015146.test', position: '2' },
    ]);
    const ranks = await db.dataSource.query(
      'SELECT proposal_id, eligible, position FROM annual_call_proposals WHERE case_id = $1 ORDER BY proposal_id',
      [registration.caseId],
    );
    expect(ranks.map((r: { proposal_id: string; position: number | null }) => `${r.proposal_id}:${r.position}`)).toEqual([
      'P-1:2',
      'P-2:null',
      'P-3:3',
      'P-4:4',
      'P-5:1',
    ]);

    // After its 15 days at the albo pretorio the call is concluded and the case closed.
    await env.sleep(17 * DAY);
    const result: AnnualCallView = await handle.result();
    expect(result).toMatchObject({ state: 'concluded', outcome: { kind: 'ranking-published' } });
    const [closed] = await db.dataSource.query('SELECT state, closed_at FROM cases WHERE id = $1', [registration.caseId]);
    expect(closed).toMatchObject({ state: 'concluded', closed_at: expect.any(Date) });
    const registry = await db.dataSource.query('SELECT direction FROM registry_entries WHERE case_id = $1 ORDER BY year, number', [
      registration.caseId,
    ]);
    expect(registry.map((r: { direction: string }) => r.direction)).toEqual(['out', 'in', 'in', 'in', 'in', 'in', 'in', 'out']);
    await recordHistoryIfAsked(handle, 'annual-call', 'full-call.v2');
  });
});
