import type { Actor } from '../actor';

/** Every state of a concertation conference (the API's enums list them in this order). */
export const CONFERENCE_STATES = ['open', 'agreement-reached', 'agreement-not-reached', 'withdrawn'] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];
export const CONFERENCE_TERMINAL_STATES: readonly ConferenceState[] = ['agreement-reached', 'agreement-not-reached', 'withdrawn'];

export type AttendanceAnswer = 'pending' | 'confirmed' | 'declined' | 'delegated';

export interface Delegate {
  name: string;
  role: string;
  email: string;
}

export interface Attendance {
  answer: AttendanceAnswer;
  delegate: Delegate | null;
  answeredAt: string | null;
  answeredBy: string | null;
  /** How the answer came: a logged-in user, or the signed link of the convocation. */
  via: 'api' | 'link' | null;
  /** The answer term passed with no answer (the officer was alerted; an answer is still taken until the session). */
  overdue: boolean;
  /**
   * The answer given before the session was last moved: a new date needs a new answer, but
   * what the municipality said stays visible. Absent on sessions recorded before moves kept it.
   */
  previous?: PreviousAttendance | null;
}

export interface PreviousAttendance {
  answer: Exclude<AttendanceAnswer, 'pending'>;
  delegate: Delegate | null;
  answeredAt: string | null;
  answeredBy: string | null;
  via: 'api' | 'link' | null;
  /** The ICS sequence of the invitation it answered. */
  sequence: number;
}

export interface SessionPlan {
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  place: string | null;
  videoLink: string | null;
}

export interface ConferenceSession extends SessionPlan {
  id: string;
  status: 'scheduled' | 'held' | 'cancelled';
  /** The ICS SEQUENCE of the invitation: 0 at the convocation, +1 on every move or cancellation. */
  sequence: number;
  minutesDocumentId: string | null;
  cancelReason: string | null;
  /** Per convened municipality (ISTAT code). */
  attendance: Record<string, Attendance>;
}

export interface Contribution {
  istatCode: string;
  documentIds: string[];
  note: string;
  at: string;
  by: string;
}

export interface AgreementTerms {
  subject: string;
  /** Municipalities that are parties (ISTAT codes, among the convened). */
  municipalities: string[];
  metropolitanExternalities: boolean;
}

export interface ConferenceFacts {
  /** ISTAT codes of the convened municipalities. */
  convened: readonly string[];
  /**
   * A personal link takes one answer per invitation, whatever channel answered first: an answer
   * already given (through the API too) is not overwritten from the link. Set by workflows
   * started after the rule (patched), so older histories replay as they ran.
   */
  linkAnswersOnce?: boolean;
}

export interface ConferenceStatus {
  state: ConferenceState;
  sessions: ConferenceSession[];
  contributions: Contribution[];
  /** Last instant written contributions are taken (end of the term's last Rome day), once a session exists. */
  contributionsDueAt: string | null;
  outcome: { kind: ConferenceState; reasons: string; agreement: AgreementTerms | null } | null;
}

export type ConferenceAction =
  | {
      type: 'answer-convocation';
      actor: Actor;
      sessionId: string;
      istatCode: string;
      answer: Exclude<AttendanceAnswer, 'pending'>;
      delegate: Delegate | null;
      via: 'api' | 'link';
    }
  | { type: 'add-session'; actor: Actor; session: SessionPlan }
  | { type: 'move-session'; actor: Actor; sessionId: string; session: SessionPlan }
  | { type: 'cancel-session'; actor: Actor; sessionId: string; reason: string }
  | { type: 'record-minutes'; actor: Actor; sessionId: string; documentId: string }
  | { type: 'submit-contribution'; actor: Actor; istatCode: string; documentIds: string[]; note: string }
  | {
      type: 'close';
      actor: Actor;
      outcome: 'agreement-reached' | 'agreement-not-reached';
      reasons: string;
      agreement: AgreementTerms | null;
    }
  | { type: 'withdraw'; actor: Actor; reason: string };

/** What the clock does on its own. */
export type ConferenceEvent = ConferenceAction | { type: 'answer-term-expired'; sessionId: string };
