import type { Actor } from '../actor';
import type { EvaluationAction } from './compatibility-evaluation.types';

/**
 * Well-formed samples of every user action, keyed by the Update that carries it: run through
 * nextState they leave only the actor and the state to decide (inputs are checked on submit).
 */
export const EVALUATION_ACTION_SAMPLES: readonly { update: string; sample(actor: Actor): EvaluationAction }[] = [
  { update: 'confirmCompleteness', sample: (actor) => ({ type: 'confirm-completeness', actor }) },
  { update: 'requestIntegration', sample: (actor) => ({ type: 'request-integration', actor, missing: ['sample'], note: '' }) },
  { update: 'submitIntegration', sample: (actor) => ({ type: 'submit-integration', actor, note: '', documentIds: [] }) },
  { update: 'decideRelevance', sample: (actor) => ({ type: 'decide-relevance', actor, recognised: false, reasons: 'sample' }) },
  {
    update: 'recordConcertationOutcome',
    sample: (actor) => ({ type: 'record-concertation-outcome', actor, outcome: 'agreement-not-reached', reasons: 'sample' }),
  },
  {
    update: 'convokeConference',
    sample: (actor) => ({ type: 'convoke-conference', actor, conferenceCaseId: 'sample', convened: ['000001', '000002'] }),
  },
  {
    update: 'issueOpinion',
    sample: (actor) => ({ type: 'issue-opinion', actor, outcome: 'favourable', prescriptions: [], reasons: '', documentId: 'sample' }),
  },
  { update: 'withdraw', sample: (actor) => ({ type: 'withdraw', actor, reason: 'sample' }) },
  { update: 'archive', sample: (actor) => ({ type: 'archive', actor, reason: 'sample' }) },
  { update: 'closeInadmissible', sample: (actor) => ({ type: 'close-inadmissible', actor, reasons: 'sample' }) },
];
