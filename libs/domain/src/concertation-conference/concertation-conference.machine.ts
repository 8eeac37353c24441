import type { Actor } from '../actor';
import { type Refusal, refuse } from '../refusal';
import {
  type Attendance,
  CONFERENCE_TERMINAL_STATES,
  type ConferenceAction,
  type ConferenceEvent,
  type ConferenceFacts,
  type ConferenceSession,
  type ConferenceState,
  type ConferenceStatus,
  type PreviousAttendance,
  type SessionPlan,
} from './concertation-conference.types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const blank = (text: string | null | undefined) => !text || text.trim().length === 0;
const isStaff = (actor: Actor) => actor.role === 'officer' || actor.role === 'manager';
const isMunicipal = (actor: Actor) => actor.role === 'comune' || actor.role === 'mayor_office';

export const initialConferenceStatus = (): ConferenceStatus => ({
  state: 'open',
  sessions: [],
  contributions: [],
  contributionsDueAt: null,
  outcome: null,
});

export const isConferenceClosed = (state: ConferenceState): boolean => CONFERENCE_TERMINAL_STATES.includes(state);

const pendingAttendance = (): Attendance => ({
  answer: 'pending',
  delegate: null,
  answeredAt: null,
  answeredBy: null,
  via: null,
  overdue: false,
});

/** What a municipality answered before a move; an unanswered invitation keeps the answer before it. */
function previousOf(attendance: Attendance | undefined, sequence: number): PreviousAttendance | null {
  if (!attendance) return null;
  if (attendance.answer === 'pending') return attendance.previous ?? null;
  const { answer, delegate, answeredAt, answeredBy, via } = attendance;
  return { answer, delegate, answeredAt, answeredBy, via, sequence };
}

/** Problems of a session's date, time and place, or null. `now` is workflow time (ms). */
export function sessionPlanProblem(plan: SessionPlan, now: number): Refusal | null {
  const starts = Date.parse(plan.startsAt);
  const ends = Date.parse(plan.endsAt);
  if (Number.isNaN(starts))
    return refuse('invalid-input', {
      it: 'session.startsAt: indicare data e ora in formato ISO',
      en: 'session.startsAt: an ISO date-time',
    });
  if (Number.isNaN(ends) || ends <= starts)
    return refuse('invalid-input', {
      it: 'session.endsAt: indicare data e ora in formato ISO, successive a startsAt',
      en: 'session.endsAt: an ISO date-time after startsAt',
    });
  if (starts <= now)
    return refuse('invalid-input', { it: 'session.startsAt: la seduta deve essere futura', en: 'session.startsAt: must be in the future' });
  if (blank(plan.place) && blank(plan.videoLink))
    return refuse('invalid-input', {
      it: 'session: indicare il luogo o il collegamento video (o entrambi)',
      en: 'session: a place or a video link (or both)',
    });
  if (!blank(plan.videoLink) && !/^https:\/\/\S+$/.test(plan.videoLink as string))
    return refuse('invalid-input', { it: 'session.videoLink: deve essere un indirizzo https', en: 'session.videoLink: an https URL' });
  return null;
}

const sessionOf = (status: ConferenceStatus, id: string): ConferenceSession | undefined => status.sessions.find((s) => s.id === id);

/** A municipal actor acts only for its own municipality, and only if convened; CMM staff may record for anyone convened. */
function speaksFor(actor: Actor, istatCode: string, facts: ConferenceFacts): Refusal | null {
  if (!facts.convened.includes(istatCode))
    return refuse('invalid-input', {
      it: `istatCode: il Comune ${istatCode} non è convocato a questa conferenza`,
      en: `istatCode: ${istatCode} is not convened to this conference`,
    });
  if (isStaff(actor)) return null;
  if (isMunicipal(actor) && actor.istatCode === istatCode) return null;
  return refuse('forbidden', {
    it: `può rispondere solo il Comune ${istatCode} (o un funzionario della Città metropolitana per suo conto)`,
    en: `only the municipality ${istatCode} (or a CMM officer on its behalf) may answer for it`,
  });
}

