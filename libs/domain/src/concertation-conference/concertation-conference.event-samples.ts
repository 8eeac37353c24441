import type { Actor } from '../actor';
import { isConferenceClosed } from './concertation-conference.machine';
import type { ConferenceAction, ConferenceEvent, ConferenceFacts, ConferenceStatus } from './concertation-conference.types';

/**
 * Well-formed samples of what the conference's clock records (see
 * compatibility-evaluation.event-samples.ts), when the workflow records it: the answer term of
 * a session still scheduled passing, while the conference is open.
 */
export const conferenceEventSamples = (status: ConferenceStatus): ConferenceEvent[] =>
  isConferenceClosed(status.state)
    ? []
    : status.sessions
        .filter((session) => session.status === 'scheduled')
        .map((session) => ({ type: 'answer-term-expired', sessionId: session.id }));

/**
 * The user actions the action samples leave out: a session moved to another date (the samples
 * move it to the date it already has, which only probes who may move it) and a closure with an
 * agreement between the first two convened municipalities.
 */
export const conferenceOutcomeSamples = (status: ConferenceStatus, facts: ConferenceFacts): ((actor: Actor) => ConferenceAction)[] => [
  ...status.sessions.map((session) => (actor: Actor): ConferenceAction => ({
    type: 'move-session',
    actor,
    sessionId: session.id,
    session: { ...session, startsAt: '2999-02-01T09:00:00.000Z', endsAt: '2999-02-01T11:00:00.000Z' },
  })),
  (actor) => ({
    type: 'close',
    actor,
    outcome: 'agreement-reached',
    reasons: 'sample',
    agreement: { subject: 'sample', municipalities: facts.convened.slice(0, 2), metropolitanExternalities: false },
  }),
];
