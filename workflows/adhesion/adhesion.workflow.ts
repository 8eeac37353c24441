import { condition, setHandler } from '@temporalio/workflow';
import {
  type ActorArg,
  type AdhesionActivities,
  type AdhesionInput,
  type AdhesionReasonArgs,
  type AdhesionView,
  type CaseActivities,
  type RequestCorrectionsArgs,
  type SubmissionReceipt,
  type SubmitCorrectionsArgs,
  awaitAdhesionReceiptUpdate,
  getAdhesionQuery,
  registerAdhesionUpdate,
  rejectAdhesionUpdate,
  requestAdhesionCorrectionsUpdate,
  submitAdhesionCorrectionsUpdate,
  withdrawAdhesionUpdate,
} from '@cmm/contracts';
import {
  ADHESION_ACTION_SAMPLES,
  type AdhesionAction,
  type AdhesionEvent,
  type AdhesionFacts,
  type AdhesionStatus,
  SYSTEM_ACTOR,
  applyAdhesionEvent,
  initialAdhesionStatus,
  isRefusal,
  isAdhesionTerminal,
  nextAdhesionState,
} from '@cmm/domain';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';

// Each step is one short database transaction: local activities, retried until the database answers.
const acts = procedureActivities<CaseActivities & AdhesionActivities>();

/**
 * Atto deliberativo di adesione (NdA PTM art. 11; Relazione generale §4.5): the municipality
 * files its deliberation, CMM checks it (asking for corrections if needed) and registers it;
 * from then on the municipality counts as adhering and its commitments are in the Fund ledger.
 * No legal term runs on CMM's check, so the workflow only waits for the people involved.
 */
export async function adhesionWorkflow(input: AdhesionInput): Promise<AdhesionView> {
  return new AdhesionCase(input).run();
}

class AdhesionCase extends ProcedureCase<AdhesionStatus, AdhesionEvent, AdhesionAction, AdhesionView> {
  protected status = initialAdhesionStatus();
  private readonly facts: AdhesionFacts;
  private receipt: SubmissionReceipt | null = null;
  private registration: AdhesionView['registration'] = null;
  private closure: AdhesionView['closure'] = null;

  constructor(private readonly input: AdhesionInput) {
    super(acts);
    this.facts = { istatCode: input.istatCode };
    setHandler(getAdhesionQuery, () => this.view());
    this.offerActions(() => ADHESION_ACTION_SAMPLES);
    setHandler(awaitAdhesionReceiptUpdate, async () => {
      await condition(() => this.receipt !== null && this.status.state !== 'received');
      return this.receipt as SubmissionReceipt;
    });
    this.action(
      requestAdhesionCorrectionsUpdate,
      (arg: RequestCorrectionsArgs) => ({ type: 'request-corrections', ...arg }),
      (arg, act) => this.requestCorrections(arg, act),
    );
    this.action(
      submitAdhesionCorrectionsUpdate,
      (arg: SubmitCorrectionsArgs) => ({ type: 'submit-corrections', ...arg }),
      (arg, act) => this.submitCorrections(arg, act),
    );
    this.action(
      registerAdhesionUpdate,
      ({ actor }: ActorArg) => ({ type: 'register-adhesion', actor }),
      (arg, act) => this.register(arg, act),
    );
    this.action(
      rejectAdhesionUpdate,
      (arg: AdhesionReasonArgs) => ({ type: 'reject', actor: arg.actor, reasons: arg.reason }),
      (arg, act) => this.reject(arg, act),
    );
    this.action(
      withdrawAdhesionUpdate,
      (arg: AdhesionReasonArgs) => ({ type: 'withdraw', actor: arg.actor, reason: arg.reason }),
      (arg, act) => this.withdraw(arg, act),
    );
  }

  async run(): Promise<AdhesionView> {
    // Registration in the protocol: the case exists with its number before any action is accepted.
    this.receipt = await acts.registerAdhesionSubmission(this.input);
    await this.serial.run(() =>
      this.record({ type: 'registered' }, SYSTEM_ACTOR, { protocolNumber: this.receipt?.protocolNumber ?? null }),
    );
    await this.runUntilClosed();
    return this.view();
  }

