import type { Actor } from '../actor';
import type { CallAction, CallEvent, CallFacts, CallStatus, ProposalInput } from './annual-call.types';

/**
 * What the annual call's clock records (see compatibility-evaluation.event-samples.ts): the
 * submission window closing, and the end of the ranking's 15 days at the albo pretorio.
 */
export const CALL_EVENT_SAMPLES: readonly CallEvent[] = [{ type: 'window-closed' }, { type: 'publication-ended' }];

const SAMPLE_PROPOSAL: ProposalInput = {
  kind: 'intervention',
  title: 'sample',
  description: 'sample',
  costCents: 100_000,
  cofinancingCents: 10_000,
  location: 'sample',
  sttm: [1],
  documentCount: 1,
};

/**
 * The municipalities' own actions (a proposal and its correction, as the Update handler
 * applies them once registered, from a municipality adhering to STTM 1) and the eligibility
 * and scores that put a proposal in the ranking (the action samples declare it ineligible).
 */
export const callOutcomeSamples = (status: CallStatus, facts: CallFacts): ((actor: Actor) => CallAction)[] => [
  (actor) => ({
    type: 'submit-proposal',
    actor,
    proposal: SAMPLE_PROPOSAL,
    at: '2000-01-01T00:00:00.000Z',
    adhesion: { adhering: true, sttm: [1], on: '2000-01-01' },
    registered: { id: `sample-${status.proposals.length + 1}`, protocolNumber: 'sample', municipality: 'sample', documentIds: ['sample'] },
  }),
  ...status.proposals.flatMap((proposal): ((actor: Actor) => CallAction)[] => [
    (actor) => ({
      type: 'amend-proposal',
      actor,
      proposalId: proposal.id,
      proposal: SAMPLE_PROPOSAL,
      at: '2000-01-01T00:00:00.000Z',
      registered: { protocolNumber: 'sample', documentIds: [] },
    }),
    (actor) => ({ type: 'mark-eligibility', actor, proposalId: proposal.id, eligible: true, reasons: 'sample' }),
    (actor) => ({
      type: 'score-proposal',
      actor,
      proposalId: proposal.id,
      scores: Object.fromEntries(facts.criteria.criteria.map((c) => [c.id, facts.criteria.scale])),
    }),
  ]),
];
