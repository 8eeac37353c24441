import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  AgreementTerms,
  Attendance,
  ConferenceSession,
  ConferenceState,
  Contribution,
  Delegate,
  SessionPlan,
} from '@cmm/domain';
import type { CaseEventInput, NotificationIntent } from './case-activities.contract';
import type { DeadlineView } from './deadline-activities.contract';

/** Workflow type name: the compatibility evaluation starts it as a child by name. */
export const CONCERTATION_CONFERENCE_WORKFLOW = 'concertationConferenceWorkflow';
export const concertationConferenceWorkflowId = (caseId: string): string => `concertation-conference-${caseId}`;

export interface ConcertationConferenceInput {
  caseId: string;
  /** The compatibility evaluation that recognised the supra-municipal relevance, if any. */
  parentCaseId: string | null;
  /** The workflow told when an agreement born of this conference concludes (the parent evaluation). */
  notifyWorkflowId: string | null;
  /** The municipality whose plan is discussed, if any: it takes part like the others. */
  istatCode: string | null;
  subject: string;
  agenda: string;
  /** ISTAT codes of the municipalities convened (the affected ones, plus the proposing one). */
  convened: string[];
  firstSession: SessionPlan;
  startedBy: Actor;
  startedAt: string;
}

export interface ConferenceOutcome {
  conferenceCaseId: string;
  outcome: ConferenceState;
  reasons: string;
  /** The territorial agreement started when one was reached. */
  agreementCaseId: string | null;
  sessionsHeld: number;
  contributions: number;
}

export interface ConcertationConferenceView {
  caseId: string;
  parentCaseId: string | null;
  reference: string | null;
  state: ConferenceState;
  subject: string;
  agenda: string;
  convened: string[];
  sessions: (ConferenceSession & { answerTerm: DeadlineView | null })[];
  contributions: Contribution[];
  contributionsTerm: DeadlineView | null;
  outcome: ConferenceOutcome | null;
}

export type AnswerConvocationArgs = {
  actor: Actor;
  sessionId: string;
  istatCode: string;
  answer: Exclude<Attendance['answer'], 'pending'>;
  delegate: Delegate | null;
  via: 'api' | 'link';
};
export type AddSessionArgs = { actor: Actor; session: SessionPlan };
export type MoveSessionArgs = { actor: Actor; sessionId: string; session: SessionPlan };
export type CancelSessionArgs = { actor: Actor; sessionId: string; reason: string };
export type RecordMinutesArgs = { actor: Actor; sessionId: string; documentId: string };
export type SubmitContributionArgs = { actor: Actor; istatCode: string; documentIds: string[]; note: string };
export type CloseConferenceArgs = {
  actor: Actor;
  outcome: 'agreement-reached' | 'agreement-not-reached';
  reasons: string;
  agreement: AgreementTerms | null;
};
export type WithdrawConferenceArgs = { actor: Actor; reason: string };

export const getConferenceQuery = defineQuery<ConcertationConferenceView>('getConference');
export const answerConvocationUpdate = defineUpdate<ConcertationConferenceView, [AnswerConvocationArgs]>('answerConvocation');
export const addSessionUpdate = defineUpdate<ConcertationConferenceView, [AddSessionArgs]>('addSession');
export const moveSessionUpdate = defineUpdate<ConcertationConferenceView, [MoveSessionArgs]>('moveSession');
export const cancelSessionUpdate = defineUpdate<ConcertationConferenceView, [CancelSessionArgs]>('cancelSession');
export const recordMinutesUpdate = defineUpdate<ConcertationConferenceView, [RecordMinutesArgs]>('recordMinutes');
export const submitContributionUpdate = defineUpdate<ConcertationConferenceView, [SubmitContributionArgs]>('submitContribution');
export const closeConferenceUpdate = defineUpdate<ConcertationConferenceView, [CloseConferenceArgs]>('closeConference');
export const withdrawConferenceUpdate = defineUpdate<ConcertationConferenceView, [WithdrawConferenceArgs]>('withdrawConference');

export interface SessionNoticeVerdict {
  ok: boolean;
  /** Last Rome day the convocation may leave for that session. */
  latestConvocationDate: string;
  noticeDays: number;
  legalSource: string;
}

/** A session's invitation to the convened municipalities: one notice each, with the ICS and an answer link. */
export interface SessionNoticeInput {
  kind: 'convocation' | 'update' | 'cancellation';
  session: ConferenceSession;
  municipalities: string[];
  agenda: string;
  subject: string;
  reason: string | null;
  answerDueDate: string | null;
  /** Workflow time, so a retried activity signs the very same links. */
  issuedAt: string;
}

export interface ConcertationConferenceActivities {
  /** Opens the conference case (reference, parties = convened municipalities); idempotent. */
  registerConference(input: ConcertationConferenceInput): Promise<{ reference: string }>;
  /** Whether a session on that instant still leaves the rulebook's convocation notice, counted from `at`. */
  checkSessionNotice(input: { startsAt: string; at: string }): Promise<SessionNoticeVerdict>;
  /** A timeline event plus the invitations of a session, each with its signed single-use answer link; once. */
  recordSessionNotices(input: { event: CaseEventInput; notices: SessionNoticeInput }): Promise<{ seq: number }>;
}

/** One event per session in every calendar (mayors' and delegates'): the same UID, a higher SEQUENCE on each change. */
export const sessionCalendar = (
  caseId: string,
  notices: Pick<SessionNoticeInput, 'kind' | 'session' | 'subject'>,
): NonNullable<NotificationIntent['calendar']> => ({
  uid: `${caseId}.${notices.session.id}@procedimenti.cittametropolitana.mi.it`,
  sequence: notices.session.sequence,
  method: notices.kind === 'cancellation' ? 'CANCEL' : 'REQUEST',
  start: notices.session.startsAt,
  end: notices.session.endsAt,
  summary: `Conferenza di concertazione — ${notices.subject}`,
  location: notices.session.place ?? notices.session.videoLink ?? undefined,
  url: notices.session.videoLink ?? undefined,
});
