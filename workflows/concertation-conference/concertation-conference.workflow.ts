import { ParentClosePolicy, patched, setHandler, startChild, uuid4 } from '@temporalio/workflow';
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
  getConferenceQuery,
  moveSessionUpdate,
  recordMinutesUpdate,
  sessionCalendar,
  submitContributionUpdate,
  territorialAgreementWorkflowId,
  withdrawConferenceUpdate,
} from '@cmm/contracts';
import {
  type Actor,
  type ConferenceAction,
  type ConferenceEvent,
  type ConferenceFacts,
  type ConferenceSession,
  type ConferenceStatus,
  type SessionPlan,
  SYSTEM_ACTOR,
  activeSessions,
  applyConferenceEvent,
  checkConferenceAction,
  conferenceActionSamples,
  initialConferenceStatus,
  isConferenceClosed,
  unanswered,
} from '@cmm/domain';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { refuseIfNoticeTooShort } from '../shared/session-notice';
import { expiryInstant } from '../shared/tracked-terms';

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
  return new ConcertationConferenceCase(input).run();
}

class ConcertationConferenceCase extends ProcedureCase<ConferenceStatus, ConferenceEvent, ConferenceAction, ConcertationConferenceView> {
  protected status = initialConferenceStatus();
  private readonly facts: ConferenceFacts;
  private reference: string | null = null;
  private readonly answerTerms = new Map<string, TrackedDeadline>();
  private readonly expiredAnswerTerms = new Set<string>();
  private contributionsTerm: TrackedDeadline | null = null;
  /** The session the contributions term counts from. */
  private contributionsFrom: string | null = null;
  private contributionsTerms = 0;
  private contributionsClosed = false;
  private outcome: ConferenceOutcome | null = null;

  constructor(private readonly input: ConcertationConferenceInput) {
    super(acts);
    // Conferences started before the rule replay without it: a link could then overwrite an API answer.
    this.facts = { convened: input.convened, linkAnswersOnce: patched('conference-link-answers-once') };
    setHandler(getConferenceQuery, () => this.view());
    this.offerActions(() => conferenceActionSamples(this.status, this.facts));
    this.action(
      answerConvocationUpdate,
      (arg: AnswerConvocationArgs) => ({ type: 'answer-convocation', ...arg }),
      (arg, act) => this.answerConvocation(arg, act),
    );
    this.action(
      addSessionUpdate,
      (arg: AddSessionArgs) => ({ type: 'add-session', ...arg }),
      (arg, act) => this.addSession(arg, act),
    );
    this.action(
      moveSessionUpdate,
      (arg: MoveSessionArgs) => ({ type: 'move-session', ...arg }),
      (arg, act) => this.moveSession(arg, act),
    );
    this.action(
      cancelSessionUpdate,
      (arg: CancelSessionArgs) => ({ type: 'cancel-session', ...arg }),
      async (arg, act) => {
        await this.closeAnswerTerm(arg.sessionId, 'cancelled');
        await this.recordWithInvitations(act, arg.actor, arg.sessionId, 'cancellation', arg.reason);
        await this.refreshContributionsTerm();
      },
    );
    this.action(
      recordMinutesUpdate,
      (arg: RecordMinutesArgs) => ({ type: 'record-minutes', ...arg }),
      (arg, act) => this.recordMinutes(arg, act),
    );
    this.action(
      submitContributionUpdate,
      (arg: SubmitContributionArgs) => ({ type: 'submit-contribution', ...arg }),
      async (arg, act) => {
        await this.record(
          act,
          arg.actor,
          { istatCode: arg.istatCode, documentIds: arg.documentIds, note: arg.note },
          {
            notifications: [
              {
                key: `contribution/${this.status.contributions.length + 1}`,
                templateId: 'conference-contribution',
                to: 'officers',
                channel: 'email',
                data: { ...this.caseData(), istatCode: arg.istatCode, note: arg.note },
              },
            ],
          },
        );
      },
    );
    this.action(
      closeConferenceUpdate,
      (arg: CloseConferenceArgs) => ({ type: 'close', ...arg }),
      (arg, act) => this.close(arg, act),
    );
    this.action(
      withdrawConferenceUpdate,
      (arg: WithdrawConferenceArgs) => ({ type: 'withdraw', ...arg }),
      (arg, act) => this.withdraw(arg, act),
    );
  }

