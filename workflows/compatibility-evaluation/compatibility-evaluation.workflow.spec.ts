// The compatibility evaluation on Temporal's time-skipping server: the real legal calendar
// computes every term (through the deadline activities, with an in-memory read model), the
// other side effects are typed fakes that record what the workflow asked for.
import { deadlineCommand } from '../../apps/cli/src/commands/deadline.command';
import {
  type ConcertationConferenceActivityDeps,
  createConcertationConferenceActivities,
} from '../../activities/concertation-conference.activities';
import { createDeadlineActivities } from '../../activities/deadlines.activities';
import {
  type CaseEventInput,
  type CompatibilityEvaluationActivities,
  type CompatibilityEvaluationInput,
  type SubmissionReceipt,
  type SessionNoticeInput,
  type TerritorialAgreementInput,
  addAgreementDraftUpdate,
  getTerritorialAgreementQuery,
  sendAgreementForSignatureUpdate,
  setAgreementCommitmentsUpdate,
  signAgreementUpdate,
  territorialAgreementWorkflowId,
  answerConvocationUpdate,
  archiveUpdate,
  awaitReceiptUpdate,
  closeConferenceUpdate,
  concertationConferenceWorkflowId,
  convokeConferenceUpdate,
  getConferenceQuery,
  recordMinutesUpdate,
  confirmCompletenessUpdate,
  decideRelevanceUpdate,
  getEvaluationQuery,
  issueOpinionUpdate,
  recordConcertationOutcomeUpdate,
  requestIntegrationUpdate,
  submitIntegrationUpdate,
  withdrawConferenceUpdate,
  withdrawUpdate,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { formatCivilDate, romeDayOf } from '@cmm/legal-calendar';
import type { DeadlineRepository } from '@cmm/persistence';
import {
  createTimeSkippingEnv,
  recordHistoryIfAsked,
  recordingCaseActivities,
  startTimeSkippingWorker,
  uniqueTaskQueue,
  updateRefusalOf,
} from '@cmm/test-support';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 86_400_000;
const MILANO = '015146';
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const manager: Actor = { subject: 'manager-1', name: 'Dirigente', email: 'dirigente@cmm.test', role: 'manager', istatCode: null };
const comune: Actor = {
  subject: 'comune-015146',
  name: 'Ufficio tecnico',
  email: 'ut@comune.milano.test',
  role: 'comune',
  istatCode: MILANO,
};
const otherComune: Actor = { ...comune, subject: 'comune-015002', istatCode: '015002' };

const romeDate = (ms: number) => formatCivilDate(romeDayOf(ms));

describe('compatibilityEvaluationWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let events: CaseEventInput[];
  let registrations: CompatibilityEvaluationInput[];
  let worker: Awaited<ReturnType<typeof startTimeSkippingWorker>>;
  let taskQueue: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(async () => {
    events = [];
    registrations = [];
    taskQueue = uniqueTaskQueue('compatibility');
    const deadlines = { upsert: async () => undefined, setStatus: async () => undefined } as unknown as DeadlineRepository;
    const evaluationActivities: CompatibilityEvaluationActivities = {
      async registerSubmission(input) {
        registrations.push(input);
        return { caseId: input.caseId, reference: 'VC-2026-000001', protocolNumber: '2026/0000042', receivedAt: input.receivedAt };
      },
    };
    worker = await startTimeSkippingWorker(env, taskQueue, {
      ...createDeadlineActivities({ deadlines }),
      ...recordingCaseActivities(events, '2026/0000099'),
      ...evaluationActivities,
      // The conference child runs on the same worker: real notice check, recorded invitations.
      checkSessionNotice: createConcertationConferenceActivities({} as ConcertationConferenceActivityDeps).checkSessionNotice,
      async registerConference() {
        return { reference: 'CC-2026-000001' };
      },
      async recordSessionNotices(input: { event: CaseEventInput; notices: SessionNoticeInput }) {
        events.push(input.event);
        return { seq: events.length };
      },
      // The agreement the conference may start, on the same worker.
      async registerAgreement(input: TerritorialAgreementInput) {
        return { caseId: input.caseId, reference: 'AT-2026-000001', partyNames: { [MILANO]: 'Milano', '015182': 'Rho', '015170': 'Pero' } };
      },
      async verifySignedDocument() {
        return { signed: true, format: 'p7m', reason: null, version: 1, sha256: 'a'.repeat(64) };
      },
      async recordAgreementCommitments(input: { commitments: unknown[]; inForceAt: string }) {
        return { recorded: input.commitments.length, inForceOn: input.inForceAt.slice(0, 10), ledgerTransactionId: null };
      },
    });
  });

  afterEach(() => worker.stop());

  async function start(
    overrides: Partial<CompatibilityEvaluationInput> = {},
  ): Promise<{ handle: WorkflowHandle; receipt: SubmissionReceipt; receivedAt: number }> {
    const receivedAt = await env.currentTimeMs();
    const caseId = crypto.randomUUID();
    const handle = await env.client.workflow.start('compatibilityEvaluationWorkflow', {
      taskQueue,
      workflowId: `compatibility-evaluation-${caseId}`,
      args: [
        {
          caseId,
          istatCode: MILANO,
          actType: 'variante-pgt',
          deliberation: { number: '45', date: '2026-10-30' },
          description: 'Variante al PGT per la rigenerazione dello scalo',
          declaresSupraMunicipalRelevance: false,
          adhesionCase: null,
          files: [],
          submittedBy: comune,
          receivedAt: new Date(receivedAt).toISOString(),
          businessKey: `${MILANO}|variante-pgt|45|2026-10-30|${caseId}`,
          integrationEffect: 'suspend',
          ...overrides,
        } satisfies CompatibilityEvaluationInput,
      ],
    });
    const receipt = await handle.executeUpdate(awaitReceiptUpdate);
    return { handle, receipt, receivedAt };
  }

  it('registers, checks completeness and issues a favourable opinion, which is registered outbound', async () => {
    const { handle, receipt, receivedAt } = await start();
    expect(receipt).toMatchObject({ reference: 'VC-2026-000001', protocolNumber: '2026/0000042' });
    expect(registrations).toHaveLength(1);

    const received = await handle.query(getEvaluationQuery);
    expect(received.state).toBe('awaiting-completeness-check');
    // 120 days from receipt (the day of receipt is not counted), then the holiday rule.
    const expected = JSON.parse(await cli(['--rule', 'compatibility-evaluation.opinion', '--from', romeDate(receivedAt)]));
    expect(received.opinionTerm).toMatchObject({
      dueDate: expected.deadline,
      dueAt: expected.dueAt,
      legalSource: 'LR 12/2005 art. 13 c.5',
    });

    const checked = await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    expect(checked.state).toBe('under-evaluation');
    const opinion = await handle.executeUpdate(issueOpinionUpdate, {
      args: [{ actor: manager, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'doc-1' }],
    });
    expect(opinion.state).toBe('opinion-issued');
    expect(opinion.outcome).toEqual({ kind: 'opinion', outcome: 'favourable', protocolNumber: '2026/0000099' });
    const result = await handle.result();
    expect(result.state).toBe('opinion-issued');
    expect(events.map((e) => e.type)).toEqual(['registered', 'confirm-completeness', 'issue-opinion']);
    expect(events[2]).toMatchObject({ registerOutbound: { correspondent: 'municipality' }, closed: true, state: 'opinion-issued' });
    expect(events[2].notifications).toEqual([
      expect.objectContaining({ templateId: 'opinion-issued', to: 'municipality', channel: 'pec' }),
    ]);
    await recordHistoryIfAsked(handle, 'compatibility-evaluation', 'favourable-opinion.v2');
  });

  it('suspends the term during an integration request: the new due date is what the CLI computes', async () => {
    const { handle, receivedAt } = await start();
    await env.sleep(10 * DAY);
    const requested = await handle.executeUpdate(requestIntegrationUpdate, {
      args: [{ actor: officer, missing: ['Bilancio delle diffusività territoriali'], note: 'Manca il bilancio' }],
    });
    expect(requested.state).toBe('integration-requested');
    expect(requested.opinionTerm).toMatchObject({ status: 'suspended', dueDate: null });
    expect(requested.answerTerm?.ruleId).toBe('compatibility-evaluation.integration-answer');
    const requestedOn = romeDate(await env.currentTimeMs());

    await env.sleep(15 * DAY);
    const answered = await handle.executeUpdate(submitIntegrationUpdate, {
      args: [{ actor: comune, note: 'Allegato il bilancio', documentIds: ['doc-2'] }],
    });
    const answeredOn = romeDate(await env.currentTimeMs());
    expect(answered.state).toBe('awaiting-completeness-check');

    const expected = JSON.parse(await cli(['--from', romeDate(receivedAt), '--days', '120', '--suspend', `${requestedOn}..${answeredOn}`]));
    expect(answered.opinionTerm).toMatchObject({ status: 'running', dueDate: expected.deadline, dueAt: expected.dueAt });
    expect(events.find((e) => e.type === 'request-integration')?.notifications?.[0]).toMatchObject({
      templateId: 'integration-requested',
      to: 'municipality',
    });

    // L. 241/1990 art. 2 c.7: once.
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    const again = await updateRefusalOf(
      handle.executeUpdate(requestIntegrationUpdate, { args: [{ actor: officer, missing: ['Tavola 3'], note: '' }] }),
    );
    expect(again).toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/allows 1 integration request/) });
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: comune, reason: 'Variante ritirata dal Consiglio comunale' }] });
    await recordHistoryIfAsked(handle, 'compatibility-evaluation', 'integration-then-withdrawal.v1');
  });

  it('deems the evaluation favourable when day 120 passes, reminding the officers before, and refuses a late opinion', async () => {
    const { handle } = await start();
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    const { opinionTerm } = await handle.query(getEvaluationQuery);
    const dueAt = Date.parse(opinionTerm!.dueAt!);

    await env.sleep(dueAt - (await env.currentTimeMs()) - 60_000);
    expect((await handle.query(getEvaluationQuery)).state).toBe('under-evaluation');
    await env.sleep(2 * 60_000);
    const result = await handle.result();
    expect(result.state).toBe('deemed-favourable');
    expect(result.outcome).toEqual({ kind: 'deemed-favourable', on: opinionTerm!.dueDate, legalSource: 'LR 12/2005 art. 13 c.5' });

    const reminders = events.filter((e) => e.type === 'deadline-reminder').map((e) => e.payload.rung);
    expect(reminders).toEqual(['t-minus-30', 't-minus-7', 't-minus-2', 't0']);
    const expiry = events.find((e) => e.type === 'term-expired');
    expect(expiry?.notifications?.map((n) => `${n.templateId}:${n.to}`)).toEqual([
      'silence-favourable:municipality',
      'silence-favourable:officers',
    ]);
    await expect(
      handle.executeUpdate(issueOpinionUpdate, {
        args: [{ actor: manager, outcome: 'unfavourable', prescriptions: [], reasons: 'tardivo', documentId: 'd' }],
      }),
    ).rejects.toThrow();
  });

  it('runs the concertation when supra-municipal relevance is recognised, then takes the opinion with prescriptions', async () => {
    const { handle } = await start({ declaresSupraMunicipalRelevance: true });
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    const early = await updateRefusalOf(
      handle.executeUpdate(issueOpinionUpdate, {
        args: [{ actor: manager, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'd' }],
      }),
    );
    expect(early.message).toMatch(/supra-municipal relevance/);
    const recognised = await handle.executeUpdate(decideRelevanceUpdate, {
      args: [{ actor: officer, recognised: true, reasons: 'Effetti sul traffico di Cassano e Trezzo' }],
    });
    expect(recognised.state).toBe('concertation');
    const concluded = await handle.executeUpdate(recordConcertationOutcomeUpdate, {
      args: [{ actor: officer, outcome: 'agreement-reached', reasons: 'Accordo territoriale sottoscritto il 10/02/2027' }],
    });
    expect(concluded).toMatchObject({ state: 'under-evaluation', concertation: { outcome: 'agreement-reached' } });
    const opinion = await handle.executeUpdate(issueOpinionUpdate, {
      args: [
        {
          actor: manager,
          outcome: 'favourable-with-prescriptions',
          prescriptions: ['Fascia alberata lungo la SP 104'],
          reasons: '',
          documentId: 'd',
        },
      ],
    });
    expect(opinion.state).toBe('opinion-issued');
    expect(events.find((e) => e.type === 'issue-opinion')?.payload).toMatchObject({ concertation: { outcome: 'agreement-reached' } });
  });

  it('convenes the concertation conference as a child and resumes the evaluation with its outcome', async () => {
    const { handle } = await start({ declaresSupraMunicipalRelevance: true, affectedMunicipalities: ['015182', '015170'] });
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(decideRelevanceUpdate, {
      args: [{ actor: officer, recognised: true, reasons: 'Effetti sul traffico di Rho e Pero' }],
    });
    const t0 = await env.currentTimeMs();
    const convened = [MILANO, ...(await handle.query(getEvaluationQuery)).affectedMunicipalities];
    const firstSession = {
      startsAt: new Date(t0 + 5 * DAY).toISOString(),
      endsAt: new Date(t0 + 5 * DAY + 7_200_000).toISOString(),
      place: 'Palazzo Isimbardi',
      videoLink: null,
    };
    const tooSoon = await updateRefusalOf(
      handle.executeUpdate(convokeConferenceUpdate, {
        args: [{ actor: officer, subject: 'Variante ex scalo', agenda: 'Diffusività', convened, firstSession }],
      }),
    );
    expect(tooSoon).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^firstSession\.startsAt: /) });

    const later = {
      ...firstSession,
      startsAt: new Date(t0 + 20 * DAY).toISOString(),
      endsAt: new Date(t0 + 20 * DAY + 7_200_000).toISOString(),
    };
    const convoked = await handle.executeUpdate(convokeConferenceUpdate, {
      args: [{ actor: officer, subject: 'Variante ex scalo', agenda: 'Diffusività', convened, firstSession: later }],
    });
    expect(convoked.conference).toMatchObject({ running: true });
    const manual = await updateRefusalOf(
      handle.executeUpdate(recordConcertationOutcomeUpdate, {
        args: [{ actor: officer, outcome: 'agreement-not-reached', reasons: 'a mano' }],
      }),
    );
    expect(manual.message).toMatch(/in progress/);

    const conference = env.client.workflow.getHandle(concertationConferenceWorkflowId(convoked.conference!.caseId));
    await conference.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: officer, sessionId: 's1', istatCode: '015182', answer: 'confirmed', delegate: null, via: 'api' }],
    });
    await env.sleep(20 * DAY + 3 * 3_600_000);
    await conference.executeUpdate(recordMinutesUpdate, { args: [{ actor: officer, sessionId: 's1', documentId: 'verbale-1' }] });
    await conference.executeUpdate(closeConferenceUpdate, {
      args: [{ actor: officer, outcome: 'agreement-not-reached', reasons: 'Nessuna intesa sulle compensazioni', agreement: null }],
    });
    expect((await conference.query(getConferenceQuery)).parentCaseId).toBe(convoked.caseId);

    let resumed = await handle.query(getEvaluationQuery);
    for (let i = 0; i < 100 && resumed.state !== 'under-evaluation'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      resumed = await handle.query(getEvaluationQuery);
    }
    expect(resumed).toMatchObject({
      state: 'under-evaluation',
      conference: { running: false },
      concertation: {
        outcome: 'agreement-not-reached',
        reasons: 'Nessuna intesa sulle compensazioni',
        conferenceCaseId: convoked.conference!.caseId,
        agreementCaseId: null,
      },
    });
    const opinion = await handle.executeUpdate(issueOpinionUpdate, {
      args: [{ actor: manager, outcome: 'unfavourable', prescriptions: [], reasons: 'Esternalità non compensate', documentId: 'd' }],
    });
    expect(opinion.state).toBe('opinion-issued');
    expect(events.find((e) => e.type === 'concertation-concluded')?.notifications?.[0]).toMatchObject({
      templateId: 'concertation-concluded',
      to: 'officers',
    });
    await recordHistoryIfAsked(handle, 'compatibility-evaluation', 'conference-child-no-agreement.v1');
  });

  it('takes a withdrawn conference as no outcome: the concertation stays open, its outcome is then recorded by hand', async () => {
    const { handle } = await start({ declaresSupraMunicipalRelevance: true, affectedMunicipalities: ['015182', '015170'] });
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(decideRelevanceUpdate, {
      args: [{ actor: officer, recognised: true, reasons: 'Effetti sul traffico di Rho e Pero' }],
    });
    const t0 = await env.currentTimeMs();
    const convened = [MILANO, '015182', '015170'];
    const firstSession = {
      startsAt: new Date(t0 + 15 * DAY).toISOString(),
      endsAt: new Date(t0 + 15 * DAY + 7_200_000).toISOString(),
      place: 'Palazzo Isimbardi',
      videoLink: null,
    };
    const convoked = await handle.executeUpdate(convokeConferenceUpdate, {
      args: [{ actor: officer, subject: 'Variante ex scalo', agenda: 'Diffusività', convened, firstSession }],
    });
    const conference = env.client.workflow.getHandle(concertationConferenceWorkflowId(convoked.conference!.caseId));
    await conference.executeUpdate(withdrawConferenceUpdate, {
      args: [{ actor: officer, reason: 'La conferenza si terrà presso la Regione' }],
    });

    const open = await waitForEvaluation(handle, (v) => v.conference?.running === false);
    expect(open).toMatchObject({
      state: 'concertation',
      concertation: null,
      conference: {
        caseId: convoked.conference!.caseId,
        running: false,
        withdrawn: { reason: 'La conferenza si terrà presso la Regione' },
      },
    });
    expect(events.map((e) => e.type)).toContain('conference-withdrawn');
    expect(events.map((e) => e.type)).not.toContain('concertation-concluded');

    // The real outcome, of the conference held outside the system, can now be recorded.
    const recorded = await handle.executeUpdate(recordConcertationOutcomeUpdate, {
      args: [{ actor: officer, outcome: 'agreement-reached', reasons: 'Intesa raggiunta in sede regionale il 12/03/2027' }],
    });
    expect(recorded).toMatchObject({
      state: 'under-evaluation',
      concertation: { outcome: 'agreement-reached', reasons: 'Intesa raggiunta in sede regionale il 12/03/2027' },
    });
    const opinion = await handle.executeUpdate(issueOpinionUpdate, {
      args: [{ actor: manager, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'd' }],
    });
    expect(opinion.state).toBe('opinion-issued');
    await recordHistoryIfAsked(handle, 'compatibility-evaluation', 'conference-withdrawn-outcome-recorded.v1');
  });

  it('relevance recognised → conference → agreement signed by all parties → opinion, with the agreement on the case', async () => {
    const { handle } = await start({ declaresSupraMunicipalRelevance: true, affectedMunicipalities: ['015182', '015170'] });
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(decideRelevanceUpdate, {
      args: [{ actor: officer, recognised: true, reasons: 'Effetti sul traffico di Rho e Pero' }],
    });
    const t0 = await env.currentTimeMs();
    const convened = [MILANO, '015182', '015170'];
    const firstSession = {
      startsAt: new Date(t0 + 15 * DAY).toISOString(),
      endsAt: new Date(t0 + 15 * DAY + 7_200_000).toISOString(),
      place: 'Palazzo Isimbardi',
      videoLink: null,
    };
    const convoked = await handle.executeUpdate(convokeConferenceUpdate, {
      args: [{ actor: officer, subject: 'Variante ex scalo', agenda: 'Diffusività', convened, firstSession }],
    });
    const conference = env.client.workflow.getHandle(concertationConferenceWorkflowId(convoked.conference!.caseId));
    await env.sleep(15 * DAY + 3 * 3_600_000);
    await conference.executeUpdate(recordMinutesUpdate, { args: [{ actor: officer, sessionId: 's1', documentId: 'verbale-1' }] });
    const closed = await conference.executeUpdate(closeConferenceUpdate, {
      args: [
        {
          actor: officer,
          outcome: 'agreement-reached',
          reasons: 'Intesa su compensazioni e contributo al Fondo',
          agreement: { subject: 'Accordo ex scalo', municipalities: convened, metropolitanExternalities: false },
        },
      ],
    });
    expect(closed.state).toBe('agreement-reached');
    const { agreementCaseId } = await conference.result();
    expect(agreementCaseId).toEqual(expect.any(String));

    const resumed = await waitForEvaluation(handle, (v) => v.state === 'under-evaluation');
    expect(resumed.concertation).toMatchObject({ outcome: 'agreement-reached', agreementCaseId });

    // The parties sign the agreement; when it is in force the evaluation hears of it.
    const agreement = env.client.workflow.getHandle(territorialAgreementWorkflowId(agreementCaseId!));
    await agreement.executeUpdate(addAgreementDraftUpdate, { args: [{ actor: officer, documentIds: ['bozza-1'], note: '' }] });
    await agreement.executeUpdate(setAgreementCommitmentsUpdate, {
      args: [
        {
          actor: officer,
          commitments: [
            {
              party: MILANO,
              kind: 'fund-contribution',
              legalBasis: 'LR 12/2005 art. 43 c.2-bis',
              amountCents: 25_000_000,
              description: 'Maggiorazione del contributo di costruzione',
              dueDate: null,
            },
          ],
        },
      ],
    });
    await agreement.executeUpdate(sendAgreementForSignatureUpdate, { args: [{ actor: officer }] });
    for (const istatCode of convened) {
      await agreement.executeUpdate(signAgreementUpdate, {
        args: [
          {
            actor: { ...comune, subject: `sindaco-${istatCode}`, role: 'mayor_office', istatCode },
            documentId: `firmato-${istatCode}`,
            draftVersion: 1,
          },
        ],
      });
    }
    expect((await agreement.query(getTerritorialAgreementQuery)).state).toBe('in-force');
    const informed = await waitForEvaluation(handle, (v) => v.agreement !== null);
    expect(informed.agreement).toMatchObject({ caseId: agreementCaseId, outcome: 'in-force' });

    const opinion = await handle.executeUpdate(issueOpinionUpdate, {
      args: [
        {
          actor: manager,
          outcome: 'favourable-with-prescriptions',
          prescriptions: ['Attuare l’accordo territoriale AT-2026-000001'],
          reasons: '',
          documentId: 'd',
        },
      ],
    });
    expect(opinion).toMatchObject({ state: 'opinion-issued', agreement: { outcome: 'in-force' } });
    expect(events.find((e) => e.type === 'issue-opinion')?.payload).toMatchObject({
      concertation: { outcome: 'agreement-reached', agreementCaseId },
    });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['convoke-conference', 'concertation-concluded', 'agreement-concluded']),
    );
    await recordHistoryIfAsked(handle, 'compatibility-evaluation', 'conference-agreement-opinion.v1');
  });

  async function waitForEvaluation(handle: WorkflowHandle, ready: (v: Awaited<ReturnType<typeof queryEvaluation>>) => boolean) {
    for (let i = 0; i < 200; i++) {
      const view = await queryEvaluation(handle);
      if (ready(view)) return view;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the evaluation did not reach the expected state');
  }
  const queryEvaluation = (handle: WorkflowHandle) => handle.query(getEvaluationQuery);

  it('refuses actions by the wrong role, the wrong municipality or with bad data, without recording them', async () => {
    const { handle } = await start();
    expect(await updateRefusalOf(handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: comune }] }))).toMatchObject({
      code: 'forbidden',
    });
    await handle.executeUpdate(confirmCompletenessUpdate, { args: [{ actor: officer }] });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(issueOpinionUpdate, {
          args: [{ actor: officer, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'd' }],
        }),
      ),
    ).toMatchObject({ code: 'forbidden', message: 'only a manager signs the opinion' });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(issueOpinionUpdate, {
          args: [{ actor: manager, outcome: 'unfavourable', prescriptions: [], reasons: ' ', documentId: 'd' }],
        }),
      ),
    ).toMatchObject({ code: 'invalid-input' });
    expect(
      await updateRefusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ actor: otherComune, reason: 'non mio' }] })),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await updateRefusalOf(handle.executeUpdate(submitIntegrationUpdate, { args: [{ actor: comune, note: '', documentIds: [] }] })),
    ).toMatchObject({
      code: 'invalid-state',
    });
    expect(events.map((e) => e.type)).toEqual(['registered', 'confirm-completeness']);
    await handle.executeUpdate(archiveUpdate, { args: [{ actor: officer, reason: 'Duplicato della pratica VC-2026-000002' }] });
    expect((await handle.result()).state).toBe('archived');
  });
});

async function cli(args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const status = await deadlineCommand.run(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  if (status !== 0) throw new Error(`deadline CLI exited ${status}: ${err}`);
  return out;
}
