import { ParentClosePolicy, allHandlersFinished, condition, patched, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  type AddSessionArgs,
  type AnswerConvocationArgs,
  type CancelSessionArgs,
  type CaseActivities,
  type CloseConferenceArgs,
  type ConcertationConferenceActivities,
  type ConcertationConferenceInput,
  type ConcertationConferenceView,
  type ConferenceOutcome,
  type DeadlineActivities,
  type MoveSessionArgs,
  type NotificationIntent,
  type RecordMinutesArgs,
  type SessionNoticeInput,
  type SubmitContributionArgs,
  type TerritorialAgreementInput,
  type TrackedDeadline,
  type WithdrawConferenceArgs,
  TERRITORIAL_AGREEMENT_WORKFLOW,
  addSessionUpdate,
  answerConvocationUpdate,
  cancelSessionUpdate,
  closeConferenceUpdate,
  availableActionsQuery,
  getConferenceQuery,
  probeActions,
  moveSessionUpdate,
  recordMinutesUpdate,
  sessionCalendar,
  submitContributionUpdate,
  territorialAgreementWorkflowId,
  withdrawConferenceUpdate,
} from '@cmm/contracts';
import {
  type Actor,
  conferenceActionSamples,
  type ConferenceAction,
  type ConferenceEvent,
  type ConferenceFacts,
  type ConferenceSession,
  type SessionPlan,
  SYSTEM_ACTOR,
  activeSessions,
  applyConferenceEvent,
  checkConferenceAction,
  initialConferenceStatus,
  isConferenceClosed,
  refuse,
  unanswered,
} from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { refuseUpdate } from '../shared/refusals';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

const acts = procedureActivities<CaseActivities & DeadlineActivities & ConcertationConferenceActivities>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const ANSWER_RULE = 'concertation-conference.attendance-answer';
const CONTRIBUTIONS_RULE = 'concertation-conference.written-contributions';
const LADDER = 'short';

/**
 * The conferenza consultiva di concertazione (NdA PTM art. 10): CMM convenes the municipalities
 * affected by a plan, in one or more sessions, to reach a territorial agreement. Started on its
 * own or as the child of a compatibility evaluation, to which it returns its outcome.
 */
