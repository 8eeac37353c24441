import {
  ADHESION_ACTION_SAMPLES,
  AGREEMENT_ACTION_SAMPLES,
  type CallStatus,
  type ConferenceStatus,
  EVALUATION_ACTION_SAMPLES,
  type SttmStatus,
  callActionSamples,
  conferenceActionSamples,
  initialCallStatus,
  initialSttmStatus,
  initialVasStatus,
  sttmActionSamples,
  vasActionSamples,
} from '@cmm/domain';
import { ACTION_ROUTES } from './action-catalog';

// Statuses with one of each target (a session, a proposal, an observation): the probes read only their ids.
const conference = { sessions: [{ id: 's1' }] } as unknown as ConferenceStatus;
const call: CallStatus = { ...initialCallStatus(), proposals: [{ id: 'P-1' }] as unknown as CallStatus['proposals'] };
const sttm: SttmStatus = { ...initialSttmStatus(), observations: [{ id: 'OSS-1' }] as unknown as SttmStatus['observations'] };

/** Every Update a workflow offers through its availableActions query, by procedure. */
const PROBED: Record<string, readonly string[]> = {
  'compatibility-evaluation': EVALUATION_ACTION_SAMPLES.map((probe) => probe.update),
  adhesion: ADHESION_ACTION_SAMPLES.map((probe) => probe.update),
  'territorial-agreement': AGREEMENT_ACTION_SAMPLES.map((probe) => probe.update),
  'concertation-conference': conferenceActionSamples(conference, { convened: ['015146'] } as never).map((probe) => probe.update),
  'annual-call': callActionSamples(call).map((probe) => probe.update),
  // The VAS screening's actions are routed under its STTM (one case page for both).
  'sttm-approval': [...sttmActionSamples(sttm), ...vasActionSamples(initialVasStatus())].map((probe) => probe.update),
};

describe('action catalog', () => {
  // An action the machine offers without a route is silently left out of GET /cases/:id/actions.
  it.each(Object.entries(PROBED))('routes every action %s offers', (procedure, updates) => {
    const routes = ACTION_ROUTES[procedure as keyof typeof ACTION_ROUTES] ?? {};
    expect([...new Set(updates)].filter((update) => !(update in routes))).toEqual([]);
  });

  it('names no action a workflow does not offer', () => {
    for (const [procedure, routes] of Object.entries(ACTION_ROUTES)) {
      expect(Object.keys(routes ?? {}).filter((update) => !(PROBED[procedure] ?? []).includes(update))).toEqual([]);
    }
  });
});
