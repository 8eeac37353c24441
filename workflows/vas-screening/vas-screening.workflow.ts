import { patched, setHandler } from '@temporalio/workflow';
import {
  type CaseActivities,
  type DeadlineActivities,
  type OpinionArgs,
  type SttmApprovalActivities,
  type TrackedDeadline,
  type VasDecisionArgs,
  type VasScreeningInput,
  type VasScreeningResult,
  type VasScreeningView,
  type VasStepArgs,
  decideVasUpdate,
  getVasScreeningQuery,
  recordVasOpinionUpdate,
  recordVasStepUpdate,
} from '@cmm/contracts';
import {
  type Actor,
  SYSTEM_ACTOR,
  type VasAction,
  type VasEvent,
  type VasStatus,
  applyVasEvent,
  initialVasStatus,
  isRefusal,
  isVasTerminal,
  vasActionSamples,
  vasNextState,
} from '@cmm/domain';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { expiryInstant, fireDueRung } from '../shared/tracked-terms';

const acts = procedureActivities<CaseActivities & DeadlineActivities & SttmApprovalActivities>();

const OPINIONS_RULE = 'vas-screening.opinions';
const DECISION_RULE = 'vas-screening.decision';
const LADDER = 'standard';
const DECISION_FROM_DEPOSIT = 'vas-decision-from-deposit';

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
  return new VasScreeningCase(input).run();
}

class VasScreeningCase extends ProcedureCase<VasStatus, VasEvent, VasAction, VasScreeningView> {
  protected status = initialVasStatus();
  private opinionsTerm: TrackedDeadline | null = null;
  private decisionTerm: TrackedDeadline | null = null;
  private result: VasScreeningResult | null = null;

  constructor(private readonly input: VasScreeningInput) {
    super(acts);
    setHandler(getVasScreeningQuery, () => this.view());
    this.offerActions(() => vasActionSamples(this.status));
    this.action(
      recordVasStepUpdate,
      (arg: VasStepArgs) => ({ type: 'record-step', ...arg }),
      (arg) => this.recordStep(arg),
    );
    this.action(
      recordVasOpinionUpdate,
      (arg: OpinionArgs) => ({ type: 'record-opinion', ...arg }),
      (arg) => this.recordOpinion(arg),
    );
    this.action(
      decideVasUpdate,
      (arg: VasDecisionArgs) => ({ type: 'decide', ...arg }),
      (arg) => this.decide(arg),
    );
  }

  async run(): Promise<VasScreeningResult> {
    await this.runUntilClosed();
    return this.result ?? { outcome: 'subjected', decree: null, reasons: 'cancelled' };
  }

  // The screening runs on the STTM's case, which the STTM's workflow indexes with its reference.
  protected caseIndex() {
    return { procedure: 'vas-screening' as const, reference: null, istatCodes: [] };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): VasScreeningView {
    const { status } = this;
    return {
      caseId: this.input.caseId,
      state: status.state,
      steps: status.steps,
      opinions: status.opinions,
      opinionsTerm: this.opinionsTerm?.view ?? null,
      decisionTerm: this.decisionTerm?.view ?? null,
      result: this.result,
    };
  }

  protected applied(event: VasEvent): VasStatus {
    return applyVasEvent(this.status, event);
  }

  protected refusalOf(action: VasAction) {
    const verdict = vasNextState(this.status, action);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isVasTerminal(this.status.state);
  }

