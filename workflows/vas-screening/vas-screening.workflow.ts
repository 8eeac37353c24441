import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type CaseActivities,
  type DeadlineActivities,
  type OpinionArgs,
  type TrackedDeadline,
  type VasDecisionArgs,
  type VasScreeningInput,
  type VasScreeningResult,
  type VasScreeningView,
  type VasStepArgs,
  type SttmApprovalActivities,
  availableActionsQuery,
  decideVasUpdate,
  getVasScreeningQuery,
  probeActions,
  recordVasOpinionUpdate,
  recordVasStepUpdate,
} from '@cmm/contracts';
import { type Actor, SYSTEM_ACTOR, type VasAction, vasActionSamples, type VasEvent, applyVasEvent, initialVasStatus, isVasRefusal, isVasTerminal, vasNextState } from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

const acts = procedureActivities<CaseActivities & DeadlineActivities & SttmApprovalActivities>();

const OPINIONS_RULE = 'vas-screening.opinions';
const DECISION_RULE = 'vas-screening.decision';
const LADDER = 'standard';

const STEP_LABELS = {
  'sivas-deposit': 'Deposito su SIVAS degli elaborati delle STTM',
  'authorities-notice': 'Comunicazione del deposito alle autorità ambientali e agli enti gestori ZSC/ZPS',
  'vinca-request': 'Trasmissione dello screening di incidenza (VIncA livello 1) a Regione Lombardia',
  'conferenza-di-verifica': 'Conferenza di verifica di esclusione dalla VAS',
} as const;

// A civil date as the instant the deadline activities take (they read the Rome day of it).
const noonOf = (date: string) => `${date}T10:00:00.000Z`;

/**
 * Verifica di esclusione dalla VAS with VIncA screening (D.Lgs. 152/2006 art. 12; Relazione
 * §2.1 note 3), a child of the STTM approval: it returns the outcome, the parent acts on it.
 */
