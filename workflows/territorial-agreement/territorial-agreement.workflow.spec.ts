// The territorial agreement on Temporal's time-skipping server: the real legal calendar
// computes every term (through the deadline activities, with an in-memory read model); the
// other side effects are typed fakes that record what the workflow asked for.
import { createDeadlineActivities } from '../../activities/deadlines.activities';
import {
  type AgreementConclusion,
  type CaseEventInput,
  type DeadlineActivities,
  type FundCommitment,
  type TerritorialAgreementActivities,
  type TerritorialAgreementInput,
  addAgreementDraftUpdate,
  awaitAgreementRegistrationUpdate,
  declareAgreementFailedUpdate,
  getTerritorialAgreementQuery,
  refuseAgreementUpdate,
  sendAgreementForSignatureUpdate,
  setAgreementCommitmentsUpdate,
  signAgreementUpdate,
  withdrawAgreementUpdate,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import type { DeadlineRepository } from '@cmm/persistence';
import {
  createTimeSkippingEnv,
  recordHistoryIfAsked,
  recordingCaseActivities,
  startTimeSkippingWorker,
  uniqueTaskQueue,
  updateRefusalOf,
  updateRefusalWithStateOf,
} from '@cmm/test-support';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 86_400_000;
const ROZZANO = '015189';
const ASSAGO = '015011';
const OPERA = '015159';
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const manager: Actor = { subject: 'manager-1', name: 'Dirigente', email: 'dirigente@cmm.test', role: 'manager', istatCode: null };
const rozzano: Actor = { subject: 'sindaco-rozzano', name: 'Ufficio del Sindaco', email: null, role: 'mayor_office', istatCode: ROZZANO };
const assago: Actor = { subject: 'ut-assago', name: 'Ufficio tecnico', email: null, role: 'comune', istatCode: ASSAGO };
const opera: Actor = { subject: 'sindaco-opera', name: 'Ufficio del Sindaco', email: null, role: 'mayor_office', istatCode: OPERA };
const milano: Actor = { subject: 'ut-milano', name: 'Ufficio tecnico', email: null, role: 'comune', istatCode: '015146' };

const commitments: FundCommitment[] = [
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
    legalBasis: null,
    amountCents: 4_000_000,
    description: 'Riequilibrio delle diffusività: mitigazione del traffico',
    dueDate: '2027-03-31',
  },
  {
    party: 'cmm',
    kind: 'obligation',
    legalBasis: null,
    amountCents: null,
    description: 'Monitoraggio annuale degli effetti',
    dueDate: null,
  },
];

