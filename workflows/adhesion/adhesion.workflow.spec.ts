// The adhesion on Temporal's time-skipping server: the side effects are typed fakes that
// record what the workflow asked for (the activities themselves are tested on PostgreSQL
// through the API, test/e2e/adhesion.e2e-spec.ts).
import {
  CASE_SEARCH_ATTRIBUTES,
  type AdhesionActivities,
  type AdhesionInput,
  type CaseEventInput,
  awaitAdhesionReceiptUpdate,
  getAdhesionQuery,
  registerAdhesionUpdate,
  rejectAdhesionUpdate,
  requestAdhesionCorrectionsUpdate,
  submitAdhesionCorrectionsUpdate,
  withdrawAdhesionUpdate,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
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

const RHO = '015182';
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const comune: Actor = { subject: 'ut-rho', name: 'Ufficio tecnico', email: 'ut@comune.rho.test', role: 'comune', istatCode: RHO };
const otherComune: Actor = { ...comune, subject: 'ut-milano', istatCode: '015146' };

describe('adhesionWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let events: CaseEventInput[];
  let recorded: Parameters<AdhesionActivities['recordAdhesion']>[0][];
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
    recorded = [];
    taskQueue = uniqueTaskQueue('adhesion');
    const adhesionActivities: AdhesionActivities = {
      async registerAdhesionSubmission(input) {
        return { caseId: input.caseId, reference: 'AD-2026-000001', protocolNumber: '2026/0000050', receivedAt: input.receivedAt };
      },
      async recordAdhesion(input) {
        recorded.push(input);
        return {
          effectiveFrom: input.at.slice(0, 10),
          ledgerTransactionId: input.adhesion.commitments.length > 0 ? '9d2c7c55-1b43-4a53-9c9c-3b3b0e1c4a10' : null,
        };
      },
    };
    worker = await startTimeSkippingWorker(env, taskQueue, { ...recordingCaseActivities(events, '2026/0000077'), ...adhesionActivities });
  });

  afterEach(() => worker.stop());

  async function start(): Promise<WorkflowHandle> {
    const receivedAt = new Date(await env.currentTimeMs()).toISOString();
    const caseId = crypto.randomUUID();
    const input: AdhesionInput = {
      caseId,
      istatCode: RHO,
      deliberation: { number: '12', date: '2026-03-02' },
      sttm: [1, 3],
      adhesionCase: 'd',
      fund: true,
      commitments: [
        {
          party: RHO,
          kind: 'fund-contribution',
          legalBasis: 'LR 12/2005 art. 43 c.2-bis',
          amountCents: 2_500_000,
          description: 'Quota annuale al Fondo',
          dueDate: '2026-12-31',
        },
      ],
      files: [],
      submittedBy: comune,
      receivedAt,
      businessKey: `${RHO}|12|2026-03-02|${caseId}`,
    };
    const handle = await env.client.workflow.start('adhesionWorkflow', { taskQueue, workflowId: `adhesion-${caseId}`, args: [input] });
    await handle.executeUpdate(awaitAdhesionReceiptUpdate);
    return handle;
  }

  it('asks for corrections, takes them, registers the adhesion with its commitments and notifies the municipality by PEC', async () => {
    const handle = await start();
    expect((await handle.query(getAdhesionQuery)).state).toBe('under-review');

    const asked = await handle.executeUpdate(requestAdhesionCorrectionsUpdate, {
      args: [{ actor: officer, corrections: ['Indicare le STTM nel dispositivo'], note: '' }],
    });
    expect(asked).toMatchObject({ state: 'corrections-requested', correctionRequests: 1 });
    expect(await updateRefusalWithStateOf(handle.executeUpdate(registerAdhesionUpdate, { args: [{ actor: officer }] }))).toMatchObject({
      code: 'invalid-state',
      state: 'corrections-requested',
    });
    await handle.executeUpdate(submitAdhesionCorrectionsUpdate, {
      args: [{ actor: comune, note: 'Delibera rettificata', documentIds: [] }],
    });

    const registered = await handle.executeUpdate(registerAdhesionUpdate, { args: [{ actor: officer }] });
    expect(registered).toMatchObject({
      state: 'registered',
      registration: { protocolNumber: '2026/0000077', ledgerTransactionId: expect.any(String) },
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ registeredBy: officer, adhesion: { istatCode: RHO, sttm: [1, 3], fund: true } });
    // Operators find the case in Temporal by what officers call it (CASE_SEARCH_ATTRIBUTES).
    const { typedSearchAttributes } = await handle.describe();
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.reference)).toBe('AD-2026-000001');
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.procedure)).toBe('adhesion');
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.state)).toBe('registered');
    expect(typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.istatCodes)).toEqual([RHO]);
    const registration = events.find((e) => e.type === 'register-adhesion');
    expect(registration).toMatchObject({ closed: true, state: 'registered', registerOutbound: { correspondent: 'municipality' } });
    expect(registration?.notifications).toEqual([
      expect.objectContaining({ templateId: 'adhesion-registered', to: 'municipality', channel: 'pec' }),
    ]);
    expect(events.find((e) => e.type === 'request-corrections')?.notifications?.[0]).toMatchObject({
      templateId: 'adhesion-corrections-requested',
      channel: 'pec',
    });
    expect(await handle.result()).toMatchObject({ state: 'registered' });
    await recordHistoryIfAsked(handle, 'adhesion', 'corrections-then-registration.v2');
  });

  it('lets only the municipality withdraw, and only before registration; rejection needs reasons', async () => {
    const handle = await start();
    expect(
      await updateRefusalOf(handle.executeUpdate(withdrawAdhesionUpdate, { args: [{ actor: otherComune, reason: 'x' }] })),
    ).toMatchObject({ code: 'forbidden' });
    expect(await updateRefusalOf(handle.executeUpdate(registerAdhesionUpdate, { args: [{ actor: comune }] }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await updateRefusalOf(handle.executeUpdate(rejectAdhesionUpdate, { args: [{ actor: officer, reason: '  ' }] }))).toMatchObject({
      code: 'invalid-input',
    });
    const withdrawn = await handle.executeUpdate(withdrawAdhesionUpdate, {
      args: [{ actor: comune, reason: 'Delibera revocata dal Consiglio' }],
    });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', closure: { reason: 'Delibera revocata dal Consiglio' } });
    expect(recorded).toEqual([]);
    // Refusals never reach the timeline.
    expect(events.map((e) => e.type)).toEqual(['registered', 'withdraw']);
    await handle.result();
  });

  it('rejects with reasons, registered outbound and sent by PEC', async () => {
    const handle = await start();
    const rejected = await handle.executeUpdate(rejectAdhesionUpdate, {
      args: [{ actor: officer, reason: 'La delibera non è del Consiglio comunale' }],
    });
    expect(rejected).toMatchObject({ state: 'rejected', closure: { state: 'rejected' } });
    expect(events.at(-1)).toMatchObject({
      type: 'reject',
      registerOutbound: { correspondent: 'municipality' },
      notifications: [{ templateId: 'adhesion-rejected', channel: 'pec' }],
    });
    expect(await handle.result()).toMatchObject({ state: 'rejected' });
  });
});