export async function vasScreeningWorkflow(input: VasScreeningInput): Promise<VasScreeningResult> {
  const { workflowId } = workflowInfo();
  let status = initialVasStatus();
  let opinionsTerm: TrackedDeadline | null = null;
  let decisionTerm: TrackedDeadline | null = null;
  let result: VasScreeningResult | null = null;
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();

  const view = (): VasScreeningView => ({
    caseId: input.caseId,
    state: status.state,
    steps: status.steps,
    opinions: status.opinions,
    opinionsTerm: opinionsTerm?.view ?? null,
    decisionTerm: decisionTerm?.view ?? null,
    result,
  });

  const record = async (event: VasEvent, actor: Actor, payload: Record<string, unknown>, outbound?: string, documentId?: string | null) => {
    status = applyVasEvent(status, event);
    eventCount++;
    const out = await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type: `vas-${event.type}`,
      payload,
      idempotencyKey: `${workflowId}/${eventCount}/${event.type}`,
      ...(outbound ? { registerOutbound: { correspondent: 'municipality' as const, subject: outbound, ...(documentId ? { documentId } : {}) } } : {}),
    });
    changes.bump();
    return out;
  };

  const action = guardedActions<VasAction, ReturnType<typeof view>>(
    serial,
    (act) => {
      const verdict = vasNextState(status, act);
      return isVasRefusal(verdict) ? verdict : null;
    },
    view,
  );

  setHandler(getVasScreeningQuery, view);
  // What a user may do now: the validators' own check on a sample of each step (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(vasActionSamples(status), (act) => {
      const verdict = vasNextState(status, act);
      return isVasRefusal(verdict) ? verdict : null;
    }, actor, status),
  );

  setHandler(
    recordVasStepUpdate,
    ...handlerPair(
      action<VasStepArgs>((arg) => ({ type: 'record-step', ...arg }), async (arg) => {
        if (arg.step === 'authorities-notice') {
          // Both terms run from the transmission of the preliminary report (art. 12 c.2, c.4).
          opinionsTerm = await acts.startDeadline({ caseId: input.caseId, deadlineId: `${input.caseId}/vas-opinions`, ruleId: OPINIONS_RULE, ladderId: LADDER, startInstant: noonOf(arg.act.date) });
          decisionTerm = await acts.startDeadline({ caseId: input.caseId, deadlineId: `${input.caseId}/vas-decision`, ruleId: DECISION_RULE, ladderId: LADDER, startInstant: noonOf(arg.act.date) });
        }
        const outbound = arg.step === 'conferenza-di-verifica' ? undefined : `${STEP_LABELS[arg.step]} (${arg.act.type} n. ${arg.act.number} del ${arg.act.date})`;
        await record({ type: 'record-step', ...arg }, arg.actor, {
          step: arg.step,
          label: STEP_LABELS[arg.step],
          act: arg.act,
          opinionsDueDate: opinionsTerm?.view.dueDate ?? null,
          decisionDueDate: decisionTerm?.view.dueDate ?? null,
        }, outbound, arg.act.documentId);
      }),
    ),
  );

  setHandler(
    recordVasOpinionUpdate,
    ...handlerPair(
      action<OpinionArgs>((arg) => ({ type: 'record-opinion', ...arg }), async (arg) => {
        const { protocolNumber } = await acts.registerInbound({
          caseId: input.caseId,
          correspondent: arg.from,
          subject: `Parere nella verifica di assoggettabilità a VAS — ${arg.from}`,
          registeredBy: arg.actor.subject,
          idempotencyKey: `${workflowId}/opinion/${status.opinions.length + 1}`,
        });
        await record({ type: 'record-opinion', ...arg }, arg.actor, {
          from: arg.from,
          text: arg.text,
          documentIds: arg.documentIds,
          receivedOn: arg.receivedOn,
          late: status.opinionsClosed,
          inboundProtocolNumber: protocolNumber,
        });
      }),
    ),
  );

  setHandler(
    decideVasUpdate,
    ...handlerPair(
      action<VasDecisionArgs>((arg) => ({ type: 'decide', ...arg }), async (arg) => {
        const label = arg.outcome === 'excluded' ? 'Decreto di esclusione dalla VAS' : 'Decreto di assoggettamento a VAS';
        await record({ type: 'decide', ...arg }, arg.actor, { outcome: arg.outcome, reasons: arg.reasons, act: arg.act }, `${label} n. ${arg.act.number} del ${arg.act.date}`, arg.act.documentId);
        result = { outcome: arg.outcome, decree: arg.act, reasons: arg.reasons };
        for (const term of [opinionsTerm, decisionTerm]) if (term) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: term === decisionTerm ? 'met' : 'expired' });
      }),
    ),
  );

  const terms = () => ({ opinions: opinionsTerm, decision: decisionTerm });

  while (!isVasTerminal(status.state)) {
    const seen = changes.current;
    const { opinions, decision } = terms();
    const wake = earliest([status.opinionsClosed ? undefined : opinions?.view.next?.at, status.opinionsClosed ? undefined : expiryInstant(opinions), decision?.view.next?.at]);
    if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
  }
  await condition(allHandlersFinished);
  return result ?? { outcome: 'subjected', decree: null, reasons: 'cancelled' };

  async function onTime(): Promise<void> {
    if (isVasTerminal(status.state)) return;
    const context = { caseId: input.caseId, workflowId, caseData: { vasScreening: true } };
    const opinionsExpiry = expiryInstant(opinionsTerm);
    if (opinionsTerm && opinionsExpiry && !status.opinionsClosed && Date.parse(opinionsExpiry) <= Date.now()) {
      await record({ type: 'opinions-term-expired' }, SYSTEM_ACTOR, { dueDate: opinionsTerm.view.dueDate, opinions: status.opinions.length });
      await acts.closeDeadline({ deadlineId: opinionsTerm.view.deadlineId, status: 'expired' });
    }
    if (opinionsTerm && !status.opinionsClosed) opinionsTerm = await fireDueRung(acts, { ...context, key: `${++eventCount}` }, opinionsTerm, LADDER);
    if (decisionTerm) decisionTerm = await fireDueRung(acts, { ...context, key: `${++eventCount}` }, decisionTerm, LADDER);
  }
}
