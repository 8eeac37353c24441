import type { UpdateDefinition } from '@temporalio/common';
import { ParentClosePolicy, condition, patched, setHandler, startChild, uuid4 } from '@temporalio/workflow';
import {
  type ActorArg,
  type AgreementConclusion,
  type CaseActivities,
  type CompatibilityEvaluationActivities,
  type CompatibilityEvaluationInput,
  type CompatibilityEvaluationView,
  type ConcertationConferenceActivities,
  type ConcertationConferenceInput,
  type ConcertationOutcomeArgs,
  type ConferenceOutcome,
  type ConvokeConferenceArgs,
  type DeadlineActivities,
  type DecideRelevanceArgs,
  type IssueOpinionArgs,
  type NotificationIntent,
  type RequestIntegrationArgs,
  type SubmissionReceipt,
  type SubmitIntegrationArgs,
  type TrackedDeadline,
  CONCERTATION_CONFERENCE_WORKFLOW,
  agreementConcludedSignal,
  archiveUpdate,
  awaitReceiptUpdate,
  closeInadmissibleUpdate,
  concertationConferenceWorkflowId,
  confirmCompletenessUpdate,
  convokeConferenceUpdate,
  decideRelevanceUpdate,
  getEvaluationQuery,
  issueOpinionUpdate,
  recordConcertationOutcomeUpdate,
  requestIntegrationUpdate,
  submitIntegrationUpdate,
  withdrawUpdate,
} from '@cmm/contracts';
import {
  EVALUATION_ACTION_SAMPLES,
  type Actor,
  type EvaluationAction,
  type EvaluationEvent,
  type EvaluationFacts,
  type EvaluationStatus,
  SYSTEM_ACTOR,
  applyEvent,
  initialStatus,
  isRefusal,
  isTerminal,
  nextState,
} from '@cmm/domain';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { refuseIfNoticeTooShort } from '../shared/session-notice';
import { expiryInstant } from '../shared/tracked-terms';

const acts = procedureActivities<
  CaseActivities & DeadlineActivities & CompatibilityEvaluationActivities & Pick<ConcertationConferenceActivities, 'checkSessionNotice'>
>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const OPINION_RULE = { suspend: 'compatibility-evaluation.opinion', interrupt: 'compatibility-evaluation.opinion-interrupting' } as const;
const ANSWER_RULE = 'compatibility-evaluation.integration-answer';
const OPINION_LADDER = 'evaluation-120';
const ANSWER_LADDER = 'short';
const INTEGRATION_BASIS = { suspend: 'L. 241/1990 art. 2 c.7', interrupt: 'LR 12/2005 art. 14' } as const;

type ClosingType = 'withdraw' | 'archive' | 'close-inadmissible';
type ClosingArgs = { actor: Actor; reason?: string; reasons?: string };

/**
 * Valutazione di compatibilità al PTM (LR 12/2005 art. 13 c.5; NdA PTM): 120 days for CMM's
 * opinion, suspended or interrupted by a request for integrations; silence is favourable.
 */
export async function compatibilityEvaluationWorkflow(input: CompatibilityEvaluationInput): Promise<CompatibilityEvaluationView> {
  return new CompatibilityEvaluationCase(input).run();
}

class CompatibilityEvaluationCase extends ProcedureCase<EvaluationStatus, EvaluationEvent, EvaluationAction, CompatibilityEvaluationView> {
  protected status = initialStatus();
  private readonly facts: EvaluationFacts;
  private receipt: SubmissionReceipt | null = null;
  private opinionTerm: TrackedDeadline | null = null;
  private answerTerm: TrackedDeadline | null = null;
  private outcome: CompatibilityEvaluationView['outcome'] = null;