describe('territorialAgreementWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let events: CaseEventInput[];
  let stored: { caseId: string; commitments: FundCommitment[] }[];
  let started: { deadlineId: string; ruleId: string; startInstant: string }[];
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
    stored = [];
    started = [];
    taskQueue = uniqueTaskQueue('agreement');
    const deadlines = { upsert: async () => undefined, setStatus: async () => undefined } as unknown as DeadlineRepository;
    const deadlineActivities = createDeadlineActivities({ deadlines });
    // Documents named "signed-*" carry a signature; the real byte check has its own tests (libs/documents, e2e).
    const agreementActivities: TerritorialAgreementActivities = {
      async registerAgreement(input) {
        return {
          caseId: input.caseId,
          reference: 'AT-2026-000001',
          partyNames: { [ROZZANO]: 'Rozzano', [ASSAGO]: 'Assago', [OPERA]: 'Opera' },
        };
      },
      async verifySignedDocument({ documentId }) {
        return documentId.startsWith('signed-')
          ? { signed: true, format: 'p7m', reason: null, version: 1, sha256: 'a'.repeat(64) }
          : {
              signed: false,
              format: null,
              reason: 'the PDF carries no digital signature',
              reasonText: { it: 'il PDF non reca alcuna firma digitale', en: 'the PDF carries no digital signature' },
              version: 1,
              sha256: 'b'.repeat(64),
            };
      },
      async recordAgreementCommitments(input) {
        stored.push({ caseId: input.caseId, commitments: input.commitments });
        return { recorded: input.commitments.length, inForceOn: input.inForceAt.slice(0, 10) };
      },
      // As the Fund ledger would answer on the due dates: Rozzano paid in full, Assago a quarter.
      async commitmentSettlement({ index }) {
        return index === 0
          ? { amountCents: 15_000_000, paidCents: 15_000_000 }
          : index === 1
            ? { amountCents: 4_000_000, paidCents: 1_000_000 }
            : null;
      },
    };
    worker = await startTimeSkippingWorker(env, taskQueue, {
      ...deadlineActivities,
      async startDeadline(input: Parameters<DeadlineActivities['startDeadline']>[0]) {
        started.push({ deadlineId: input.deadlineId, ruleId: input.ruleId, startInstant: input.startInstant });
        return deadlineActivities.startDeadline(input);
      },
      ...recordingCaseActivities(events, '2026/0000777'),
      ...agreementActivities,
    });
  });

  afterEach(() => worker.stop());

  async function start(overrides: Partial<TerritorialAgreementInput> = {}): Promise<WorkflowHandle> {
    const caseId = crypto.randomUUID();
    const handle = await env.client.workflow.start('territorialAgreementWorkflow', {
      taskQueue,
      workflowId: `territorial-agreement-${caseId}`,
      args: [
        {
          caseId,
          parentCaseId: null,
          notifyWorkflowId: null,
          subject: 'Polo logistico di Rozzano: esternalità sulla viabilità sovracomunale',
          municipalities: [ROZZANO, ASSAGO, OPERA],
          metropolitanExternalities: true,
          startedBy: officer,
          startedAt: new Date(await env.currentTimeMs()).toISOString(),
          ...overrides,
        } satisfies TerritorialAgreementInput,
      ],
    });
    await handle.executeUpdate(awaitAgreementRegistrationUpdate);
    return handle;
  }

  const draftAndSend = async (handle: WorkflowHandle, documentId: string) => {
    await handle.executeUpdate(addAgreementDraftUpdate, { args: [{ actor: officer, documentIds: [documentId], note: '' }] });
    await handle.executeUpdate(setAgreementCommitmentsUpdate, { args: [{ actor: officer, commitments }] });
    return handle.executeUpdate(sendAgreementForSignatureUpdate, { args: [{ actor: officer }] });
  };

  it('renegotiates after a refusal, then comes into force when the three municipalities and CMM sign', async () => {
    const handle = await start();
    const sent = await draftAndSend(handle, 'draft-1');
    expect(sent).toMatchObject({
      state: 'awaiting-signatures',
      rounds: 1,
      draft: { version: 1 },
      signatureTerm: { ruleId: 'territorial-agreement.signature', status: 'running' },
    });
    const toSign = events.find((e) => e.type === 'send-for-signature');
    expect(toSign?.notifications?.map((n) => `${n.templateId}:${JSON.stringify(n.to)}:${n.channel}`)).toEqual([
      'agreement-to-sign:"parties":pec',
      'agreement-to-sign:"officers":email',
    ]);
    expect(toSign?.notifications?.[0].data).toMatchObject({ deadline: { date: sent.signatureTerm?.dueDate }, documentIds: ['draft-1'] });

    await handle.executeUpdate(signAgreementUpdate, { args: [{ actor: rozzano, documentId: 'signed-rozzano-1', draftVersion: 1 }] });
    const refused = await handle.executeUpdate(refuseAgreementUpdate, {
      args: [{ actor: assago, reasons: 'La quota di riequilibrio non è sostenibile', draftVersion: 1 }],
    });
    expect(refused).toMatchObject({
      state: 'renegotiation',
      refusals: [{ party: ASSAGO, reasons: 'La quota di riequilibrio non è sostenibile' }],
    });
    expect(events.at(-1)?.notifications?.[0]).toMatchObject({
      templateId: 'agreement-refused',
      to: 'officers',
      data: { partyName: 'Comune di Assago' },
    });

    // Renegotiation: a new text voids the signatures of the old one and opens a new round.
    await handle.executeUpdate(addAgreementDraftUpdate, {
      args: [{ actor: officer, documentIds: ['draft-2'], note: 'Quota di riequilibrio ridotta' }],
    });
    const resent = await handle.executeUpdate(sendAgreementForSignatureUpdate, { args: [{ actor: officer }] });
    expect(resent).toMatchObject({ rounds: 2, draft: { version: 2 }, refusals: [] });
    expect(resent.parties.every((p) => p.signature === null)).toBe(true);
    const outdated = await updateRefusalOf(
      handle.executeUpdate(signAgreementUpdate, { args: [{ actor: rozzano, documentId: 'signed-rozzano-1', draftVersion: 1 }] }),
    );
    expect(outdated).toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/outdated/) });

    for (const actor of [rozzano, assago, opera]) {
      await handle.executeUpdate(signAgreementUpdate, { args: [{ actor, documentId: `signed-${actor.istatCode}`, draftVersion: 2 }] });
    }
    const inForce = await handle.executeUpdate(signAgreementUpdate, {
      args: [{ actor: manager, documentId: 'signed-cmm', draftVersion: 2 }],
    });
    expect(inForce.state).toBe('in-force');
    expect(inForce.parties.map((p) => `${p.name}:${p.signature?.by.subject}`)).toEqual([
      'Comune di Rozzano:sindaco-rozzano',
      'Comune di Assago:ut-assago',
      'Comune di Opera:sindaco-opera',
      'Città metropolitana di Milano:manager-1',
    ]);
    expect(stored).toEqual([{ caseId: inForce.caseId, commitments }]);
    // One tracked term per commitment with a due date, falling due on that very date.
    expect(inForce.commitmentTerms.map((c) => [c.index, c.party, c.term.ruleId, c.term.dueDate])).toEqual([
      [0, ROZZANO, 'territorial-agreement.commitment-due', '2027-06-30'],
      [1, ASSAGO, 'territorial-agreement.commitment-due', '2027-03-31'],
    ]);
    const inForceEvent = events.find((e) => e.type === 'agreement-in-force');
    expect(inForceEvent).toMatchObject({
      registerOutbound: { correspondent: 'parties', documentId: 'draft-2' },
      closed: true,
      state: 'in-force',
    });
    expect(inForceEvent?.notifications?.map((n) => `${n.templateId}:${JSON.stringify(n.to)}`)).toEqual([
      'agreement-in-force:"parties"',
      'agreement-in-force:"officers"',
    ]);
    expect(inForce.conclusion).toMatchObject({ outcome: 'in-force', inForceOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    // The workflow follows the commitments to their due dates, then ends with the conclusion.
    await env.sleep(Date.parse('2027-07-02T00:00:00Z') - (await env.currentTimeMs()));
    const result: AgreementConclusion = await handle.result();
    expect(result).toEqual(inForce.conclusion);
    // On each due date the ledger is asked: Assago still owes three quarters (officers alerted), Rozzano paid.
    const due = events.filter((e) => e.type === 'commitment-due-date-passed');
    expect(due.map((e) => e.payload)).toEqual([
      expect.objectContaining({ index: 1, party: ASSAGO, dueDate: '2027-03-31', ledger: { amountCents: 4_000_000, paidCents: 1_000_000 } }),
    ]);
    expect(due[0].notifications).toEqual([expect.objectContaining({ templateId: 'deadline-expired', to: 'officers' })]);
    const settled = events.filter((e) => e.type === 'commitment-settled').map((e) => e.payload);
    expect(settled).toEqual([expect.objectContaining({ index: 0, party: ROZZANO, dueDate: '2027-06-30', paidCents: 15_000_000 })]);
    const commitmentReminders = events.filter(
      (e) => e.type === 'deadline-reminder' && String(e.payload.deadlineId).includes('/commitment/'),
    );
    expect(commitmentReminders.map((e) => e.notifications?.[0].to)).toContainEqual({ municipalities: [ASSAGO] });
    await recordHistoryIfAsked(handle, 'territorial-agreement', 'refusal-renegotiation-in-force.v3');
  });

  it('reminds the parties that have not signed, then alerts the officers at expiry without ending the agreement', async () => {
    const handle = await start();
    const sent = await draftAndSend(handle, 'draft-1');
    await handle.executeUpdate(signAgreementUpdate, { args: [{ actor: rozzano, documentId: 'signed-rozzano', draftVersion: 1 }] });
    const dueAt = Date.parse(sent.signatureTerm!.dueAt!);
    await env.sleep(dueAt - (await env.currentTimeMs()) + 2 * DAY);

    const overdue = await handle.query(getTerritorialAgreementQuery);
    expect(overdue).toMatchObject({ state: 'awaiting-signatures', signatureOverdue: true });
    const reminders = events.filter((e) => e.type === 'deadline-reminder');
    expect(reminders.map((e) => e.payload.rung)).toEqual(['t-minus-7', 't-minus-2', 't0']);
    expect(reminders.map((e) => e.notifications?.[0].to)).toEqual(Array(3).fill({ municipalities: [ASSAGO, OPERA] }));
    const expiry = events.find((e) => e.type === 'signature-term-expired');
    expect(expiry?.payload).toMatchObject({ pending: [ASSAGO, OPERA, 'cmm'] });
    expect(expiry?.notifications?.[0]).toMatchObject({ templateId: 'deadline-expired', to: 'officers' });
    expect(events.filter((e) => e.type === 'deadline-escalated').map((e) => e.notifications?.[0].to)).toEqual(['officers']);

    // A late signature is still accepted; the officers may then declare the failure.
    await handle.executeUpdate(signAgreementUpdate, { args: [{ actor: opera, documentId: 'signed-opera', draftVersion: 1 }] });
    const failed = await handle.executeUpdate(declareAgreementFailedUpdate, {
      args: [{ actor: officer, reasons: 'Assago non ha sottoscritto nel termine' }],
    });
    expect(failed.state).toBe('failed');
    expect(await handle.result()).toEqual({
      agreementCaseId: failed.caseId,
      outcome: 'failed',
      inForceOn: null,
      reason: 'Assago non ha sottoscritto nel termine',
    });
    await recordHistoryIfAsked(handle, 'territorial-agreement', 'expiry-then-failure.v1');
  });

  it('refuses the wrong role, a party that is not one, an outdated draft, bad commitments and an unsigned document', async () => {
    const handle = await start({ metropolitanExternalities: false });
    await handle.executeUpdate(addAgreementDraftUpdate, { args: [{ actor: officer, documentIds: ['draft-1'], note: '' }] });
    expect(
      await updateRefusalOf(handle.executeUpdate(addAgreementDraftUpdate, { args: [{ actor: rozzano, documentIds: ['x'], note: '' }] })),
    ).toMatchObject({ code: 'forbidden' });
    const badParty = await updateRefusalOf(
      handle.executeUpdate(setAgreementCommitmentsUpdate, {
        args: [{ actor: officer, commitments: [{ ...commitments[0], party: '015146' }] }],
      }),
    );
    expect(badParty).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^commitments\[0\]\.party: 015146 is not a party/),
    });
    // CMM is not a party here: a commitment of CMM is refused like any other stranger's.
    expect(
      await updateRefusalOf(handle.executeUpdate(setAgreementCommitmentsUpdate, { args: [{ actor: officer, commitments }] })),
    ).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/commitments\[2\]\.party: cmm/),
    });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(setAgreementCommitmentsUpdate, {
          args: [{ actor: officer, commitments: [{ ...commitments[0], amountCents: -5 }] }],
        }),
      ),
    ).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/amountCents/) });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(setAgreementCommitmentsUpdate, {
          args: [{ actor: officer, commitments: [{ ...commitments[0], dueDate: '2027-02-29' }] }],
        }),
      ),
    ).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/dueDate/) });
    await handle.executeUpdate(sendAgreementForSignatureUpdate, { args: [{ actor: officer }] });

    expect(
      await updateRefusalOf(
        handle.executeUpdate(signAgreementUpdate, { args: [{ actor: milano, documentId: 'signed-x', draftVersion: 1 }] }),
      ),
    ).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/015146 is not a party/),
    });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(signAgreementUpdate, { args: [{ actor: manager, documentId: 'signed-x', draftVersion: 1 }] }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await updateRefusalOf(
        handle.executeUpdate(signAgreementUpdate, { args: [{ actor: rozzano, documentId: 'signed-x', draftVersion: 7 }] }),
      ),
    ).toMatchObject({ code: 'invalid-state' });
    const unsigned = await updateRefusalWithStateOf(
      handle.executeUpdate(signAgreementUpdate, { args: [{ actor: rozzano, documentId: 'plain-pdf', draftVersion: 1 }] }),
    );
    expect(unsigned).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^documentId: .*no digital signature/) });
    expect(unsigned.text).toEqual({
      it: 'documentId: il PDF non reca alcuna firma digitale',
      en: 'documentId: the PDF carries no digital signature',
    });
    expect(
      await updateRefusalOf(handle.executeUpdate(declareAgreementFailedUpdate, { args: [{ actor: officer, reasons: 'x' }] })),
    ).toMatchObject({ code: 'invalid-state' });
    expect((await handle.query(getTerritorialAgreementQuery)).parties.every((p) => p.signature === null)).toBe(true);
    expect(events.filter((e) => e.type === 'sign')).toHaveLength(0);
    await handle.executeUpdate(withdrawAgreementUpdate, { args: [{ actor: officer, reason: 'Il piano è stato ritirato dal Comune' }] });
    expect((await handle.result()).outcome).toBe('withdrawn');
  });

  it('signals the waiting workflow on conclusion, and records a missing one without failing', async () => {
    // Any running workflow accepts a signal (buffered without a handler): another agreement stands in for the parent.
    const waiting = await start();
    const child = await start({ notifyWorkflowId: waiting.workflowId, metropolitanExternalities: false });
    await child.executeUpdate(withdrawAgreementUpdate, { args: [{ actor: officer, reason: 'Accordo superato' }] });
    expect((await child.result()).outcome).toBe('withdrawn');
    expect(events.find((e) => e.type === 'conclusion-signalled')?.payload).toMatchObject({
      workflowId: waiting.workflowId,
      outcome: 'withdrawn',
    });

    const orphan = await start({ notifyWorkflowId: `compatibility-evaluation-${crypto.randomUUID()}`, metropolitanExternalities: false });
    await orphan.executeUpdate(withdrawAgreementUpdate, { args: [{ actor: officer, reason: 'Accordo superato' }] });
    expect((await orphan.result()).outcome).toBe('withdrawn');
    expect(events.find((e) => e.type === 'conclusion-signal-failed')?.payload).toMatchObject({ outcome: 'withdrawn' });
  });
});
