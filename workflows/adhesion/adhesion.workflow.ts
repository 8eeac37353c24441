import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type ActorArg,
  type AdhesionActivities,
  type AdhesionInput,
  type AdhesionReasonArgs,
  type AdhesionView,
  type CaseActivities,
  type NotificationIntent,
  type RequestCorrectionsArgs,
  type SubmissionReceipt,
  type SubmitCorrectionsArgs,
  availableActionsQuery,
  awaitAdhesionReceiptUpdate,
  getAdhesionQuery,
  probeActions,
  registerAdhesionUpdate,
  rejectAdhesionUpdate,
  requestAdhesionCorrectionsUpdate,
  submitAdhesionCorrectionsUpdate,
  withdrawAdhesionUpdate,
} from '@cmm/contracts';
import {
  ADHESION_ACTION_SAMPLES,
  type Actor,
  type AdhesionAction,
  type AdhesionEvent,
  type AdhesionFacts,
  SYSTEM_ACTOR,
  applyAdhesionEvent,
  initialAdhesionStatus,
  isAdhesionRefusal,
  isAdhesionTerminal,
  nextAdhesionState,
} from '@cmm/domain';
import { SerialQueue } from '../shared/serial-queue';
import { handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

// Each step is one short database transaction: local activities, retried until the database answers.
const acts = procedureActivities<CaseActivities & AdhesionActivities>();

/**
 * Atto deliberativo di adesione (NdA PTM art. 11; Relazione generale §4.5): the municipality
 * files its deliberation, CMM checks it (asking for corrections if needed) and registers it;
 * from then on the municipality counts as adhering and its commitments are in the Fund ledger.
 * No legal term runs on CMM's check, so the workflow only waits for the people involved.
 */
export async function adhesionWorkflow(input: AdhesionInput): Promise<AdhesionView> {
  const { workflowId } = workflowInfo();
  const facts: AdhesionFacts = { istatCode: input.istatCode };
  let status = initialAdhesionStatus();
  let receipt: SubmissionReceipt | null = null;
  let registration: AdhesionView['registration'] = null;
  let closure: AdhesionView['closure'] = null;
  let eventCount = 0;
  const serial = new SerialQueue();

  const view = (): AdhesionView => ({
    caseId: input.caseId,
    state: status.state,
    receipt,
    istatCode: input.istatCode,
    sttm: input.sttm,
    adhesionCase: input.adhesionCase,
    fund: input.fund,
    deliberation: input.deliberation,
    commitments: input.commitments,
    correctionRequests: status.correctionRequests,
    registration,
    closure,
  });

  const caseData = () => ({
    caseReference: receipt?.reference,
    protocolNumber: receipt?.protocolNumber,
    deliberation: input.deliberation,
    sttm: input.sttm,
    adhesionCase: input.adhesionCase,
  });

  const record = async (
    event: AdhesionEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: { notifications?: NotificationIntent[]; registerOutbound?: { correspondent: 'municipality'; subject: string; documentId?: string } } = {},
  ) => {
    status = applyAdhesionEvent(status, event, facts);
    eventCount++;
    return acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type: event.type,
      payload,
      state: status.state,
      closed: isAdhesionTerminal(status.state),
      idempotencyKey: `${workflowId}/${eventCount}/${event.type}`,
      ...extra,
    });
  };

  // Validated against the current state (a refusal never reaches history), then again in the
  // serial queue, in case an earlier action changed the state meanwhile.
  const guarded = guardedActions<AdhesionAction, ReturnType<typeof view>>(
    serial,
    (act) => {
      const verdict = nextAdhesionState(status, act, facts);
      return isAdhesionRefusal(verdict) ? verdict : null;
    },
    view,
  );
  const action = <A extends { actor: Actor }>(toAction: (arg: A) => AdhesionAction, perform: (arg: A, action: AdhesionAction) => Promise<void>) =>
    handlerPair(guarded(toAction, perform));

  setHandler(getAdhesionQuery, view);
  // What a user may do now: the validators' own check on a sample of each action (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(ADHESION_ACTION_SAMPLES, (act) => {
      const verdict = nextAdhesionState(status, act, facts);
      return isAdhesionRefusal(verdict) ? verdict : null;
    }, actor, status),
  );
  setHandler(awaitAdhesionReceiptUpdate, async () => {
    await condition(() => receipt !== null && status.state !== 'received');
    return receipt as SubmissionReceipt;
  });

  setHandler(
    requestAdhesionCorrectionsUpdate,
    ...action<RequestCorrectionsArgs>((arg) => ({ type: 'request-corrections', ...arg }), async (arg, act) => {
      await record(act, arg.actor, { corrections: arg.corrections, note: arg.note }, {
        notifications: [
          {
            key: `adhesion-corrections-requested/${status.correctionRequests + 1}`,
            templateId: 'adhesion-corrections-requested',
            to: 'municipality',
            channel: 'pec',
            data: { ...caseData(), correctionsText: arg.corrections.join('; '), note: arg.note },
          },
        ],
      });
    }),
  );

  setHandler(
    submitAdhesionCorrectionsUpdate,
    ...action<SubmitCorrectionsArgs>((arg) => ({ type: 'submit-corrections', ...arg }), async (arg, act) => {
      await record(act, arg.actor, { note: arg.note, documentIds: arg.documentIds }, {
        notifications: [
          { key: `integration-received/${status.correctionRequests}`, templateId: 'integration-received', to: 'officers', channel: 'email', data: { ...caseData(), note: arg.note } },
        ],
      });
    }),
  );

  setHandler(
    registerAdhesionUpdate,
    ...action<ActorArg>(({ actor }) => ({ type: 'register-adhesion', actor }), async (arg, act) => {
      const at = new Date(Date.now()).toISOString();
      const recorded = await acts.recordAdhesion({ adhesion: input, registeredBy: arg.actor, at });
      const { protocolNumber } = await record(
        act,
        arg.actor,
        { effectiveFrom: recorded.effectiveFrom, ledgerTransactionId: recorded.ledgerTransactionId, sttm: input.sttm, adhesionCase: input.adhesionCase, fund: input.fund },
        {
          registerOutbound: { correspondent: 'municipality', subject: `Registrazione dell'adesione alle STTM e al Fondo perequativo — ${receipt?.reference ?? input.caseId}` },
          notifications: [
            {
              key: 'adhesion-registered',
              templateId: 'adhesion-registered',
              to: 'municipality',
              channel: 'pec',
              data: { ...caseData(), fund: input.fund, effectiveFrom: recorded.effectiveFrom, commitments: input.commitments.length },
            },
          ],
        },
      );
      registration = { effectiveFrom: recorded.effectiveFrom, protocolNumber, ledgerTransactionId: recorded.ledgerTransactionId };
    }),
  );

  setHandler(
    rejectAdhesionUpdate,
    ...action<AdhesionReasonArgs>((arg) => ({ type: 'reject', actor: arg.actor, reasons: arg.reason }), async (arg, act) => {
      await record(act, arg.actor, { reasons: arg.reason }, {
        registerOutbound: { correspondent: 'municipality', subject: `Diniego della registrazione dell'adesione — ${receipt?.reference ?? input.caseId}` },
        notifications: [{ key: 'adhesion-rejected', templateId: 'adhesion-rejected', to: 'municipality', channel: 'pec', data: { ...caseData(), reasons: arg.reason } }],
      });
      closure = { state: status.state, reason: arg.reason };
    }),
  );

  setHandler(
    withdrawAdhesionUpdate,
    ...action<AdhesionReasonArgs>((arg) => ({ type: 'withdraw', actor: arg.actor, reason: arg.reason }), async (arg, act) => {
      await record(act, arg.actor, { reason: arg.reason }, {
        notifications: [{ key: 'withdraw', templateId: 'case-closed', to: 'officers', channel: 'email', data: { ...caseData(), closure: 'withdraw', reason: arg.reason } }],
      });
      closure = { state: status.state, reason: arg.reason };
    }),
  );

  // Registration in the protocol: the case exists with its number before any action is accepted.
  receipt = await acts.registerAdhesionSubmission(input);
  await serial.run(() => record({ type: 'registered' }, SYSTEM_ACTOR, { protocolNumber: receipt?.protocolNumber ?? null }));

  await condition(() => isAdhesionTerminal(status.state));
  await condition(allHandlersFinished);
  return view();
}