  constructor(private readonly input: CompatibilityEvaluationInput) {
    super(acts);
    this.facts = {
      istatCode: input.istatCode,
      declaresSupraMunicipalRelevance: input.declaresSupraMunicipalRelevance,
      integrationEffect: input.integrationEffect,
      integrationRequestsAllowed: 0,
    };
    setHandler(getEvaluationQuery, () => this.view());
    this.offerActions(() => EVALUATION_ACTION_SAMPLES);
    setHandler(awaitReceiptUpdate, async () => {
      // The receipt is given once the case takes actions, so a client may act right after it.
      await condition(() => this.receipt !== null && this.status.state !== 'received');
      return this.receipt as SubmissionReceipt;
    });
    this.action(
      confirmCompletenessUpdate,
      ({ actor }: ActorArg) => ({ type: 'confirm-completeness', actor }),
      async (_, act) => {
        await this.record(act, act.actor, {});
      },
    );
    this.action(
      requestIntegrationUpdate,
      (arg: RequestIntegrationArgs) => ({ type: 'request-integration', ...arg }),
      (arg, act) => this.requestIntegration(arg, act),
    );
    this.action(
      submitIntegrationUpdate,
      (arg: SubmitIntegrationArgs) => ({ type: 'submit-integration', ...arg }),
      (arg, act) => this.submitIntegration(arg, act),
    );
    this.action(
      decideRelevanceUpdate,
      (arg: DecideRelevanceArgs) => ({ type: 'decide-relevance', ...arg }),
      async (arg, act) => {
        await this.record(act, arg.actor, { recognised: arg.recognised, reasons: arg.reasons });
      },
    );
    this.action(
      recordConcertationOutcomeUpdate,
      (arg: ConcertationOutcomeArgs) => ({ type: 'record-concertation-outcome', ...arg }),
      async (arg, act) => {
        await this.record(act, arg.actor, { outcome: arg.outcome, reasons: arg.reasons });
      },
    );
    this.action(
      convokeConferenceUpdate,
      (arg: ConvokeConferenceArgs) => ({ type: 'convoke-conference', actor: arg.actor, conferenceCaseId: '', convened: arg.convened }),
      (arg) => this.convokeConference(arg),
    );
    setHandler(agreementConcludedSignal, (conclusion: AgreementConclusion) => this.agreementConcluded(conclusion));
    this.action(
      issueOpinionUpdate,
      (arg: IssueOpinionArgs) => ({ type: 'issue-opinion', ...arg }),
      (arg, act) => this.issueOpinion(arg, act),
    );
    this.closingAction(withdrawUpdate, 'withdraw', 'officers');
    this.closingAction(archiveUpdate, 'archive', 'municipality');
    this.closingAction(closeInadmissibleUpdate, 'close-inadmissible', 'municipality');
  }