/** Why the action may not happen now, or null. Pure: the same inputs always give the same verdict. */
export function checkConferenceAction(
  status: ConferenceStatus,
  action: ConferenceAction,
  facts: ConferenceFacts,
  now: number,
): Refusal | null {
  const { actor } = action;
  const staffOnly = () =>
    isStaff(actor)
      ? null
      : refuse('forbidden', {
          it: `azione «${action.type}» riservata ai funzionari e ai dirigenti della Città metropolitana`,
          en: `only CMM officers and managers may ${action.type.replace(/-/g, ' ')}`,
        });
  if (isConferenceClosed(status.state))
    return refuse(
      'invalid-state',
      { it: `la conferenza è chiusa (stato «${status.state}»)`, en: `the conference is closed (${status.state})` },
      status.state,
    );
  switch (action.type) {
    case 'answer-convocation': {
      const who = speaksFor(actor, action.istatCode, facts);
      if (who) return who;
      const session = sessionOf(status, action.sessionId);
      if (!session)
        return refuse('invalid-input', {
          it: `sessionId: nessuna seduta ${action.sessionId}`,
          en: `sessionId: no session ${action.sessionId}`,
        });
      if (session.status !== 'scheduled')
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} è nello stato «${session.status}»`, en: `session ${session.id} is ${session.status}` },
          status.state,
        );
      if (Date.parse(session.startsAt) <= now)
        return refuse(
          'invalid-state',
          {
            it: `la seduta ${session.id} è già iniziata: le risposte sono chiuse`,
            en: `session ${session.id} has already started: answers are closed`,
          },
          status.state,
        );
      const given = session.attendance[action.istatCode];
      if (facts.linkAnswersOnce && action.via === 'link' && given && given.answer !== 'pending') {
        return refuse(
          'invalid-state',
          {
            it: `il Comune ${action.istatCode} ha già risposto a questo invito (${given.via ?? 'api'}, ${given.answeredAt}): il collegamento non accetta una seconda risposta`,
            en: `the municipality ${action.istatCode} has already answered this invitation (${given.via ?? 'api'}, ${given.answeredAt}): the link takes no second answer`,
          },
          status.state,
        );
      }
      if (action.answer === 'delegated') {
        const d = action.delegate;
        if (!d || blank(d.name))
          return refuse('invalid-input', {
            it: 'delegate.name: obbligatorio quando si indica un delegato',
            en: 'delegate.name: required when naming a delegate',
          });
        if (blank(d.role))
          return refuse('invalid-input', {
            it: 'delegate.role: obbligatorio quando si indica un delegato',
            en: 'delegate.role: required when naming a delegate',
          });
        if (!EMAIL.test(d.email ?? ''))
          return refuse('invalid-input', { it: 'delegate.email: deve essere un indirizzo email', en: 'delegate.email: an email address' });
      } else if (action.delegate) {
        return refuse('invalid-input', {
          it: 'delegate: solo con la risposta «delegated»',
          en: 'delegate: only with the answer "delegated"',
        });
      }
      return null;
    }
    case 'add-session':
      return staffOnly() ?? sessionPlanProblem(action.session, now);
    case 'move-session': {
      const refusal = staffOnly() ?? sessionPlanProblem(action.session, now);
      if (refusal) return refusal;
      const session = sessionOf(status, action.sessionId);
      if (!session)
        return refuse('invalid-input', {
          it: `sessionId: nessuna seduta ${action.sessionId}`,
          en: `sessionId: no session ${action.sessionId}`,
        });
      if (session.status !== 'scheduled')
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} è nello stato «${session.status}»`, en: `session ${session.id} is ${session.status}` },
          status.state,
        );
      if (Date.parse(session.startsAt) <= now)
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} è già iniziata`, en: `session ${session.id} has already started` },
          status.state,
        );
      const same =
        session.startsAt === action.session.startsAt &&
        session.endsAt === action.session.endsAt &&
        session.place === action.session.place &&
        session.videoLink === action.session.videoLink;
      return same
        ? refuse('invalid-input', { it: 'session: nessuna modifica rispetto alla seduta convocata', en: 'session: nothing changes' })
        : null;
    }
    case 'cancel-session': {
      const refusal = staffOnly();
      if (refusal) return refusal;
      const session = sessionOf(status, action.sessionId);
      if (!session)
        return refuse('invalid-input', {
          it: `sessionId: nessuna seduta ${action.sessionId}`,
          en: `sessionId: no session ${action.sessionId}`,
        });
      if (session.status !== 'scheduled')
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} è nello stato «${session.status}»`, en: `session ${session.id} is ${session.status}` },
          status.state,
        );
      if (Date.parse(session.startsAt) <= now)
        return refuse(
          'invalid-state',
          {
            it: `la seduta ${session.id} è già iniziata: registrarne invece il verbale`,
            en: `session ${session.id} has already started: record its minutes instead`,
          },
          status.state,
        );
      return blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null;
    }
    case 'record-minutes': {
      const refusal = staffOnly();
      if (refusal) return refusal;
      const session = sessionOf(status, action.sessionId);
      if (!session)
        return refuse('invalid-input', {
          it: `sessionId: nessuna seduta ${action.sessionId}`,
          en: `sessionId: no session ${action.sessionId}`,
        });
      if (session.status === 'cancelled')
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} è stata annullata`, en: `session ${session.id} was cancelled` },
          status.state,
        );
      if (Date.parse(session.startsAt) > now)
        return refuse(
          'invalid-state',
          { it: `la seduta ${session.id} non è ancora iniziata`, en: `session ${session.id} has not started yet` },
          status.state,
        );
      return blank(action.documentId)
        ? refuse('invalid-input', { it: 'documentId: indicare il documento del verbale', en: 'documentId: the minutes (verbale) document' })
        : null;
    }
    case 'submit-contribution': {
      const who = speaksFor(actor, action.istatCode, facts);
      if (who) return who;
      if (action.documentIds.length === 0 && blank(action.note))
        return refuse('invalid-input', { it: 'documentIds: indicare un documento o una nota', en: 'documentIds: a document or a note' });
      if (status.contributionsDueAt && Date.parse(status.contributionsDueAt) < now) {
        return refuse(
          'invalid-state',
          {
            it: `il termine per i contributi scritti è scaduto il ${status.contributionsDueAt}`,
            en: `written contributions closed at ${status.contributionsDueAt}`,
          },
          status.state,
        );
      }
      return null;
    }
    case 'close': {
      const refusal = staffOnly();
      if (refusal) return refusal;
      if (!status.sessions.some((s) => s.status === 'held')) {
        return refuse(
          'invalid-state',
          {
            it: 'nessuna seduta si è tenuta (con verbale registrato): tenerne una o ritirare la conferenza',
            en: 'no session has been held (minutes recorded): hold one, or withdraw the conference',
          },
          status.state,
        );
      }
      if (blank(action.reasons))
        return refuse('invalid-input', {
          it: "reasons: riassumere l'esito della conferenza",
          en: 'reasons: summarise the outcome of the conference',
        });
      if (action.outcome === 'agreement-reached') {
        const terms = action.agreement;
        if (!terms || blank(terms.subject))
          return refuse('invalid-input', {
            it: "agreement.subject: obbligatorio quando si raggiunge l'accordo",
            en: 'agreement.subject: required when an agreement is reached',
          });
        const outside = terms.municipalities.filter((code) => !facts.convened.includes(code));
        if (outside.length > 0)
          return refuse('invalid-input', {
            it: `agreement.municipalities: ${outside.join(', ')} non convocati`,
            en: `agreement.municipalities: ${outside.join(', ')} not convened`,
          });
        const distinct = new Set(terms.municipalities).size;
        if (distinct !== terms.municipalities.length)
          return refuse('invalid-input', {
            it: 'agreement.municipalities: Comune indicato due volte',
            en: 'agreement.municipalities: listed twice',
          });
        if (distinct + (terms.metropolitanExternalities ? 1 : 0) < 2)
          return refuse('invalid-input', {
            it: "agreement.municipalities: l'accordo richiede almeno due parti",
            en: 'agreement.municipalities: an agreement needs at least two parties',
          });
      } else if (action.agreement) {
        return refuse('invalid-input', {
          it: "agreement: solo quando si raggiunge l'accordo",
          en: 'agreement: only when an agreement is reached',
        });
      }
      return null;
    }
    case 'withdraw':
      return (
        staffOnly() ??
        (blank(action.reason) ? refuse('invalid-input', { it: 'reason: la motivazione è obbligatoria', en: 'reason: required' }) : null)
      );
  }
}

/** The status after an accepted event. `now` is workflow time (ms). */
export function applyConferenceEvent(
  status: ConferenceStatus,
  event: ConferenceEvent,
  facts: ConferenceFacts,
  now: number,
): ConferenceStatus {
  const at = new Date(now).toISOString();
  const withSession = (id: string, change: (s: ConferenceSession) => ConferenceSession): ConferenceStatus => ({
    ...status,
    sessions: status.sessions.map((s) => (s.id === id ? change(s) : s)),
  });
  switch (event.type) {
    case 'answer-convocation':
      return withSession(event.sessionId, (s) => ({
        ...s,
        attendance: {
          ...s.attendance,
          // The answer before the last move stays visible beside the new one.
          [event.istatCode]: {
            answer: event.answer,
            delegate: event.delegate,
            answeredAt: at,
            answeredBy: event.actor.subject,
            via: event.via,
            overdue: false,
            ...(s.attendance[event.istatCode]?.previous ? { previous: s.attendance[event.istatCode].previous } : {}),
          },
        },
      }));
    case 'add-session': {
      const session: ConferenceSession = {
        id: `s${status.sessions.length + 1}`,
        ...event.session,
        status: 'scheduled',
        sequence: 0,
        minutesDocumentId: null,
        cancelReason: null,
        attendance: Object.fromEntries(facts.convened.map((code) => [code, pendingAttendance()])),
      };
      return { ...status, sessions: [...status.sessions, session] };
    }
    case 'move-session':
      // A new day may not suit whoever confirmed the old one: everyone answers again, and the
      // earlier answer stays visible beside the pending one.
      return withSession(event.sessionId, (s) => ({
        ...s,
        ...event.session,
        sequence: s.sequence + 1,
        attendance: Object.fromEntries(
          facts.convened.map((code) => [code, { ...pendingAttendance(), previous: previousOf(s.attendance[code], s.sequence) }]),
        ),
      }));
    case 'cancel-session':
      return withSession(event.sessionId, (s) => ({ ...s, status: 'cancelled', sequence: s.sequence + 1, cancelReason: event.reason }));
    case 'record-minutes':
      return withSession(event.sessionId, (s) => ({ ...s, status: 'held', minutesDocumentId: event.documentId }));
    case 'submit-contribution':
      return {
        ...status,
        contributions: [
          ...status.contributions,
          { istatCode: event.istatCode, documentIds: event.documentIds, note: event.note, at, by: event.actor.subject },
        ],
      };
    case 'answer-term-expired':
      return withSession(event.sessionId, (s) => ({
        ...s,
        attendance: Object.fromEntries(
          Object.entries(s.attendance).map(([code, a]) => [code, a.answer === 'pending' ? { ...a, overdue: true } : a]),
        ),
      }));
    case 'close':
      return { ...status, state: event.outcome, outcome: { kind: event.outcome, reasons: event.reasons, agreement: event.agreement } };
    case 'withdraw':
      return { ...status, state: 'withdrawn', outcome: { kind: 'withdrawn', reasons: event.reason, agreement: null } };
  }
}

/** Municipalities that have not answered the convocation to a session. */
export const unanswered = (session: ConferenceSession): string[] =>
  Object.entries(session.attendance)
    .filter(([, a]) => a.answer === 'pending')
    .map(([code]) => code);

/** The sessions still to come or held: the contributions term runs from the last of them. */
export const activeSessions = (status: ConferenceStatus): ConferenceSession[] => status.sessions.filter((s) => s.status !== 'cancelled');
