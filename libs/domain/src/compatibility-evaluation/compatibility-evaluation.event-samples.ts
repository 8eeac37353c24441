import type { Actor } from '../actor';
import type { EvaluationAction, EvaluationEvent, EvaluationStatus } from './compatibility-evaluation.types';

/**
 * Well-formed samples of what the workflow records without a user action, when it records
 * them: the registration and the expiry of the terms at any time; the result of the
 * concertation conference (concluded with or without an agreement, or withdrawn) while a
 * conference it convened runs; the conclusion of the agreement born of it once the conference
 * reported one. With EVALUATION_ACTION_SAMPLES and EVALUATION_OUTCOME_SAMPLES they reach every
 * transition of the machine: docs/procedures.md draws its diagram from them
 * (scripts/generate-state-diagrams.ts).
 */
export const evaluationEventSamples = (status: EvaluationStatus): EvaluationEvent[] => [
  { type: 'registered' },
  { type: 'answer-term-expired' },
  { type: 'term-expired' },
  ...(status.conference?.running
    ? [
        {
          type: 'concertation-concluded',
          conferenceCaseId: status.conference.caseId,
          outcome: 'agreement-reached',
          reasons: 'sample',
          agreementCaseId: 'sample',
        } as const,
        {
          type: 'concertation-concluded',
          conferenceCaseId: status.conference.caseId,
          outcome: 'agreement-not-reached',
          reasons: 'sample',
          agreementCaseId: null,
        } as const,
        { type: 'conference-withdrawn', conferenceCaseId: status.conference.caseId, reason: 'sample' } as const,
      ]
    : []),
  ...(status.concertation?.agreementCaseId && !status.agreement
    ? [
        {
          type: 'agreement-concluded',
          agreementCaseId: status.concertation.agreementCaseId,
          outcome: 'in-force',
          inForceOn: '2000-01-01',
        } as const,
      ]
    : []),
];

/** The user actions whose other outcome leads elsewhere than the action sample's: a recognised relevance opens the concertation. */
export const EVALUATION_OUTCOME_SAMPLES: readonly ((actor: Actor) => EvaluationAction)[] = [
  (actor) => ({ type: 'decide-relevance', actor, recognised: true, reasons: 'sample' }),
];