  async run(): Promise<ConferenceOutcome> {
    const { input } = this;
    // Registration and the first convocation, before any action is taken.
    ({ reference: this.reference } = await acts.registerConference(input));
    this.indexCase();
    await this.serial.run(async () => {
      await acts.recordCaseEvent({
        caseId: input.caseId,
        workflowId: this.workflowId,
        actor: input.startedBy,
        type: 'registered',
        payload: { subject: input.subject, agenda: input.agenda, convened: input.convened, parentCaseId: input.parentCaseId },
        state: this.status.state,
        idempotencyKey: this.nextKey('registered'),
      });
      const first: ConferenceAction = { type: 'add-session', actor: input.startedBy, session: input.firstSession };
      await this.startAnswerTerm(applyConferenceEvent(this.status, first, this.facts, Date.now()).sessions[0]);
      await this.recordWithInvitations(first, input.startedBy, 's1', 'convocation', null);
      await this.refreshContributionsTerm();
    });
    await this.runUntilClosed();
    return this.outcome ?? this.conclusion(null);
  }

  protected caseIndex() {
    return { procedure: 'concertation-conference' as const, reference: this.reference, istatCodes: this.input.convened };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): ConcertationConferenceView {
    const { input, status } = this;
    return {
      caseId: input.caseId,
      parentCaseId: input.parentCaseId,
      reference: this.reference,
      state: status.state,
      subject: input.subject,
      agenda: input.agenda,
      convened: input.convened,
      sessions: status.sessions.map((s) => ({ ...s, answerTerm: this.answerTerms.get(s.id)?.view ?? null })),
      contributions: status.contributions,
      contributionsTerm: this.contributionsTerm?.view ?? null,
      outcome: this.outcome,
    };
  }

  protected applied(event: ConferenceEvent): ConferenceStatus {
    return applyConferenceEvent(this.status, event, this.facts, Date.now());
  }

  protected refusalOf(action: ConferenceAction) {
    return checkConferenceAction(this.status, action, this.facts, Date.now());
  }

  protected isClosed(): boolean {
    return isConferenceClosed(this.status.state);
  }

  private caseData() {
    return { caseReference: this.reference, conferenceSubject: this.input.subject };
  }

  private sessionById(id: string): ConferenceSession {
    return this.status.sessions.find((s) => s.id === id) as ConferenceSession;
  }

  /** Records an event that sends a session's invitations (convocation, update, cancellation). */
  private async recordWithInvitations(
    event: ConferenceEvent,
    actor: Actor,
    sessionId: string,
    kind: SessionNoticeInput['kind'],
    reason: string | null,
  ): Promise<void> {
    const { input } = this;
    this.status = this.applied(event);
    const session = this.sessionById(sessionId);
    const answerDueDate = this.answerTerms.get(sessionId)?.view.dueDate ?? null;
    await acts.recordSessionNotices({
      event: {
        caseId: input.caseId,
        workflowId: this.workflowId,
        actor,
        type: event.type,
        payload: {
          session: {
            id: session.id,
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            place: session.place,
            videoLink: session.videoLink,
            sequence: session.sequence,
          },
          reason,
          answerDueDate,
        },
        state: this.status.state,
        idempotencyKey: this.nextKey(event.type),
      },
      notices: {
        kind,
        session,
        municipalities: input.convened,
        agenda: input.agenda,
        subject: input.subject,
        reason,
        answerDueDate,
        issuedAt: this.now(),
      },
    });
    this.changes.bump();
  }

  /** The convocation must leave the rulebook's notice before the session: asked of the calendar, recorded in history. */
  private async checkNotice(plan: SessionPlan): Promise<void> {
    const verdict = await acts.checkSessionNotice({ startsAt: plan.startsAt, at: this.now() });
    refuseIfNoticeTooShort('session.startsAt', verdict);
  }