export async function concertationConferenceWorkflow(input: ConcertationConferenceInput): Promise<ConferenceOutcome> {
  const { workflowId } = workflowInfo();
  // Conferences started before the rule replay without it: a link could then overwrite an API answer.
  const facts: ConferenceFacts = { convened: input.convened, linkAnswersOnce: patched('conference-link-answers-once') };
  let status = initialConferenceStatus();
  let reference: string | null = null;
  const answerTerms = new Map<string, TrackedDeadline>();
  const expiredAnswerTerms = new Set<string>();
  let contributionsTerm: TrackedDeadline | null = null;
  /** The session the contributions term counts from. */
  let contributionsFrom: string | null = null;
  let contributionsTerms = 0;
  let contributionsClosed = false;
  let outcome: ConferenceOutcome | null = null;
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();
  const now = () => new Date(Date.now()).toISOString();

  const view = (): ConcertationConferenceView => ({
    caseId: input.caseId,
    parentCaseId: input.parentCaseId,
    reference,
    state: status.state,
    subject: input.subject,
    agenda: input.agenda,
    convened: input.convened,
    sessions: status.sessions.map((s) => ({ ...s, answerTerm: answerTerms.get(s.id)?.view ?? null })),
    contributions: status.contributions,
    contributionsTerm: contributionsTerm?.view ?? null,
    outcome,
  });

  const caseData = () => ({ caseReference: reference, conferenceSubject: input.subject });
  const key = (type: string) => `${workflowId}/${++eventCount}/${type}`;
  const sessionById = (id: string) => status.sessions.find((s) => s.id === id) as ConferenceSession;

  /** Moves the machine, then records the event on the case: timeline, state, notices. */
  const record = async (event: ConferenceEvent, actor: Actor, payload: Record<string, unknown>, notifications: NotificationIntent[] = []) => {
    status = applyConferenceEvent(status, event, facts, Date.now());
    await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type: event.type,
      payload,
      state: status.state,
      closed: isConferenceClosed(status.state),
      idempotencyKey: key(event.type),
      notifications,
    });
    changes.bump();
  };

  /** Same, for the events that send a session's invitations (convocation, update, cancellation). */
  const recordWithInvitations = async (event: ConferenceEvent, actor: Actor, sessionId: string, kind: SessionNoticeInput['kind'], reason: string | null) => {
    status = applyConferenceEvent(status, event, facts, Date.now());
    const session = sessionById(sessionId);
    const answerDueDate = answerTerms.get(sessionId)?.view.dueDate ?? null;
    await acts.recordSessionNotices({
      event: {
        caseId: input.caseId,
        workflowId,
        actor,
        type: event.type,
        payload: { session: { id: session.id, startsAt: session.startsAt, endsAt: session.endsAt, place: session.place, videoLink: session.videoLink, sequence: session.sequence }, reason, answerDueDate },
        state: status.state,
        idempotencyKey: key(event.type),
      },
      notices: { kind, session, municipalities: input.convened, agenda: input.agenda, subject: input.subject, reason, answerDueDate, issuedAt: now() },
    });
    changes.bump();
  };

  /** The convocation must leave the rulebook's notice before the session: asked of the calendar, recorded in history. */
  const checkNotice = async (plan: SessionPlan) => {
    const verdict = await acts.checkSessionNotice({ startsAt: plan.startsAt, at: now() });
    if (!verdict.ok) {
      refuseUpdate(
        refuse(
          'invalid-input',
          {
            it: `session.startsAt: una seduta in quel giorno va convocata entro il ${verdict.latestConvocationDate.split('-').reverse().join('/')} (preavviso di ${verdict.noticeDays} giorni, ${verdict.legalSource})`,
            en: `session.startsAt: a session on that day must be convened by ${verdict.latestConvocationDate} (${verdict.noticeDays} days' notice, ${verdict.legalSource})`,
          },
        ),
      );
    }
  };

  const startAnswerTerm = async (session: ConferenceSession) => {
    const term = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/attendance/${session.id}/${session.sequence}`,
      ruleId: ANSWER_RULE,
      ladderId: LADDER,
      startInstant: session.startsAt,
    });
    answerTerms.set(session.id, term);
    expiredAnswerTerms.delete(session.id);
  };

  const closeAnswerTerm = async (sessionId: string, closing: 'met' | 'cancelled') => {
    const term = answerTerms.get(sessionId);
    if (term && !expiredAnswerTerms.has(sessionId)) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: closing });
    answerTerms.delete(sessionId);
  };

  /** Written contributions run until the term counted from the last session still on the calendar. */
  const refreshContributionsTerm = async () => {
    const last = activeSessions(status).reduce<ConferenceSession | null>((a, s) => (!a || Date.parse(s.startsAt) > Date.parse(a.startsAt) ? s : a), null);
    if (contributionsTerm && last && contributionsFrom === last.startsAt) return;
    if (contributionsTerm && !contributionsClosed) await acts.closeDeadline({ deadlineId: contributionsTerm.view.deadlineId, status: 'cancelled' });
    contributionsTerm = null;
    contributionsClosed = false;
    contributionsFrom = last?.startsAt ?? null;
    if (last) {
      contributionsTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/contributions/${++contributionsTerms}`,
        ruleId: CONTRIBUTIONS_RULE,
        ladderId: LADDER,
        startInstant: last.startsAt,
      });
    }
    status = { ...status, contributionsDueAt: contributionsTerm?.view.dueAt ?? null };
    changes.bump();
  };

  const closeAllTerms = async () => {
    for (const sessionId of [...answerTerms.keys()]) await closeAnswerTerm(sessionId, 'cancelled');
    if (contributionsTerm && !contributionsClosed) await acts.closeDeadline({ deadlineId: contributionsTerm.view.deadlineId, status: 'met' });
    contributionsClosed = true;
  };

  const action = guardedActions<ConferenceAction, ReturnType<typeof view>>(
    serial,
    (act) => checkConferenceAction(status, act, facts, Date.now()),
    view,
  );

  setHandler(getConferenceQuery, view);
  // What a user may do now: the validators' own check on a sample of each action (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(conferenceActionSamples(status, facts), (act) => checkConferenceAction(status, act, facts, Date.now()), actor, status),
  );

  setHandler(
    answerConvocationUpdate,
    ...handlerPair(
      action<AnswerConvocationArgs>((arg) => ({ type: 'answer-convocation', ...arg }), async (arg, act) => {
        const session = sessionById(arg.sessionId);
        // The named delegate goes to the session: they get the convocation and its calendar entry at their own address.
        const toDelegate: NotificationIntent[] =
          arg.answer === 'delegated' && arg.delegate?.email
            ? [
                {
                  key: `delegate-convocation/${session.id}/${session.sequence}/${arg.istatCode}/${eventCount + 1}`,
                  templateId: 'conference-convocation',
                  to: { addresses: [{ address: arg.delegate.email, name: arg.delegate.name }] },
                  channel: 'email',
                  data: {
                    ...caseData(),
                    session: { start: session.startsAt, end: session.endsAt, location: session.place ?? undefined, link: session.videoLink ?? undefined },
                    agenda: input.agenda,
                    delegateCopy: true,
                    forIstatCode: arg.istatCode,
                  },
                  calendar: sessionCalendar(input.caseId, { kind: 'convocation', session, subject: input.subject }),
                },
              ]
            : [];
        await record(act, arg.actor, { sessionId: arg.sessionId, istatCode: arg.istatCode, answer: arg.answer, delegate: arg.delegate, via: arg.via }, toDelegate);
        if (unanswered(sessionById(arg.sessionId)).length === 0) await closeAnswerTerm(arg.sessionId, 'met');
      }),
    ),
  );

  setHandler(
    addSessionUpdate,
    ...handlerPair(
      action<AddSessionArgs>((arg) => ({ type: 'add-session', ...arg }), async (arg, act) => {
        await checkNotice(arg.session);
        const id = `s${status.sessions.length + 1}`;
        const planned = applyConferenceEvent(status, act, facts, Date.now());
        await startAnswerTerm(planned.sessions.find((s) => s.id === id) as ConferenceSession);
        await recordWithInvitations(act, arg.actor, id, 'convocation', null);
        await refreshContributionsTerm();
      }),
    ),
  );

  setHandler(
    moveSessionUpdate,
    ...handlerPair(
      action<MoveSessionArgs>((arg) => ({ type: 'move-session', ...arg }), async (arg, act) => {
        await checkNotice(arg.session);
        await closeAnswerTerm(arg.sessionId, 'cancelled');
        const planned = applyConferenceEvent(status, act, facts, Date.now());
        await startAnswerTerm(planned.sessions.find((s) => s.id === arg.sessionId) as ConferenceSession);
        await recordWithInvitations(act, arg.actor, arg.sessionId, 'update', null);
        await refreshContributionsTerm();
      }),
    ),
  );

  setHandler(
    cancelSessionUpdate,
    ...handlerPair(
      action<CancelSessionArgs>((arg) => ({ type: 'cancel-session', ...arg }), async (arg, act) => {
        await closeAnswerTerm(arg.sessionId, 'cancelled');
        await recordWithInvitations(act, arg.actor, arg.sessionId, 'cancellation', arg.reason);
        await refreshContributionsTerm();
      }),
    ),
  );

  setHandler(
    recordMinutesUpdate,
    ...handlerPair(
      action<RecordMinutesArgs>((arg) => ({ type: 'record-minutes', ...arg }), async (arg, act) => {
        await closeAnswerTerm(arg.sessionId, 'cancelled');
        await record(act, arg.actor, { sessionId: arg.sessionId, documentId: arg.documentId }, [
          {
            key: `minutes/${arg.sessionId}/${eventCount + 1}`,
            templateId: 'conference-minutes',
            to: 'parties',
            channel: 'pec',
            // The minutes as a link, and the written-contributions term they open.
            data: {
              ...caseData(),
              sessionId: arg.sessionId,
              documentId: arg.documentId,
              deadline: contributionsTerm ? { date: contributionsTerm.view.dueDate, legalSource: contributionsTerm.view.legalSource } : undefined,
            },
          },
        ]);
      }),
    ),
  );

  setHandler(
    submitContributionUpdate,
    ...handlerPair(
      action<SubmitContributionArgs>((arg) => ({ type: 'submit-contribution', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { istatCode: arg.istatCode, documentIds: arg.documentIds, note: arg.note }, [
          { key: `contribution/${status.contributions.length + 1}`, templateId: 'conference-contribution', to: 'officers', channel: 'email', data: { ...caseData(), istatCode: arg.istatCode, note: arg.note } },
        ]);
      }),
    ),
  );

  setHandler(
    closeConferenceUpdate,
    ...handlerPair(
      action<CloseConferenceArgs>((arg) => ({ type: 'close', ...arg }), async (arg, act) => {
        let agreementCaseId: string | null = null;
        if (arg.outcome === 'agreement-reached' && arg.agreement) {
          agreementCaseId = uuid4();
          const agreement: TerritorialAgreementInput = {
            caseId: agreementCaseId,
            parentCaseId: input.caseId,
            notifyWorkflowId: input.notifyWorkflowId,
            subject: arg.agreement.subject,
            municipalities: arg.agreement.municipalities,
            metropolitanExternalities: arg.agreement.metropolitanExternalities,
            startedBy: arg.actor,
            startedAt: now(),
          };
          // The agreement outlives the conference: collecting signatures takes weeks.
          await startChild(TERRITORIAL_AGREEMENT_WORKFLOW, {
            workflowId: territorialAgreementWorkflowId(agreementCaseId),
            args: [agreement],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        }
        await record(act, arg.actor, { outcome: arg.outcome, reasons: arg.reasons, agreement: arg.agreement, agreementCaseId }, [
          { key: 'closed/parties', templateId: 'case-closed', to: 'parties', channel: 'pec', data: { ...caseData(), closure: arg.outcome, reason: arg.reasons } },
        ]);
        await closeAllTerms();
        outcome = conclusion(agreementCaseId);
      }),
    ),
  );

  setHandler(
    withdrawConferenceUpdate,
    ...handlerPair(
      action<WithdrawConferenceArgs>((arg) => ({ type: 'withdraw', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { reason: arg.reason }, [
          { key: 'withdrawn/parties', templateId: 'case-closed', to: 'parties', channel: 'pec', data: { ...caseData(), closure: 'withdraw', reason: arg.reason } },
        ]);
        // Sessions still to come leave the mayors' calendars.
        for (const session of status.sessions.filter((s) => s.status === 'scheduled' && Date.parse(s.startsAt) > Date.now())) {
          const cancelled: ConferenceSession = { ...session, status: 'cancelled', sequence: session.sequence + 1, cancelReason: arg.reason };
          status = { ...status, sessions: status.sessions.map((s) => (s.id === session.id ? cancelled : s)) };
          await acts.recordSessionNotices({
            event: { caseId: input.caseId, workflowId, actor: arg.actor, type: 'session-cancelled', payload: { sessionId: session.id, reason: arg.reason }, idempotencyKey: key('session-cancelled') },
            notices: { kind: 'cancellation', session: cancelled, municipalities: input.convened, agenda: input.agenda, subject: input.subject, reason: arg.reason, answerDueDate: null, issuedAt: now() },
          });
        }
        await closeAllTerms();
        outcome = conclusion(null);
      }),
    ),
  );

  function conclusion(agreementCaseId: string | null): ConferenceOutcome {
    return {
      conferenceCaseId: input.caseId,
      outcome: status.state,
      reasons: status.outcome?.reasons ?? '',
      agreementCaseId,
      sessionsHeld: status.sessions.filter((s) => s.status === 'held').length,
      contributions: status.contributions.length,
    };
  }

  // Registration and the first convocation, before any action is taken.
  ({ reference } = await acts.registerConference(input));
  await serial.run(async () => {
    await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor: input.startedBy,
      type: 'registered',
      payload: { subject: input.subject, agenda: input.agenda, convened: input.convened, parentCaseId: input.parentCaseId },
      state: status.state,
      idempotencyKey: key('registered'),
    });
    const first: ConferenceAction = { type: 'add-session', actor: input.startedBy, session: input.firstSession };
    await startAnswerTerm(applyConferenceEvent(status, first, facts, Date.now()).sessions[0]);
    await recordWithInvitations(first, input.startedBy, 's1', 'convocation', null);
    await refreshContributionsTerm();
  });

  while (!isConferenceClosed(status.state)) {
    const seen = changes.current;
    const wake = earliest([...wakeInstants()]);
    if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
  }
  await condition(allHandlersFinished);
  return outcome ?? conclusion(null);

  function* wakeInstants(): Generator<string | undefined> {
    for (const session of status.sessions) {
      const term = answerTerms.get(session.id);
      if (!term || session.status !== 'scheduled' || Date.parse(session.startsAt) <= Date.now()) continue;
      yield term.view.next?.at;
      if (!expiredAnswerTerms.has(session.id)) yield expiryInstant(term);
    }
    if (contributionsTerm) {
      yield contributionsTerm.view.next?.at;
      if (!contributionsClosed) yield expiryInstant(contributionsTerm);
    }
  }

  /** What the clock does: reminders to whoever has not acted, and the expiry of the terms. */
  async function onTime(): Promise<void> {
    if (isConferenceClosed(status.state)) return;
    const nowMs = Date.now();
    for (const session of status.sessions) {
      let term = answerTerms.get(session.id);
      if (!term || session.status !== 'scheduled' || Date.parse(session.startsAt) <= nowMs) continue;
      const expiry = expiryInstant(term);
      if (!expiredAnswerTerms.has(session.id) && expiry && Date.parse(expiry) <= nowMs) {
        const missing = unanswered(session);
        await record({ type: 'answer-term-expired', sessionId: session.id }, SYSTEM_ACTOR, { sessionId: session.id, unanswered: missing }, [
          {
            key: `answer-term-expired/${session.id}/${session.sequence}`,
            templateId: 'deadline-expired',
            to: 'officers',
            channel: 'email',
            data: { ...caseData(), unanswered: missing, deadline: { date: term.view.dueDate, legalSource: term.view.legalSource } },
          },
        ]);
        await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: 'expired' });
        expiredAnswerTerms.add(session.id);
      }
      term = await fireDue(term, { municipalities: unanswered(sessionById(session.id)) });
      answerTerms.set(session.id, term);
    }
    if (contributionsTerm) {
      const expiry = expiryInstant(contributionsTerm);
      if (!contributionsClosed && expiry && Date.parse(expiry) <= nowMs) {
        await acts.recordCaseEvent({
          caseId: input.caseId,
          workflowId,
          actor: SYSTEM_ACTOR,
          type: 'contributions-closed',
          payload: { dueDate: contributionsTerm.view.dueDate, contributions: status.contributions.length },
          idempotencyKey: key('contributions-closed'),
        });
        await acts.closeDeadline({ deadlineId: contributionsTerm.view.deadlineId, status: 'met' });
        contributionsClosed = true;
        changes.bump();
      }
      const contributed = new Set(status.contributions.map((c) => c.istatCode));
      contributionsTerm = await fireDue(contributionsTerm, { municipalities: input.convened.filter((code) => !contributed.has(code)) });
    }
  }

  async function fireDue(term: TrackedDeadline, remind: NotificationIntent['to']): Promise<TrackedDeadline> {
    const next = term.view.next;
    if (next?.kind !== 'rung' || Date.parse(next.at) > Date.now()) return term;
    const fired = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: String(++eventCount), caseData: caseData() }, term, LADDER, remind);
    changes.bump();
    return fired;
  }
}
