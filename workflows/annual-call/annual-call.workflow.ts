import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { allHandlersFinished, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type AmendProposalArgs,
  type AnnualCallActivities,
  type AnnualCallInput,
  type AnnualCallView,
  type CallActorArg,
  type CallRegistration,
  type CancelCallArgs,
  type CaseActivities,
  type DeadlineActivities,
  type MarkEligibilityArgs,
  type NotificationIntent,
  type ProposalReceipt,
  type ScoreProposalArgs,
  type SubmitProposalArgs,
  type TrackedDeadline,
  amendProposalUpdate,
  approveRankingUpdate,
  awaitCallRegistrationUpdate,
  cancelCallUpdate,
  getAnnualCallQuery,
  markEligibilityUpdate,
  scoreProposalUpdate,
  submitProposalUpdate,
} from '@cmm/contracts';
import {
  type Actor,
  callActionSamples,
  type AdhesionFact,
  type CallAction,
  type CallEvent,
  type CallFacts,
  type CallStatus,
  SYSTEM_ACTOR,
  applyCallEvent,
  callNextState,
  initialCallStatus,
  isRefusal,
  isCallTerminal,
  refuse,
} from '@cmm/domain';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { refuseUpdate } from '../shared/refusals';
import { expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';

const acts = procedureActivities<CaseActivities & DeadlineActivities & AnnualCallActivities>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const WINDOW_RULE = 'annual-call.submission-window';
const PUBLICATION_RULE = 'public-notice-board.publication';
const WINDOW_LADDER = 'standard';
// Corrections came after calls were already running: histories that took one carry this marker.
const PROPOSAL_CORRECTIONS = 'annual-call-proposal-corrections';
// Set by Temporal on every run a Schedule starts (also backfilled ones): the instant it was due.
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

const notOpenYet = () =>
  refuse('invalid-state', { it: "l'avviso non è ancora pubblicato", en: 'the call is not published yet' }, 'registering');

/**
 * The annual call ex art. 14 NdA PTM for one year: the notice is published (document,
 * protocol, albo pretorio) and sent to every municipality, adhering municipalities send
 * proposals until the window closes, officers decide eligibility and score, a manager
 * approves the ranking, which is published and sent to every proposer.
 */
export async function annualCallWorkflow(input: AnnualCallInput = {}): Promise<AnnualCallView> {
  return new AnnualCallCase(input).run();
}

/** An albo pretorio period (notice, ranking): 15 days each, met when it ends. */
interface Publication {
  which: 'notice' | 'ranking';
  term: TrackedDeadline;
  open: boolean;
}

class AnnualCallCase extends ProcedureCase<CallStatus, CallEvent, CallAction, AnnualCallView> {
  protected status = initialCallStatus();
  private registration: CallRegistration | null = null;
  private readonly facts: CallFacts = { criteria: { version: '', source: '', scale: 1, criteria: [], tieBreak: [] }, window: null };
  private windowTerm: TrackedDeadline | null = null;
  private windowOpen = false;
  private readonly publications: Publication[] = [];
  private ranking: { documentId: string; protocolNumber: string } | null = null;
  private outcome: AnnualCallView['outcome'] = null;

  constructor(private readonly input: AnnualCallInput) {
    super(acts);
    setHandler(getAnnualCallQuery, () => this.view());
    this.offerActions(() => callActionSamples(this.status));
    setHandler(awaitCallRegistrationUpdate, async () => {
      // Answered once the call is published and its window open (or found to be a duplicate).
      await condition(() => this.registration !== null && (this.registration.duplicate || this.facts.window !== null));
      return this.registration as CallRegistration;
    });
    setHandler(
      submitProposalUpdate,
      ...handlerPair({
        validator: (arg: SubmitProposalArgs) => this.validateProposal(arg),
        handler: (arg: SubmitProposalArgs) => this.submitProposal(arg),
      }),
    );
    setHandler(
      amendProposalUpdate,
      ...handlerPair({
        validator: (arg: AmendProposalArgs) => this.validateAmendment(arg),
        handler: (arg: AmendProposalArgs) => this.amendProposal(arg),
      }),
    );
    this.action(
      markEligibilityUpdate,
      (arg: MarkEligibilityArgs) => ({ type: 'mark-eligibility', ...arg }),
      async (arg, act) => {
        this.status = this.applied(act);
        await this.recordStep('eligibility-decided', arg.actor, {
          proposalId: arg.proposalId,
          eligible: arg.eligible,
          reasons: arg.reasons,
        });
      },
    );
    this.action(
      scoreProposalUpdate,
      (arg: ScoreProposalArgs) => ({ type: 'score-proposal', ...arg }),
      async (arg, act) => {
        this.status = this.applied(act);
        await this.recordStep('proposal-scored', arg.actor, { proposalId: arg.proposalId, scores: arg.scores });
      },
    );
    this.action(
      approveRankingUpdate,
      ({ actor }: CallActorArg) => ({ type: 'approve-ranking', actor }),
      (arg, act) => this.approveRanking(arg, act),
    );
    this.action(
      cancelCallUpdate,
      (arg: CancelCallArgs) => ({ type: 'cancel', ...arg }),
      (arg, act) => this.cancel(arg, act),
    );
  }

  async run(): Promise<AnnualCallView> {
    const { workflowId, typedSearchAttributes } = workflowInfo();
    const { input } = this;
    // A scheduled run belongs to the year it was scheduled for, even when it starts late (catch-up, backfill).
    const scheduledFor = typedSearchAttributes.get(SCHEDULED_START);
    // Registration: the case, its criteria and the notice exist before anything else.
    const registration = await acts.registerAnnualCall({
      workflowId,
      startedAt: this.now(),
      scheduledFor: scheduledFor ? new Date(scheduledFor).toISOString() : null,
      year: input.year ?? null,
      weights: input.weights ?? null,
      startedBy: input.startedBy ?? SYSTEM_ACTOR,
    });
    this.registration = registration;
    // The Schedule and an officer started the same year: the first run owns the call.
    if (registration.duplicate) {
      await condition(allHandlersFinished);
      return this.view();
    }
    // Indexed only when it owns the call, so a reference finds one running call.
    this.indexCase();
    this.facts.criteria = registration.criteria;
    await this.serial.run(() => this.publish(registration));
    await this.runUntilClosed();
    return this.view();
  }

  protected caseIndex() {
    return {
      procedure: 'annual-call' as const,
      reference: this.registration?.reference ?? null,
      istatCodes: this.status.proposals.map((proposal) => proposal.istatCode),
    };
  }

  protected get caseId(): string {
    return (this.registration as CallRegistration).caseId;
  }

  view(): AnnualCallView {
    const { registration, status } = this;
    return {
      caseId: registration?.caseId ?? null,
      reference: registration?.reference ?? null,
      year: registration?.year ?? null,
      state: registration === null ? 'registering' : registration.duplicate ? 'duplicate' : status.state,
      duplicateOf: registration?.duplicate ? registration.workflowId : null,
      criteria: registration?.criteria ?? null,
      noticeDocumentId: registration?.noticeDocumentId ?? null,
      noticeProtocolNumber: registration?.protocolNumber ?? null,
      publishedAt: registration?.publishedAt ?? null,
      submissionWindow: this.windowTerm?.view ?? null,
      publicationTerms: this.publications.map((p) => p.term.view),
      proposals: status.proposals,
      ranking: status.ranking,
      rankingDocumentId: this.ranking?.documentId ?? null,
      rankingProtocolNumber: this.ranking?.protocolNumber ?? null,
      outcome: this.outcome,
    };
  }

  protected applied(event: CallEvent): CallStatus {
    return applyCallEvent(this.status, event, this.facts);
  }

  /** Nothing is open before the notice is published, nor on a duplicate run. */
  protected refusalOf(action: CallAction) {
    if (!this.facts.window || this.registration?.duplicate) return notOpenYet();
    const verdict = callNextState(this.status, action, this.facts);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isCallTerminal(this.status.state);
  }

  private caseData() {
    return { caseReference: this.registration?.reference, year: this.registration?.year };
  }

  /** A step on the case's read model, after the machine has moved: timeline, state, notices, once. */
  private async recordStep(
    type: string,
    actor: Actor,
    payload: Record<string, unknown>,
    notifications: NotificationIntent[] = [],
  ): Promise<void> {
    await this.recordOnCase({ actor, type, payload, state: this.status.state, closed: this.isClosed(), notifications });
  }

  private async publish(reg: CallRegistration): Promise<void> {
    const windowTerm = await acts.startDeadline({
      caseId: reg.caseId,
      deadlineId: `${reg.caseId}/submission-window`,
      ruleId: WINDOW_RULE,
      ladderId: WINDOW_LADDER,
      startInstant: reg.publishedAt,
    });
    this.windowTerm = windowTerm;
    this.windowOpen = true;
    this.facts.window = { dueDate: windowTerm.view.dueDate as string, closesAt: expiryInstant(windowTerm) as string };
    await this.startPublication('notice', reg.publishedAt);
    await this.recordStep(
      'call-published',
      this.input.startedBy ?? SYSTEM_ACTOR,
      {
        year: reg.year,
        protocolNumber: reg.protocolNumber,
        noticeDocumentId: reg.noticeDocumentId,
        windowDueDate: windowTerm.view.dueDate,
        criteria: reg.criteria,
      },
      [
        {
          key: 'annual-call-published',
          templateId: 'annual-call-published',
          to: 'all-municipalities',
          channel: 'pec',
          data: {
            ...this.caseData(),
            noticeProtocolNumber: reg.protocolNumber,
            documentId: reg.noticeDocumentId,
            deadline: { date: windowTerm.view.dueDate, legalSource: windowTerm.view.legalSource },
          },
        },
      ],
    );
  }

  private refuseIfRefused(action: CallAction): void {
    const refusal = this.refusalOf(action);
    if (refusal) refuseUpdate(refusal);
  }

  private validateProposal(arg: SubmitProposalArgs): void {
    this.refuseIfRefused(submission(arg, this.now(), null));
  }

  private submitProposal(arg: SubmitProposalArgs): Promise<ProposalReceipt> {
    // The instant the proposal arrived, before it waits its turn in the queue.
    const at = this.now();
    return this.serial.run(async () => {
      const first = callNextState(this.status, submission(arg, at, null), this.facts);
      if (isRefusal(first)) refuseUpdate(first);
      // Validators cannot call activities: the adhesion on the day is asked here, so the
      // answer is in history, and a refusal is the same failure the validator would throw.
      const adhesion = await acts.adhesionOn({ istatCode: arg.actor.istatCode as string, at });
      const checked = submission(arg, at, adhesion);
      const verdict = callNextState(this.status, checked, this.facts);
      if (isRefusal(verdict)) refuseUpdate(verdict);
      const proposalId = `P-${this.status.proposals.length + 1}`;
      const registered = await acts.registerProposal({
        caseId: this.caseId,
        proposalId,
        actor: arg.actor,
        proposal: { ...arg.proposal, documentCount: arg.files.length },
        files: arg.files,
        at,
        idempotencyKey: `${this.workflowId}/proposal/${proposalId}`,
      });
      this.status = this.applied({ ...checked, registered: { id: proposalId, ...registered } } as CallEvent);
      this.changes.bump();
      return { proposalId, protocolNumber: registered.protocolNumber, submittedAt: at };
    });
  }

  private validateAmendment(arg: AmendProposalArgs): void {
    this.refuseIfRefused(this.amendment(arg, this.now()));
  }

  private amendProposal(arg: AmendProposalArgs): Promise<AnnualCallView> {
    // Like a proposal, a correction counts from the instant it arrived, not from its turn in the queue.
    const at = this.now();
    return this.serial.run(async () => {
      const checked = this.amendment(arg, at);
      const verdict = callNextState(this.status, checked, this.facts);
      if (isRefusal(verdict)) refuseUpdate(verdict);
      // Marks the history so that a later change to how corrections are applied can tell these apart on replay.
      patched(PROPOSAL_CORRECTIONS);
      const earlier = this.status.proposals.find((p) => p.id === arg.proposalId)?.amendments?.length ?? 0;
      const registered = await acts.registerProposalAmendment({
        caseId: this.caseId,
        proposalId: arg.proposalId,
        actor: arg.actor,
        proposal: checked.proposal,
        files: arg.files,
        at,
        idempotencyKey: `${this.workflowId}/proposal/${arg.proposalId}/amendment/${earlier + 1}`,
      });
      this.status = this.applied({ ...checked, registered });
      this.changes.bump();
      return this.view();
    });
  }

  /** The corrected proposal counts the documents already filed with it and the new ones. */
  private amendment(arg: AmendProposalArgs, at: string): Extract<CallAction, { type: 'amend-proposal' }> {
    const filed = this.status.proposals.find((p) => p.id === arg.proposalId)?.documentCount ?? 0;
    return {
      type: 'amend-proposal',
      actor: arg.actor,
      proposalId: arg.proposalId,
      proposal: { ...arg.proposal, documentCount: filed + arg.files.length },
      at,
    };
  }

  private async approveRanking(arg: CallActorArg, act: CallAction): Promise<void> {
    const at = this.now();
    this.status = this.applied(act);
    const reg = this.registration as CallRegistration;
    const ranking = await acts.publishRanking({
      caseId: reg.caseId,
      reference: reg.reference,
      year: reg.year,
      criteria: reg.criteria,
      proposals: this.status.proposals,
      ranking: this.status.ranking ?? [],
      approvedBy: arg.actor,
      at,
    });
    this.ranking = ranking;
    this.outcome = { kind: 'ranking-published', on: at };
    // Every proposer hears where its proposals stand (position null: none ranked).
    const proposers = [...new Set(this.status.proposals.map((p) => p.istatCode))];
    await this.recordStep(
      'ranking-published',
      arg.actor,
      { protocolNumber: ranking.protocolNumber, documentId: ranking.documentId, ranking: this.status.ranking },
      proposers.map((istatCode) => {
        const best = (this.status.ranking ?? []).find((entry) => entry.istatCode === istatCode);
        return {
          key: `ranking-published/${istatCode}`,
          templateId: 'ranking-published',
          to: { municipalities: [istatCode] },
          channel: 'pec',
          data: { ...this.caseData(), position: best?.position ?? null, rankingProtocolNumber: ranking.protocolNumber },
        } satisfies NotificationIntent;
      }),
    );
    await this.startPublication('ranking', at);
  }

  private async cancel(arg: CancelCallArgs, act: CallAction): Promise<void> {
    this.status = this.applied(act);
    this.outcome = { kind: 'cancelled', reason: arg.reason };
    await this.recordStep('call-cancelled', arg.actor, { reason: arg.reason }, [
      {
        key: 'call-cancelled',
        templateId: 'case-closed',
        to: 'all-municipalities',
        channel: 'pec',
        data: { ...this.caseData(), closure: 'cancel', reason: arg.reason },
      },
    ]);
    this.windowOpen = await this.closeIfOpen(this.windowTerm, this.windowOpen, 'cancelled');
    for (const publication of this.openPublications()) publication.open = await this.closeIfOpen(publication.term, true, 'cancelled');
  }

  private openPublications(): Publication[] {
    return this.publications.filter((p) => p.open);
  }

  private currentWindow(): TrackedDeadline | null {
    return this.windowOpen ? this.windowTerm : null;
  }

  private async startPublication(which: 'notice' | 'ranking', at: string): Promise<void> {
    const term = await acts.startDeadline({
      caseId: this.caseId,
      deadlineId: `${this.caseId}/albo-pretorio/${which}`,
      ruleId: PUBLICATION_RULE,
      ladderId: 'short',
      startInstant: at,
    });
    this.publications.push({ which, term, open: true });
    this.changes.bump();
  }

  private async closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, final: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: final });
    return false;
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    yield this.currentWindow()?.view.next?.at;
    if (this.status.state === 'open') yield this.facts.window?.closesAt ?? undefined;
    for (const p of this.openPublications()) yield expiryInstant(p.term);
  }

  /** What the clock does: the albo periods end, the window closes, reminders before it closes. */
  protected override async onTime(): Promise<void> {
    if (this.isClosed()) return;
    const nowMs = Date.now();
    for (const publication of this.openPublications()) {
      const end = expiryInstant(publication.term);
      if (end && Date.parse(end) <= nowMs) await this.publicationEnded(publication);
    }
    const window = this.facts.window;
    if (this.status.state === 'open' && window && Date.parse(window.closesAt) <= nowMs) {
      await this.closeWindow(window);
      return;
    }
    const windowTerm = this.currentWindow();
    if (windowTerm && this.status.state === 'open') {
      // Reminders go to every municipality, as the notice did; the escalation rung comes after the window has closed, so it never fires.
      const fired = await fireDueRung(acts, this.reminderContext(this.caseData()), windowTerm, WINDOW_LADDER, 'all-municipalities');
      if (fired !== windowTerm) {
        this.windowTerm = fired;
        this.changes.bump();
      }
    }
  }

  private async publicationEnded(publication: Publication): Promise<void> {
    publication.open = await this.closeIfOpen(publication.term, true, 'met');
    this.changes.bump();
    if (publication.which === 'ranking' && this.status.state === 'ranking-published') {
      this.status = this.applied({ type: 'publication-ended' });
      await this.recordStep('call-concluded', SYSTEM_ACTOR, { rankingPublishedUntil: publication.term.view.dueDate });
    }
  }

  private async closeWindow(window: NonNullable<CallFacts['window']>): Promise<void> {
    this.status = this.applied({ type: 'window-closed' });
    this.windowOpen = await this.closeIfOpen(this.windowTerm, this.windowOpen, 'met');
    await this.recordStep('submission-window-closed', SYSTEM_ACTOR, { dueDate: window.dueDate, proposals: this.status.proposals.length }, [
      {
        key: 'submission-window-closed',
        templateId: 'deadline-expired',
        to: 'officers',
        channel: 'email',
        data: { ...this.caseData(), deadline: { date: window.dueDate, legalSource: this.windowTerm?.view.legalSource } },
      },
    ]);
  }
}

function submission(arg: SubmitProposalArgs, at: string, adhesion: AdhesionFact | null): CallAction {
  return { type: 'submit-proposal', actor: arg.actor, proposal: { ...arg.proposal, documentCount: arg.files.length }, at, adhesion };
}