  async run(): Promise<CompatibilityEvaluationView> {
    const { input } = this;
    // Registration: the case exists, with its protocol number, before any action is accepted.
    this.receipt = await acts.registerSubmission(input);
    this.indexCase();
    this.opinionTerm = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/opinion`,
      ruleId: OPINION_RULE[input.integrationEffect],
      ladderId: OPINION_LADDER,
      startInstant: input.receivedAt,
    });
    this.facts.integrationRequestsAllowed =
      input.integrationEffect === 'suspend' ? this.opinionTerm.view.limits.suspensions : this.opinionTerm.view.limits.interruptions;
    await this.serial.run(() =>
      this.record({ type: 'registered' }, SYSTEM_ACTOR, { opinionDueDate: this.opinionTerm?.view.dueDate ?? null }),
    );
    await this.runUntilClosed();
    return this.view();
  }

  protected caseIndex() {
    return {
      procedure: 'compatibility-evaluation' as const,
      reference: this.receipt?.reference ?? null,
      istatCodes: [this.input.istatCode],
    };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): CompatibilityEvaluationView {
    const { status } = this;
    return {
      caseId: this.input.caseId,
      state: status.state,
      receipt: this.receipt,
      opinionTerm: this.opinionTerm?.view ?? null,
      answerTerm: this.answerTerm?.view ?? null,
      integrationRequests: status.integrationRequests,
      answerOverdue: status.answerOverdue,
      relevance: status.relevance,
      concertation: status.concertation,
      affectedMunicipalities: this.input.affectedMunicipalities ?? [],
      conference: status.conference,
      agreement: status.agreement,
      outcome: this.outcome,
    };
  }

  protected applied(event: EvaluationEvent): EvaluationStatus {
    return applyEvent(this.status, event, this.facts);
  }

  protected refusalOf(action: EvaluationAction) {
    const verdict = nextState(this.status, action, this.facts);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isTerminal(this.status.state);
  }

  private caseData() {
    const { input, receipt } = this;
    return {
      caseReference: receipt?.reference,
      protocolNumber: receipt?.protocolNumber,
      actType: input.actType,
      deliberation: input.deliberation,
    };
  }

  private async requestIntegration(arg: RequestIntegrationArgs, act: EvaluationAction): Promise<void> {
    const { input } = this;
    if (this.opinionTerm && input.integrationEffect === 'suspend') {
      this.opinionTerm = await this.deadlineEvent(acts, this.opinionTerm, OPINION_LADDER, {
        type: 'suspend',
        by: arg.actor.subject,
        reason: `richiesta di integrazioni: ${arg.missing.join('; ')}`,
        legalBasis: INTEGRATION_BASIS.suspend,
      });
    }
    const answerTerm = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/integration-answer/${this.status.integrationRequests + 1}`,
      ruleId: ANSWER_RULE,
      ladderId: ANSWER_LADDER,
      startInstant: this.now(),
    });
    this.answerTerm = answerTerm;
    await this.record(
      act,
      arg.actor,
      { missing: arg.missing, note: arg.note, answerDueDate: answerTerm.view.dueDate },
      {
        notifications: [
          {
            key: `integration-requested/${this.status.integrationRequests + 1}`,
            templateId: 'integration-requested',
            to: 'municipality',
            channel: 'pec',
            data: {
              ...this.caseData(),
              missing: arg.missing,
              note: arg.note,
              effect: input.integrationEffect,
              deadline: { date: answerTerm.view.dueDate, legalSource: answerTerm.view.legalSource },
            },
          },
        ],
      },
    );
  }

  private async submitIntegration(arg: SubmitIntegrationArgs, act: EvaluationAction): Promise<void> {
    if (this.opinionTerm) {
      const effect = this.input.integrationEffect;
      this.opinionTerm = await this.deadlineEvent(acts, this.opinionTerm, OPINION_LADDER, {
        type: effect === 'suspend' ? 'resume' : 'interrupt',
        by: arg.actor.subject,
        reason: 'integrazioni ricevute',
        legalBasis: INTEGRATION_BASIS[effect],
      });
    }
    if (this.answerTerm) await acts.closeDeadline({ deadlineId: this.answerTerm.view.deadlineId, status: 'met' });
    this.answerTerm = null;
    await this.record(
      act,
      arg.actor,
      { note: arg.note, documentIds: arg.documentIds, opinionDueDate: this.opinionTerm?.view.dueDate ?? null },
      {
        notifications: [
          {
            key: `integration-received/${this.status.integrationRequests}`,
            templateId: 'integration-received',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), note: arg.note },
          },
        ],
      },
    );
  }

  private async convokeConference(arg: ConvokeConferenceArgs): Promise<void> {
    const { input } = this;
    // The convocation notice is the rulebook's: asked of the calendar, so history records it.
    const verdict = await acts.checkSessionNotice({ startsAt: arg.firstSession.startsAt, at: this.now() });
    refuseIfNoticeTooShort('firstSession.startsAt', verdict);
    const conferenceCaseId = uuid4();
    const conference: ConcertationConferenceInput = {
      caseId: conferenceCaseId,
      parentCaseId: input.caseId,
      notifyWorkflowId: this.workflowId,
      istatCode: input.istatCode,
      subject: arg.subject,
      agenda: arg.agenda,
      convened: arg.convened,
      firstSession: arg.firstSession,
      startedBy: arg.actor,
      startedAt: this.now(),
    };
    // Abandoned, not terminated, if this case closes first (e.g. silence = favourable): the
    // municipalities' conference and any agreement keep their own life.
    const child = await startChild(CONCERTATION_CONFERENCE_WORKFLOW, {
      workflowId: concertationConferenceWorkflowId(conferenceCaseId),
      args: [conference],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await this.record({ type: 'convoke-conference', actor: arg.actor, conferenceCaseId, convened: arg.convened }, arg.actor, {
      conferenceCaseId,
      convened: arg.convened,
      subject: arg.subject,
    });
    void child.result().then((result: ConferenceOutcome) => this.serial.run(() => this.concertationConcluded(result)));
  }

  private async concertationConcluded(result: ConferenceOutcome): Promise<void> {
    // A withdrawal is not an outcome: the concertation stays open, so the officer can record the
    // outcome of a conference held outside the system or convene a new one. Histories recorded
    // before this change took it as "agreement not reached" and keep replaying that way.
    if (result.outcome === 'withdrawn' && patched('conference-withdrawal-is-not-an-outcome')) {
      const withdrawn: EvaluationEvent = {
        type: 'conference-withdrawn',
        conferenceCaseId: result.conferenceCaseId,
        reason: result.reasons,
      };
      if (this.isClosed() || isRefusal(nextState(this.status, withdrawn, this.facts))) return;
      await this.record(
        withdrawn,
        SYSTEM_ACTOR,
        { ...result },
        {
          notifications: [
            {
              key: `conference-withdrawn/${result.conferenceCaseId}`,
              templateId: 'concertation-concluded',
              to: 'officers',
              channel: 'email',
              data: { ...this.caseData(), outcome: result.outcome, reasons: result.reasons },
            },
          ],
        },
      );
      return;
    }
    const event: EvaluationEvent = {
      type: 'concertation-concluded',
      conferenceCaseId: result.conferenceCaseId,
      outcome: result.outcome === 'agreement-reached' ? 'agreement-reached' : 'agreement-not-reached',
      reasons: result.reasons,
      agreementCaseId: result.agreementCaseId,
    };
    if (this.isClosed() || isRefusal(nextState(this.status, event, this.facts))) return;
    await this.record(
      event,
      SYSTEM_ACTOR,
      { ...result },
      {
        notifications: [
          {
            key: 'concertation-concluded',
            templateId: 'concertation-concluded',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), outcome: result.outcome, reasons: result.reasons },
          },
        ],
      },
    );
  }

  private async agreementConcluded(conclusion: AgreementConclusion): Promise<void> {
    await this.serial.run(async () => {
      const event: EvaluationEvent = {
        type: 'agreement-concluded',
        agreementCaseId: conclusion.agreementCaseId,
        outcome: conclusion.outcome,
        inForceOn: conclusion.inForceOn,
      };
      if (this.isClosed() || this.status.agreement?.caseId === conclusion.agreementCaseId) return;
      await this.record(event, SYSTEM_ACTOR, { ...conclusion });
    });
  }

  private async issueOpinion(arg: IssueOpinionArgs, act: EvaluationAction): Promise<void> {
    const { protocolNumber } = await this.record(
      act,
      arg.actor,
      {
        outcome: arg.outcome,
        prescriptions: arg.prescriptions,
        reasons: arg.reasons,
        documentId: arg.documentId,
        concertation: this.status.concertation,
      },
      {
        registerOutbound: {
          correspondent: 'municipality',
          subject: `Parere di compatibilità al PTM — ${this.receipt?.reference ?? this.input.caseId}`,
          documentId: arg.documentId,
        },
        notifications: [
          {
            key: 'opinion-issued',
            templateId: 'opinion-issued',
            to: 'municipality',
            channel: 'pec',
            data: { ...this.caseData(), outcome: arg.outcome, prescriptions: arg.prescriptions, reasons: arg.reasons },
          },
        ],
      },
    );
    this.outcome = { kind: 'opinion', outcome: arg.outcome, protocolNumber };
    await this.closeTerms('met');
  }

  private closingAction(
    update: UpdateDefinition<CompatibilityEvaluationView, [ClosingArgs]>,
    type: ClosingType,
    to: NotificationIntent['to'],
  ): void {
    this.action(
      update,
      (arg: ClosingArgs) =>
        type === 'close-inadmissible'
          ? { type, actor: arg.actor, reasons: arg.reasons ?? '' }
          : { type, actor: arg.actor, reason: arg.reason ?? '' },
      async (arg, act) => {
        const reason = arg.reason ?? arg.reasons ?? '';
        await this.record(
          act,
          arg.actor,
          { reason },
          {
            notifications: [
              {
                key: type,
                templateId: 'case-closed',
                to,
                channel: to === 'municipality' ? 'pec' : 'email',
                data: { ...this.caseData(), closure: type, reason },
              },
            ],
          },
        );
        this.outcome = { kind: 'closed', state: this.status.state, reason };
        await this.closeTerms('cancelled');
      },
    );
  }

  private async closeTerms(opinionStatus: 'met' | 'expired' | 'cancelled'): Promise<void> {
    if (this.opinionTerm) await acts.closeDeadline({ deadlineId: this.opinionTerm.view.deadlineId, status: opinionStatus });
    if (this.answerTerm) await acts.closeDeadline({ deadlineId: this.answerTerm.view.deadlineId, status: 'cancelled' });
    this.answerTerm = null;
  }

  /** The answer term matters only while the municipality is asked and not yet late. */
  private answerRunning(): boolean {
    return this.status.state === 'integration-requested' && !this.status.answerOverdue;
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    yield this.opinionTerm?.view.next?.at;
    yield expiryInstant(this.opinionTerm);
    yield this.answerTerm?.view.next?.at;
    if (this.answerRunning()) yield expiryInstant(this.answerTerm);
  }

  /** What the clock does: reminders, automatic resumes, and the expiry of the terms. */
  protected override async onTime(): Promise<void> {
    if (this.isClosed()) return;
    const nowMs = Date.now();
    const opinionTerm = this.opinionTerm;
    const opinionExpiry = expiryInstant(opinionTerm);
    if (opinionTerm && opinionExpiry && Date.parse(opinionExpiry) <= nowMs) {
      await this.silenceIsFavourable(opinionTerm);
      return;
    }
    const answerTerm = this.answerTerm;
    const answerExpiry = expiryInstant(answerTerm);
    if (answerTerm && answerExpiry && this.answerRunning() && Date.parse(answerExpiry) <= nowMs) {
      await this.record(
        { type: 'answer-term-expired' },
        SYSTEM_ACTOR,
        { dueDate: answerTerm.view.dueDate },
        {
          notifications: [
            {
              key: `answer-term-expired/${this.status.integrationRequests}`,
              templateId: 'deadline-expired',
              to: 'officers',
              channel: 'email',
              data: { ...this.caseData(), deadline: { date: answerTerm.view.dueDate, legalSource: answerTerm.view.legalSource } },
            },
          ],
        },
      );
      await acts.closeDeadline({ deadlineId: answerTerm.view.deadlineId, status: 'expired' });
    }
    if (this.opinionTerm) this.opinionTerm = await this.fireDue(this.opinionTerm, OPINION_LADDER, 'officers');
    if (this.answerTerm) this.answerTerm = await this.fireDue(this.answerTerm, ANSWER_LADDER, 'municipality');
  }

  private async silenceIsFavourable(opinionTerm: TrackedDeadline): Promise<void> {
    const on = opinionTerm.view.dueDate;
    const deadline = { date: on, legalSource: opinionTerm.view.legalSource };
    await this.record(
      { type: 'term-expired' },
      SYSTEM_ACTOR,
      { dueDate: on, legalSource: opinionTerm.view.legalSource },
      {
        notifications: [
          {
            key: 'silence-favourable/municipality',
            templateId: 'silence-favourable',
            to: 'municipality',
            channel: 'pec',
            data: { ...this.caseData(), deadline },
          },
          {
            key: 'silence-favourable/officers',
            templateId: 'silence-favourable',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), deadline },
          },
        ],
      },
    );
    this.outcome = { kind: 'deemed-favourable', on: on ?? '', legalSource: opinionTerm.view.legalSource };
    await this.closeTerms('expired');
  }

  /** A suspension past its longest allowed span resumes by itself; otherwise the next reminder. */
  private async fireDue(term: TrackedDeadline, ladderId: string, to: NotificationIntent['to']): Promise<TrackedDeadline> {
    const next = term.view.next;
    if (next?.kind === 'auto-resume' && Date.parse(next.at) <= Date.now()) {
      return this.deadlineEvent(acts, term, ladderId, {
        type: 'resume',
        by: SYSTEM_ACTOR.subject,
        reason: 'limite massimo della sospensione raggiunto',
        legalBasis: INTEGRATION_BASIS.suspend,
      });
    }
    return this.fireDueReminder(acts, term, ladderId, to, this.caseData());
  }
}