  protected caseIndex() {
    return { procedure: 'adhesion' as const, reference: this.receipt?.reference ?? null, istatCodes: [this.input.istatCode] };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): AdhesionView {
    const { input, status } = this;
    return {
      caseId: input.caseId,
      state: status.state,
      receipt: this.receipt,
      istatCode: input.istatCode,
      sttm: input.sttm,
      adhesionCase: input.adhesionCase,
      fund: input.fund,
      deliberation: input.deliberation,
      commitments: input.commitments,
      correctionRequests: status.correctionRequests,
      registration: this.registration,
      closure: this.closure,
    };
  }

  protected applied(event: AdhesionEvent): AdhesionStatus {
    return applyAdhesionEvent(this.status, event, this.facts);
  }

  protected refusalOf(action: AdhesionAction) {
    const verdict = nextAdhesionState(this.status, action, this.facts);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isAdhesionTerminal(this.status.state);
  }

  private caseData() {
    const { input, receipt } = this;
    return {
      caseReference: receipt?.reference,
      protocolNumber: receipt?.protocolNumber,
      deliberation: input.deliberation,
      sttm: input.sttm,
      adhesionCase: input.adhesionCase,
    };
  }

  private get reference(): string {
    return this.receipt?.reference ?? this.input.caseId;
  }

  private async requestCorrections(arg: RequestCorrectionsArgs, act: AdhesionAction): Promise<void> {
    await this.record(
      act,
      arg.actor,
      { corrections: arg.corrections, note: arg.note },
      {
        notifications: [
          {
            key: `adhesion-corrections-requested/${this.status.correctionRequests + 1}`,
            templateId: 'adhesion-corrections-requested',
            to: 'municipality',
            channel: 'pec',
            data: { ...this.caseData(), correctionsText: arg.corrections.join('; '), note: arg.note },
          },
        ],
      },
    );
  }

  private async submitCorrections(arg: SubmitCorrectionsArgs, act: AdhesionAction): Promise<void> {
    await this.record(
      act,
      arg.actor,
      { note: arg.note, documentIds: arg.documentIds },
      {
        notifications: [
          {
            key: `integration-received/${this.status.correctionRequests}`,
            templateId: 'integration-received',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), note: arg.note },
          },
        ],
      },
    );
  }

  private async register(arg: ActorArg, act: AdhesionAction): Promise<void> {
    const { input } = this;
    const recorded = await acts.recordAdhesion({ adhesion: input, registeredBy: arg.actor, at: this.now() });
    const { protocolNumber } = await this.record(
      act,
      arg.actor,
      {
        effectiveFrom: recorded.effectiveFrom,
        ledgerTransactionId: recorded.ledgerTransactionId,
        sttm: input.sttm,
        adhesionCase: input.adhesionCase,
        fund: input.fund,
      },
      {
        registerOutbound: {
          correspondent: 'municipality',
          subject: `Registrazione dell'adesione alle STTM e al Fondo perequativo — ${this.reference}`,
        },
        notifications: [
          {
            key: 'adhesion-registered',
            templateId: 'adhesion-registered',
            to: 'municipality',
            channel: 'pec',
            data: { ...this.caseData(), fund: input.fund, effectiveFrom: recorded.effectiveFrom, commitments: input.commitments.length },
          },
        ],
      },
    );
    this.registration = { effectiveFrom: recorded.effectiveFrom, protocolNumber, ledgerTransactionId: recorded.ledgerTransactionId };
  }

  private async reject(arg: AdhesionReasonArgs, act: AdhesionAction): Promise<void> {
    await this.record(
      act,
      arg.actor,
      { reasons: arg.reason },
      {
        registerOutbound: { correspondent: 'municipality', subject: `Diniego della registrazione dell'adesione — ${this.reference}` },
        notifications: [
          {
            key: 'adhesion-rejected',
            templateId: 'adhesion-rejected',
            to: 'municipality',
            channel: 'pec',
            data: { ...this.caseData(), reasons: arg.reason },
          },
        ],
      },
    );
    this.closure = { state: this.status.state, reason: arg.reason };
  }

  private async withdraw(arg: AdhesionReasonArgs, act: AdhesionAction): Promise<void> {
    await this.record(
      act,
      arg.actor,
      { reason: arg.reason },
      {
        notifications: [
          {
            key: 'withdraw',
            templateId: 'case-closed',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), closure: 'withdraw', reason: arg.reason },
          },
        ],
      },
    );
    this.closure = { state: this.status.state, reason: arg.reason };
  }
}
