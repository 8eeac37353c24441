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
  availableActionsQuery,
  getAnnualCallQuery,
  probeActions,
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
  SYSTEM_ACTOR,
  applyCallEvent,
  callNextState,
  initialCallStatus,
  isCallRefusal,
  isCallTerminal,
  refuse,
} from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { refuseUpdate } from '../shared/refusals';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';

const acts = procedureActivities<CaseActivities & DeadlineActivities & AnnualCallActivities>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const WINDOW_RULE = 'annual-call.submission-window';
const PUBLICATION_RULE = 'public-notice-board.publication';
const WINDOW_LADDER = 'standard';
// Corrections came after calls were already running: histories that took one carry this marker.
const PROPOSAL_CORRECTIONS = 'annual-call-proposal-corrections';
// Set by Temporal on every run a Schedule starts (also backfilled ones): the instant it was due.
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The annual call ex art. 14 NdA PTM for one year: the notice is published (document,
 * protocol, albo pretorio) and sent to every municipality, adhering municipalities send
 * proposals until the window closes, officers decide eligibility and score, a manager
 * approves the ranking, which is published and sent to every proposer.
 */
export async function annualCallWorkflow(input: AnnualCallInput = {}): Promise<AnnualCallView> {
  const { workflowId, typedSearchAttributes } = workflowInfo();
  // A scheduled run belongs to the year it was scheduled for, even when it starts late (catch-up, backfill).
  const scheduledFor = typedSearchAttributes.get(SCHEDULED_START);
  let registration: CallRegistration | null = null;
  let status = initialCallStatus();
  const facts: CallFacts = { criteria: { version: '', source: '', scale: 1, criteria: [], tieBreak: [] }, window: null };
  let windowTerm: TrackedDeadline | null = null;
  let windowOpen = false;
  // The albo pretorio periods (notice, ranking): 15 days each, met when they end.
  const publications: { which: 'notice' | 'ranking'; term: TrackedDeadline; open: boolean }[] = [];
  let ranking: { documentId: string; protocolNumber: string } | null = null;
  let outcome: AnnualCallView['outcome'] = null;
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();
  const now = () => new Date(Date.now()).toISOString();

  const view = (): AnnualCallView => ({
    caseId: registration?.caseId ?? null,
    reference: registration?.reference ?? null,
    year: registration?.year ?? null,
    state: registration === null ? 'registering' : registration.duplicate ? 'duplicate' : status.state,
    duplicateOf: registration?.duplicate ? registration.workflowId : null,
    criteria: registration?.criteria ?? null,
    noticeDocumentId: registration?.noticeDocumentId ?? null,
    noticeProtocolNumber: registration?.protocolNumber ?? null,
    publishedAt: registration?.publishedAt ?? null,
    submissionWindow: windowTerm?.view ?? null,
    publicationTerms: publications.map((p) => p.term.view),
    proposals: status.proposals,
    ranking: status.ranking,
    rankingDocumentId: ranking?.documentId ?? null,
    rankingProtocolNumber: ranking?.protocolNumber ?? null,
    outcome,
  });

  const caseData = () => ({ caseReference: registration?.reference, year: registration?.year });
  const caseId = () => (registration as CallRegistration).caseId;

  /** A step on the case's read model: timeline, state, notices, once. */
  const record = async (type: string, actor: Actor, payload: Record<string, unknown>, notifications: NotificationIntent[] = []) => {
    eventCount++;
    await acts.recordCaseEvent({
      caseId: caseId(),
      workflowId,
      actor,
      type,
      payload,
      state: status.state,
      closed: isCallTerminal(status.state),
      idempotencyKey: `${workflowId}/${eventCount}/${type}`,
      notifications,
    });
    changes.bump();
  };

  const notOpenYet = () => refuse('invalid-state', { it: 'l\'avviso non è ancora pubblicato', en: 'the call is not published yet' }, 'registering');

  // Validated against the current state (refusals never reach history), then checked again in
  // the serial queue, where an earlier action may have changed the state meanwhile.
  const action = <A extends { actor: Actor }, R>(toAction: (arg: A) => CallAction, perform: (arg: A, action: CallAction) => Promise<R>) => ({
    validator: (arg: A) => {
      if (!facts.window || registration?.duplicate) refuseUpdate(notOpenYet());
      const verdict = callNextState(status, toAction(arg), facts);
      if (isCallRefusal(verdict)) refuseUpdate(verdict);
    },
    handler: (arg: A) =>
      serial.run(async () => {
        const act = toAction(arg);
        const verdict = callNextState(status, act, facts);
        if (isCallRefusal(verdict)) refuseUpdate(verdict);
        return perform(arg, act);
      }),
  });

  setHandler(getAnnualCallQuery, view);
  // What a user may do now: the validators' own check on a sample of each action (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(callActionSamples(status), (act) => {
      if (!facts.window || registration?.duplicate) return notOpenYet();
      const verdict = callNextState(status, act, facts);
      return isCallRefusal(verdict) ? verdict : null;
    }, actor, status),
  );
  setHandler(awaitCallRegistrationUpdate, async () => {
    // Answered once the call is published and its window open (or found to be a duplicate).
    await condition(() => registration !== null && (registration.duplicate || facts.window !== null));
    return registration as CallRegistration;
  });

  setHandler(submitProposalUpdate, ...handlerPair({
    validator: (arg: SubmitProposalArgs) => {
      if (!facts.window || registration?.duplicate) refuseUpdate(notOpenYet());
      const verdict = callNextState(status, submission(arg, now(), null), facts);
      if (isCallRefusal(verdict)) refuseUpdate(verdict);
    },
    handler: (arg: SubmitProposalArgs): Promise<ProposalReceipt> => {
      // The instant the proposal arrived, before it waits its turn in the queue.
      const at = now();
      return serial.run(async () => {
        const first = callNextState(status, submission(arg, at, null), facts);
        if (isCallRefusal(first)) refuseUpdate(first);
        // Validators cannot call activities: the adhesion on the day is asked here, so the
        // answer is in history, and a refusal is the same failure the validator would throw.
        const adhesion = await acts.adhesionOn({ istatCode: arg.actor.istatCode as string, at });
        const checked = submission(arg, at, adhesion);
        const verdict = callNextState(status, checked, facts);
        if (isCallRefusal(verdict)) refuseUpdate(verdict);
        const proposalId = `P-${status.proposals.length + 1}`;
        const registered = await acts.registerProposal({
          caseId: caseId(),
          proposalId,
          actor: arg.actor,
          proposal: { ...arg.proposal, documentCount: arg.files.length },
          files: arg.files,
          at,
          idempotencyKey: `${workflowId}/proposal/${proposalId}`,
        });
        status = applyCallEvent(status, { ...checked, registered: { id: proposalId, ...registered } } as CallEvent, facts);
        changes.bump();
        return { proposalId, protocolNumber: registered.protocolNumber, submittedAt: at };
      });
    },
  }));

  setHandler(amendProposalUpdate, ...handlerPair({
    validator: (arg: AmendProposalArgs) => {
      if (!facts.window || registration?.duplicate) refuseUpdate(notOpenYet());
      const verdict = callNextState(status, amendment(arg, now()), facts);
      if (isCallRefusal(verdict)) refuseUpdate(verdict);
    },
    handler: (arg: AmendProposalArgs): Promise<AnnualCallView> => {
      // Like a proposal, a correction counts from the instant it arrived, not from its turn in the queue.
      const at = now();
      return serial.run(async () => {
        const checked = amendment(arg, at);
        const verdict = callNextState(status, checked, facts);
        if (isCallRefusal(verdict)) refuseUpdate(verdict);
        // Marks the history so that a later change to how corrections are applied can tell these apart on replay.
        patched(PROPOSAL_CORRECTIONS);
        const earlier = status.proposals.find((p) => p.id === arg.proposalId)?.amendments?.length ?? 0;
        const registered = await acts.registerProposalAmendment({
          caseId: caseId(),
          proposalId: arg.proposalId,
          actor: arg.actor,
          proposal: checked.proposal,
          files: arg.files,
          at,
          idempotencyKey: `${workflowId}/proposal/${arg.proposalId}/amendment/${earlier + 1}`,
        });
        status = applyCallEvent(status, { ...checked, registered }, facts);
        changes.bump();
        return view();
      });
    },
  }));

  setHandler(
    markEligibilityUpdate,
    ...handlerPair(action<MarkEligibilityArgs, AnnualCallView>((arg) => ({ type: 'mark-eligibility', ...arg }), async (arg, act) => {
      status = applyCallEvent(status, act, facts);
      await record('eligibility-decided', arg.actor, { proposalId: arg.proposalId, eligible: arg.eligible, reasons: arg.reasons });
      return view();
    })),
  );

  setHandler(
    scoreProposalUpdate,
    ...handlerPair(action<ScoreProposalArgs, AnnualCallView>((arg) => ({ type: 'score-proposal', ...arg }), async (arg, act) => {
      status = applyCallEvent(status, act, facts);
      await record('proposal-scored', arg.actor, { proposalId: arg.proposalId, scores: arg.scores });
      return view();
    })),
  );

  setHandler(
    approveRankingUpdate,
    ...handlerPair(action<CallActorArg, AnnualCallView>(({ actor }) => ({ type: 'approve-ranking', actor }), async (arg, act) => {
      const at = now();
      status = applyCallEvent(status, act, facts);
      const reg = registration as CallRegistration;
      ranking = await acts.publishRanking({
        caseId: reg.caseId,
        reference: reg.reference,
        year: reg.year,
        criteria: reg.criteria,
        proposals: status.proposals,
        ranking: status.ranking ?? [],
        approvedBy: arg.actor,
        at,
      });
      outcome = { kind: 'ranking-published', on: at };
      // Every proposer hears where its proposals stand (position null: none ranked).
      const proposers = [...new Set(status.proposals.map((p) => p.istatCode))];
      await record(
        'ranking-published',
        arg.actor,
        { protocolNumber: ranking.protocolNumber, documentId: ranking.documentId, ranking: status.ranking },
        proposers.map((istatCode) => {
          const best = (status.ranking ?? []).find((entry) => entry.istatCode === istatCode);
          return {
            key: `ranking-published/${istatCode}`,
            templateId: 'ranking-published',
            to: { municipalities: [istatCode] },
            channel: 'pec',
            data: { ...caseData(), position: best?.position ?? null, rankingProtocolNumber: ranking?.protocolNumber },
          } satisfies NotificationIntent;
        }),
      );
      await startPublication('ranking', at);
      return view();
    })),
  );

  setHandler(
    cancelCallUpdate,
    ...handlerPair(action<CancelCallArgs, AnnualCallView>((arg) => ({ type: 'cancel', ...arg }), async (arg, act) => {
      status = applyCallEvent(status, act, facts);
      outcome = { kind: 'cancelled', reason: arg.reason };
      await record('call-cancelled', arg.actor, { reason: arg.reason }, [
        { key: 'call-cancelled', templateId: 'case-closed', to: 'all-municipalities', channel: 'pec', data: { ...caseData(), closure: 'cancel', reason: arg.reason } },
      ]);
      windowOpen = await closeIfOpen(windowTerm, windowOpen, 'cancelled');
      for (const publication of openPublications()) publication.open = await closeIfOpen(publication.term, true, 'cancelled');
      return view();
    })),
  );

  // Registration: the case, its criteria and the notice exist before anything else.
  registration = await acts.registerAnnualCall({
    workflowId,
    startedAt: now(),
    scheduledFor: scheduledFor ? new Date(scheduledFor).toISOString() : null,
    year: input.year ?? null,
    weights: input.weights ?? null,
    startedBy: input.startedBy ?? SYSTEM_ACTOR,
  });
  // The Schedule and an officer started the same year: the first run owns the call.
  if (registration.duplicate) {
    await condition(allHandlersFinished);
    return view();
  }
  facts.criteria = registration.criteria;

  await serial.run(async () => {
    const reg = registration as CallRegistration;
    windowTerm = await acts.startDeadline({ caseId: reg.caseId, deadlineId: `${reg.caseId}/submission-window`, ruleId: WINDOW_RULE, ladderId: WINDOW_LADDER, startInstant: reg.publishedAt });
    windowOpen = true;
    facts.window = { dueDate: windowTerm.view.dueDate as string, closesAt: expiryInstant(windowTerm) as string };
    await startPublication('notice', reg.publishedAt);
    await record(
      'call-published',
      input.startedBy ?? SYSTEM_ACTOR,
      { year: reg.year, protocolNumber: reg.protocolNumber, noticeDocumentId: reg.noticeDocumentId, windowDueDate: windowTerm.view.dueDate, criteria: reg.criteria },
      [
        {
          key: 'annual-call-published',
          templateId: 'annual-call-published',
          to: 'all-municipalities',
          channel: 'pec',
          data: { ...caseData(), noticeProtocolNumber: reg.protocolNumber, documentId: reg.noticeDocumentId, deadline: { date: windowTerm.view.dueDate, legalSource: windowTerm.view.legalSource } },
        },
      ],
    );
  });

  while (!isCallTerminal(status.state)) {
    const seen = changes.current;
    const window = currentWindow();
    const wake = earliest([
      window?.view.next?.at,
      status.state === 'open' ? (facts.window?.closesAt ?? undefined) : undefined,
      ...openPublications().map((p) => expiryInstant(p.term)),
    ]);
    if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
  }
  await condition(allHandlersFinished);
  return view();

  function openPublications() {
    return publications.filter((p) => p.open);
  }

  // Handlers reassign the window term; read it through a function so the compiler does not narrow it.
  function currentWindow(): TrackedDeadline | null {
    return windowOpen ? windowTerm : null;
  }

  async function startPublication(which: 'notice' | 'ranking', at: string): Promise<void> {
    const term = await acts.startDeadline({ caseId: caseId(), deadlineId: `${caseId()}/albo-pretorio/${which}`, ruleId: PUBLICATION_RULE, ladderId: 'short', startInstant: at });
    publications.push({ which, term, open: true });
    changes.bump();
  }

  async function closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, final: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: final });
    return false;
  }

  function submission(arg: SubmitProposalArgs, at: string, adhesion: AdhesionFact | null): CallAction {
    return { type: 'submit-proposal', actor: arg.actor, proposal: { ...arg.proposal, documentCount: arg.files.length }, at, adhesion };
  }

  /** The corrected proposal counts the documents already filed with it and the new ones. */
  function amendment(arg: AmendProposalArgs, at: string): Extract<CallAction, { type: 'amend-proposal' }> {
    const filed = status.proposals.find((p) => p.id === arg.proposalId)?.documentCount ?? 0;
    return { type: 'amend-proposal', actor: arg.actor, proposalId: arg.proposalId, proposal: { ...arg.proposal, documentCount: filed + arg.files.length }, at };
  }

  /** What the clock does: the albo periods end, the window closes, reminders before it closes. */
  async function onTime(): Promise<void> {
    if (isCallTerminal(status.state)) return;
    const nowMs = Date.now();
    for (const publication of openPublications()) {
      const end = expiryInstant(publication.term);
      if (end && Date.parse(end) <= nowMs) {
        publication.open = await closeIfOpen(publication.term, true, 'met');
        changes.bump();
        if (publication.which === 'ranking' && status.state === 'ranking-published') {
          status = applyCallEvent(status, { type: 'publication-ended' }, facts);
          await record('call-concluded', SYSTEM_ACTOR, { rankingPublishedUntil: publication.term.view.dueDate });
        }
      }
    }
    if (status.state === 'open' && facts.window && Date.parse(facts.window.closesAt) <= nowMs) {
      status = applyCallEvent(status, { type: 'window-closed' }, facts);
      windowOpen = await closeIfOpen(windowTerm, windowOpen, 'met');
      await record('submission-window-closed', SYSTEM_ACTOR, { dueDate: facts.window.dueDate, proposals: status.proposals.length }, [
        {
          key: 'submission-window-closed',
          templateId: 'deadline-expired',
          to: 'officers',
          channel: 'email',
          data: { ...caseData(), deadline: { date: facts.window.dueDate, legalSource: windowTerm?.view.legalSource } },
        },
      ]);
      return;
    }
    const window = currentWindow();
    if (window && status.state === 'open') {
      // Reminders go to every municipality, as the notice did; the escalation rung comes after the window has closed, so it never fires.
      const fired = await fireDueRung(acts, { caseId: caseId(), workflowId, key: `${++eventCount}`, caseData: caseData() }, window, WINDOW_LADDER, 'all-municipalities');
      if (fired !== window) {
        windowTerm = fired;
        changes.bump();
      }
    }
  }
}
