import type { Actor } from '../actor';
import type { ConferenceAction, ConferenceFacts, ConferenceStatus, SessionPlan } from './concertation-conference.types';

type ConferenceProbe = {
  update: string;
  target?: Record<string, string>;
  sample(actor: Actor, status: ConferenceStatus): ConferenceAction;
};

// A plan the machine accepts whatever the day: far in the future, with a place.
const SAMPLE_PLAN: SessionPlan = {
  startsAt: '2999-01-04T09:00:00.000Z',
  endsAt: '2999-01-04T11:00:00.000Z',
  place: 'sample',
  videoLink: null,
};

/**
 * Well-formed samples of the conference's actions (see compatibility-evaluation.action-probes.ts),
 * one per session for the session's own. A municipality answers and contributes for itself; CMM
 * staff may do so on behalf of any convened municipality (probed for the first).
 */
export const conferenceActionSamples = (status: ConferenceStatus, facts: ConferenceFacts): ConferenceProbe[] => {
  const onBehalfOf = (actor: Actor) => actor.istatCode ?? facts.convened[0] ?? '000000';
  return [
    { update: 'addSession', sample: (actor) => ({ type: 'add-session', actor, session: SAMPLE_PLAN }) },
    ...status.sessions.flatMap((session): ConferenceProbe[] => [
      {
        update: 'answerConvocation',
        target: { sessionId: session.id },
        sample: (actor) => ({
          type: 'answer-convocation',
          actor,
          sessionId: session.id,
          istatCode: onBehalfOf(actor),
          answer: 'confirmed',
          delegate: null,
          via: 'api',
        }),
      },
      {
        update: 'moveSession',
        target: { sessionId: session.id },
        sample: (actor) => ({ type: 'move-session', actor, sessionId: session.id, session: SAMPLE_PLAN }),
      },
      {
        update: 'cancelSession',
        target: { sessionId: session.id },
        sample: (actor) => ({ type: 'cancel-session', actor, sessionId: session.id, reason: 'sample' }),
      },
      {
        update: 'recordMinutes',
        target: { sessionId: session.id },
        sample: (actor) => ({ type: 'record-minutes', actor, sessionId: session.id, documentId: 'sample' }),
      },
    ]),
    {
      update: 'submitContribution',
      sample: (actor) => ({ type: 'submit-contribution', actor, istatCode: onBehalfOf(actor), documentIds: [], note: 'sample' }),
    },
    {
      update: 'closeConference',
      sample: (actor) => ({ type: 'close', actor, outcome: 'agreement-not-reached', reasons: 'sample', agreement: null }),
    },
    { update: 'withdrawConference', sample: (actor) => ({ type: 'withdraw', actor, reason: 'sample' }) },
  ];
};