  /** The screening's events are steps of the STTM case: prefixed, without a state of their own. */
  private async recordStep(arg: VasStepArgs): Promise<void> {
    const { input } = this;
    const startDecision = () =>
      acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/vas-decision`,
        ruleId: DECISION_RULE,
        ladderId: LADDER,
        startInstant: noonOf(arg.act.date),
      });
    // The decision's 90 days run from the transmission of the preliminary report to the
    // competent authority (art. 12 c.1, c.4), the deposit; runs started before this version
    // counted them from the notice to the environmental bodies and keep doing so.
    if (arg.step === 'sivas-deposit' && patched(DECISION_FROM_DEPOSIT)) this.decisionTerm = await startDecision();
    if (arg.step === 'authorities-notice') {
      // The opinions' 30 days run from the authority's transmission to the environmental bodies (art. 12 c.2).
      this.opinionsTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/vas-opinions`,
        ruleId: OPINIONS_RULE,
        ladderId: LADDER,
        startInstant: noonOf(arg.act.date),
      });
      if (this.decisionTerm === null) this.decisionTerm = await startDecision();
    }
    const outbound =
      arg.step === 'conferenza-di-verifica'
        ? undefined
        : `${STEP_LABELS[arg.step]} (${arg.act.type} n. ${arg.act.number} del ${arg.act.date})`;
    await this.recordStepEvent(
      { type: 'record-step', ...arg },
      arg.actor,
      {
        step: arg.step,
        label: STEP_LABELS[arg.step],
        act: arg.act,
        opinionsDueDate: this.opinionsTerm?.view.dueDate ?? null,
        decisionDueDate: this.decisionTerm?.view.dueDate ?? null,
      },
      outbound,
      arg.act.documentId,
    );
  }

  private async recordOpinion(arg: OpinionArgs): Promise<void> {
    const { protocolNumber } = await acts.registerInbound({
      caseId: this.input.caseId,
      correspondent: arg.from,
      subject: `Parere nella verifica di assoggettabilità a VAS — ${arg.from}`,
      registeredBy: arg.actor.subject,
      idempotencyKey: `${this.workflowId}/opinion/${this.status.opinions.length + 1}`,
    });
    await this.recordStepEvent({ type: 'record-opinion', ...arg }, arg.actor, {
      from: arg.from,
      text: arg.text,
      documentIds: arg.documentIds,
      receivedOn: arg.receivedOn,
      late: this.status.opinionsClosed,
      inboundProtocolNumber: protocolNumber,
    });
  }

  private async decide(arg: VasDecisionArgs): Promise<void> {
    const label = arg.outcome === 'excluded' ? 'Decreto di esclusione dalla VAS' : 'Decreto di assoggettamento a VAS';
    await this.recordStepEvent(
      { type: 'decide', ...arg },
      arg.actor,
      { outcome: arg.outcome, reasons: arg.reasons, act: arg.act },
      `${label} n. ${arg.act.number} del ${arg.act.date}`,
      arg.act.documentId,
    );
    this.result = { outcome: arg.outcome, decree: arg.act, reasons: arg.reasons };
    for (const term of [this.opinionsTerm, this.decisionTerm])
      if (term) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: term === this.decisionTerm ? 'met' : 'expired' });
  }

  private async recordStepEvent(
    event: VasEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    outbound?: string,
    documentId?: string | null,
  ): Promise<void> {
    this.status = this.applied(event);
    await this.recordOnCase(
      {
        actor,
        type: `vas-${event.type}`,
        payload,
        ...(outbound
          ? { registerOutbound: { correspondent: 'municipality' as const, subject: outbound, ...(documentId ? { documentId } : {}) } }
          : {}),
      },
      event.type,
    );
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    if (!this.status.opinionsClosed) {
      yield this.opinionsTerm?.view.next?.at;
      yield expiryInstant(this.opinionsTerm);
    }
    yield this.decisionTerm?.view.next?.at;
  }

  protected override async onTime(): Promise<void> {
    if (this.isClosed()) return;
    const opinionsExpiry = expiryInstant(this.opinionsTerm);
    if (this.opinionsTerm && opinionsExpiry && !this.status.opinionsClosed && Date.parse(opinionsExpiry) <= Date.now()) {
      await this.recordStepEvent({ type: 'opinions-term-expired' }, SYSTEM_ACTOR, {
        dueDate: this.opinionsTerm.view.dueDate,
        opinions: this.status.opinions.length,
      });
      await acts.closeDeadline({ deadlineId: this.opinionsTerm.view.deadlineId, status: 'expired' });
    }
    const caseData = { vasScreening: true };
    if (this.opinionsTerm && !this.status.opinionsClosed)
      this.opinionsTerm = await fireDueRung(acts, this.reminderContext(caseData), this.opinionsTerm, LADDER);
    if (this.decisionTerm) this.decisionTerm = await fireDueRung(acts, this.reminderContext(caseData), this.decisionTerm, LADDER);
  }
}
