import type { Actor } from '../actor';
import type { CallAction, CallStatus } from './annual-call.types';

type CallProbe = {
  update: string;
  target?: Record<string, string>;
  inputCheckedLast?: boolean;
  sample(actor: Actor, status: CallStatus): CallAction;
};

/**
 * Well-formed samples of the officers' and managers' actions on an annual call (see
 * compatibility-evaluation.action-probes.ts), one per proposal for the per-proposal ones.
 * Submitting a proposal is the municipalities' own form (POST /annual-calls/proposals).
 * Scores are checked against the criteria after role, state and eligibility.
 */
export const callActionSamples = (status: CallStatus): CallProbe[] => [
  ...status.proposals.flatMap((proposal): CallProbe[] => [
    {
      update: 'markEligibility',
      target: { proposalId: proposal.id },
      sample: (actor) => ({ type: 'mark-eligibility', actor, proposalId: proposal.id, eligible: false, reasons: 'sample' }),
    },
    {
      update: 'scoreProposal',
      target: { proposalId: proposal.id },
      inputCheckedLast: true,
      sample: (actor) => ({ type: 'score-proposal', actor, proposalId: proposal.id, scores: {} }),
    },
  ]),
  { update: 'approveRanking', sample: (actor) => ({ type: 'approve-ranking', actor }) },
  { update: 'cancelCall', sample: (actor) => ({ type: 'cancel', actor, reason: 'sample' }) },
];