  private async startAnswerTerm(session: ConferenceSession): Promise<void> {
    const term = await acts.startDeadline({
      caseId: this.input.caseId,
      deadlineId: `${this.input.caseId}/attendance/${session.id}/${session.sequence}`,
      ruleId: ANSWER_RULE,
      ladderId: LADDER,
      startInstant: session.startsAt,
    });
    this.answerTerms.set(session.id, term);
    this.expiredAnswerTerms.delete(session.id);
  }

  private async closeAnswerTerm(sessionId: string, closing: 'met' | 'cancelled'): Promise<void> {
    const term = this.answerTerms.get(sessionId);
    if (term && !this.expiredAnswerTerms.has(sessionId)) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: closing });
    this.answerTerms.delete(sessionId);
  }

  /** Written contributions run until the term counted from the last session still on the calendar. */
  private async refreshContributionsTerm(): Promise<void> {
    const last = activeSessions(this.status).reduce<ConferenceSession | null>(
      (a, s) => (!a || Date.parse(s.startsAt) > Date.parse(a.startsAt) ? s : a),
      null,
    );
    if (this.contributionsTerm && last && this.contributionsFrom === last.startsAt) return;
    if (this.contributionsTerm && !this.contributionsClosed)
      await acts.closeDeadline({ deadlineId: this.contributionsTerm.view.deadlineId, status: 'cancelled' });
    this.contributionsTerm = null;
    this.contributionsClosed = false;
    this.contributionsFrom = last?.startsAt ?? null;
    if (last) {
      this.contributionsTerm = await acts.startDeadline({
        caseId: this.input.caseId,
        deadlineId: `${this.input.caseId}/contributions/${++this.contributionsTerms}`,
        ruleId: CONTRIBUTIONS_RULE,
        ladderId: LADDER,
        startInstant: last.startsAt,
      });
    }
    this.status = { ...this.status, contributionsDueAt: this.contributionsTerm?.view.dueAt ?? null };
    this.changes.bump();
  }

  private async closeAllTerms(): Promise<void> {
    for (const sessionId of [...this.answerTerms.keys()]) await this.closeAnswerTerm(sessionId, 'cancelled');
    if (this.contributionsTerm && !this.contributionsClosed)
      await acts.closeDeadline({ deadlineId: this.contributionsTerm.view.deadlineId, status: 'met' });
    this.contributionsClosed = true;
  }

  private async answerConvocation(arg: AnswerConvocationArgs, act: ConferenceAction): Promise<void> {
    const session = this.sessionById(arg.sessionId);
    // The named delegate goes to the session: they get the convocation and its calendar entry at their own address.
    const toDelegate: NotificationIntent[] =
      arg.answer === 'delegated' && arg.delegate?.email
        ? [
            {
              key: `delegate-convocation/${session.id}/${session.sequence}/${arg.istatCode}/${this.eventCount + 1}`,
              templateId: 'conference-convocation',
              to: { addresses: [{ address: arg.delegate.email, name: arg.delegate.name }] },
              channel: 'email',
              data: {
                ...this.caseData(),
                session: {
                  start: session.startsAt,
                  end: session.endsAt,
                  location: session.place ?? undefined,
                  link: session.videoLink ?? undefined,
                },
                agenda: this.input.agenda,
                delegateCopy: true,
                forIstatCode: arg.istatCode,
              },
              calendar: sessionCalendar(this.input.caseId, { kind: 'convocation', session, subject: this.input.subject }),
            },
          ]
        : [];
    await this.record(
      act,
      arg.actor,
      { sessionId: arg.sessionId, istatCode: arg.istatCode, answer: arg.answer, delegate: arg.delegate, via: arg.via },
      { notifications: toDelegate },
    );
    if (unanswered(this.sessionById(arg.sessionId)).length === 0) await this.closeAnswerTerm(arg.sessionId, 'met');
  }

  private async addSession(arg: AddSessionArgs, act: ConferenceAction): Promise<void> {
    await this.checkNotice(arg.session);
    const id = `s${this.status.sessions.length + 1}`;
    const planned = this.applied(act);
    await this.startAnswerTerm(planned.sessions.find((s) => s.id === id) as ConferenceSession);
    await this.recordWithInvitations(act, arg.actor, id, 'convocation', null);
    await this.refreshContributionsTerm();
  }

  private async moveSession(arg: MoveSessionArgs, act: ConferenceAction): Promise<void> {
    await this.checkNotice(arg.session);
    await this.closeAnswerTerm(arg.sessionId, 'cancelled');
    const planned = this.applied(act);
    await this.startAnswerTerm(planned.sessions.find((s) => s.id === arg.sessionId) as ConferenceSession);
    await this.recordWithInvitations(act, arg.actor, arg.sessionId, 'update', null);
    await this.refreshContributionsTerm();
  }

  private async recordMinutes(arg: RecordMinutesArgs, act: ConferenceAction): Promise<void> {
    await this.closeAnswerTerm(arg.sessionId, 'cancelled');
    const contributionsTerm = this.contributionsTerm;
    await this.record(
      act,
      arg.actor,
      { sessionId: arg.sessionId, documentId: arg.documentId },
      {
        notifications: [
          {
            key: `minutes/${arg.sessionId}/${this.eventCount + 1}`,
            templateId: 'conference-minutes',
            to: 'parties',
            channel: 'pec',
            // The minutes as a link, and the written-contributions term they open.
            data: {
              ...this.caseData(),
              sessionId: arg.sessionId,
              documentId: arg.documentId,
              deadline: contributionsTerm
                ? { date: contributionsTerm.view.dueDate, legalSource: contributionsTerm.view.legalSource }
                : undefined,
            },
          },
        ],
      },
    );
  }

  private async close(arg: CloseConferenceArgs, act: ConferenceAction): Promise<void> {
    let agreementCaseId: string | null = null;
    if (arg.outcome === 'agreement-reached' && arg.agreement) {
      agreementCaseId = uuid4();
      const agreement: TerritorialAgreementInput = {
        caseId: agreementCaseId,
        parentCaseId: this.input.caseId,
        notifyWorkflowId: this.input.notifyWorkflowId,
        subject: arg.agreement.subject,
        municipalities: arg.agreement.municipalities,
        metropolitanExternalities: arg.agreement.metropolitanExternalities,
        startedBy: arg.actor,
        startedAt: this.now(),
      };
      // The agreement outlives the conference: collecting signatures takes weeks.
      await startChild(TERRITORIAL_AGREEMENT_WORKFLOW, {
        workflowId: territorialAgreementWorkflowId(agreementCaseId),
        args: [agreement],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
    await this.record(
      act,
      arg.actor,
      { outcome: arg.outcome, reasons: arg.reasons, agreement: arg.agreement, agreementCaseId },
      {
        notifications: [
          {
            key: 'closed/parties',
            templateId: 'case-closed',
            to: 'parties',
            channel: 'pec',
            data: { ...this.caseData(), closure: arg.outcome, reason: arg.reasons },
          },
        ],
      },
    );
    await this.closeAllTerms();
    this.outcome = this.conclusion(agreementCaseId);
  }

  private async withdraw(arg: WithdrawConferenceArgs, act: ConferenceAction): Promise<void> {
    const { input } = this;
    await this.record(
      act,
      arg.actor,
      { reason: arg.reason },
      {
        notifications: [
          {
            key: 'withdrawn/parties',
            templateId: 'case-closed',
            to: 'parties',
            channel: 'pec',
            data: { ...this.caseData(), closure: 'withdraw', reason: arg.reason },
          },
        ],
      },
    );
    // Sessions still to come leave the mayors' calendars.
    for (const session of this.status.sessions.filter((s) => s.status === 'scheduled' && Date.parse(s.startsAt) > Date.now())) {
      const cancelled: ConferenceSession = { ...session, status: 'cancelled', sequence: session.sequence + 1, cancelReason: arg.reason };
      this.status = { ...this.status, sessions: this.status.sessions.map((s) => (s.id === session.id ? cancelled : s)) };
      await acts.recordSessionNotices({
        event: {
          caseId: input.caseId,
          workflowId: this.workflowId,
          actor: arg.actor,
          type: 'session-cancelled',
          payload: { sessionId: session.id, reason: arg.reason },
          idempotencyKey: this.nextKey('session-cancelled'),
        },
        notices: {
          kind: 'cancellation',
          session: cancelled,
          municipalities: input.convened,
          agenda: input.agenda,
          subject: input.subject,
          reason: arg.reason,
          answerDueDate: null,
          issuedAt: this.now(),
        },
      });
    }
    await this.closeAllTerms();
    this.outcome = this.conclusion(null);
  }

  private conclusion(agreementCaseId: string | null): ConferenceOutcome {
    const { status } = this;
    return {
      conferenceCaseId: this.input.caseId,
      outcome: status.state,
      reasons: status.outcome?.reasons ?? '',
      agreementCaseId,
      sessionsHeld: status.sessions.filter((s) => s.status === 'held').length,
      contributions: status.contributions.length,
    };
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    for (const session of this.status.sessions) {
      const term = this.answerTerms.get(session.id);
      if (!term || session.status !== 'scheduled' || Date.parse(session.startsAt) <= Date.now()) continue;
      yield term.view.next?.at;
      if (!this.expiredAnswerTerms.has(session.id)) yield expiryInstant(term);
    }
    if (this.contributionsTerm) {
      yield this.contributionsTerm.view.next?.at;
      if (!this.contributionsClosed) yield expiryInstant(this.contributionsTerm);
    }
  }

  /** What the clock does: reminders to whoever has not acted, and the expiry of the terms. */
  protected override async onTime(): Promise<void> {
    if (this.isClosed()) return;
    const nowMs = Date.now();
    for (const session of this.status.sessions) {
      const term = this.answerTerms.get(session.id);
      if (!term || session.status !== 'scheduled' || Date.parse(session.startsAt) <= nowMs) continue;
      const expiry = expiryInstant(term);
      if (!this.expiredAnswerTerms.has(session.id) && expiry && Date.parse(expiry) <= nowMs) await this.answerTermExpired(session, term);
      this.answerTerms.set(
        session.id,
        await this.fireDueReminder(acts, term, LADDER, { municipalities: unanswered(this.sessionById(session.id)) }, this.caseData()),
      );
    }
    if (this.contributionsTerm) {
      const expiry = expiryInstant(this.contributionsTerm);
      if (!this.contributionsClosed && expiry && Date.parse(expiry) <= nowMs) await this.contributionsExpired(this.contributionsTerm);
      const contributed = new Set(this.status.contributions.map((c) => c.istatCode));
      const remind = { municipalities: this.input.convened.filter((code) => !contributed.has(code)) };
      this.contributionsTerm = await this.fireDueReminder(acts, this.contributionsTerm, LADDER, remind, this.caseData());
    }
  }

  private async answerTermExpired(session: ConferenceSession, term: TrackedDeadline): Promise<void> {
    const missing = unanswered(session);
    await this.record(
      { type: 'answer-term-expired', sessionId: session.id },
      SYSTEM_ACTOR,
      { sessionId: session.id, unanswered: missing },
      {
        notifications: [
          {
            key: `answer-term-expired/${session.id}/${session.sequence}`,
            templateId: 'deadline-expired',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), unanswered: missing, deadline: { date: term.view.dueDate, legalSource: term.view.legalSource } },
          },
        ],
      },
    );
    await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: 'expired' });
    this.expiredAnswerTerms.add(session.id);
  }

  private async contributionsExpired(term: TrackedDeadline): Promise<void> {
    await this.recordOnCase({
      actor: SYSTEM_ACTOR,
      type: 'contributions-closed',
      payload: { dueDate: term.view.dueDate, contributions: this.status.contributions.length },
    });
    await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: 'met' });
    this.contributionsClosed = true;
    this.changes.bump();
  }
}
