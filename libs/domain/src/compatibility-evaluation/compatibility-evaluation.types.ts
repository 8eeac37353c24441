import type { Actor } from '../actor';

/** Kinds of municipal act evaluated (LR 12/2005). */
export const ACT_TYPES = ['pgt', 'variante-pgt', 'suap', 'pii', 'piano-attuativo', 'opera-pubblica'] as const;
export type ActType = (typeof ACT_TYPES)[number];

export const OPINION_OUTCOMES = ['favourable', 'favourable-with-prescriptions', 'unfavourable'] as const;
export type OpinionOutcome = (typeof OPINION_OUTCOMES)[number];

export const CONCERTATION_OUTCOMES = ['agreement-reached', 'agreement-not-reached'] as const;
export type ConcertationOutcome = (typeof CONCERTATION_OUTCOMES)[number];

/** Every state of a compatibility evaluation, in the order of its course (the API's enums list them so). */
export const EVALUATION_STATES = [
  'received',
  'awaiting-completeness-check',
  'integration-requested',
  'under-evaluation',
  'concertation',
  'opinion-issued',
  'deemed-favourable',
  'withdrawn',
  'archived',
  'inadmissible',
] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];

export const TERMINAL_STATES: readonly EvaluationState[] = ['opinion-issued', 'deemed-favourable', 'withdrawn', 'archived', 'inadmissible'];

/** How an integration request acts on the 120-day term (chosen by configuration, per case). */
export type IntegrationEffect = 'suspend' | 'interrupt';

export interface EvaluationFacts {
  istatCode: string;
  declaresSupraMunicipalRelevance: boolean;
  integrationEffect: IntegrationEffect;
  /** How many integration requests the rule allows (L. 241/1990 art. 2 c.7: one). */
  integrationRequestsAllowed: number;
}

export interface EvaluationStatus {
  state: EvaluationState;
  integrationRequests: number;
  /** Set when the municipality's answer term passed without an answer. */
  answerOverdue: boolean;
  relevance: { recognised: boolean; reasons: string } | null;
  /** The outcome of the concertation: `{ outcome, reasons }`, the vocabulary of every outcome in the API. */
  concertation: { outcome: ConcertationOutcome; reasons: string; conferenceCaseId?: string; agreementCaseId?: string | null } | null;
  /**
   * The concertation conference started as a child of this case, while it runs and after. A
   * withdrawn one is not an outcome: the concertation stays open for the outcome of a conference
   * held outside the system, or a new conference.
   */
  conference: { caseId: string; running: boolean; withdrawn?: { reason: string } } | null;
  /** The territorial agreement born of the conference, once it concluded (in force, failed, withdrawn). */
  agreement: { caseId: string; outcome: 'in-force' | 'failed' | 'withdrawn'; inForceOn: string | null } | null;
}

export type EvaluationAction =
  | { type: 'confirm-completeness'; actor: Actor }
  | { type: 'request-integration'; actor: Actor; missing: string[]; note: string }
  | { type: 'submit-integration'; actor: Actor; note: string; documentIds: string[] }
  | { type: 'decide-relevance'; actor: Actor; recognised: boolean; reasons: string }
  | { type: 'record-concertation-outcome'; actor: Actor; outcome: ConcertationOutcome; reasons: string }
  | { type: 'convoke-conference'; actor: Actor; conferenceCaseId: string; convened: string[] }
  | { type: 'issue-opinion'; actor: Actor; outcome: OpinionOutcome; prescriptions: string[]; reasons: string; documentId: string }
  | { type: 'withdraw'; actor: Actor; reason: string }
  | { type: 'archive'; actor: Actor; reason: string }
  | { type: 'close-inadmissible'; actor: Actor; reasons: string };

/** What the clock and the law do on their own. */
export type EvaluationEvent =
  | EvaluationAction
  | { type: 'registered' }
  | { type: 'answer-term-expired' }
  | {
      type: 'concertation-concluded';
      conferenceCaseId: string;
      outcome: ConcertationOutcome;
      reasons: string;
      agreementCaseId: string | null;
    }
  | { type: 'conference-withdrawn'; conferenceCaseId: string; reason: string }
  | { type: 'agreement-concluded'; agreementCaseId: string; outcome: 'in-force' | 'failed' | 'withdrawn'; inForceOn: string | null }
  | { type: 'term-expired' };
