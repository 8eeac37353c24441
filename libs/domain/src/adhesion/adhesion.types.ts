import type { Actor } from '../actor';

/**
 * The four cases of adhesion of Relazione generale §4.5: a municipality adheres with a plan
 * of supra-municipal relevance (a), with a plan without it (b), with a proposal to the
 * annual call (c), or on its own (d).
 */
export const ADHESION_CASES = ['a', 'b', 'c', 'd'] as const;
export type AdhesionCase = (typeof ADHESION_CASES)[number];

/** Every state of an adhesion, in the order of its course (the API's enums list them so). */
export const ADHESION_STATES = ['received', 'under-review', 'corrections-requested', 'registered', 'rejected', 'withdrawn'] as const;
export type AdhesionState = (typeof ADHESION_STATES)[number];

export const ADHESION_TERMINAL_STATES: readonly AdhesionState[] = ['registered', 'rejected', 'withdrawn'];

export interface AdhesionFacts {
  istatCode: string;
}

export interface AdhesionStatus {
  state: AdhesionState;
  correctionRequests: number;
}

export type AdhesionAction =
  | { type: 'request-corrections'; actor: Actor; corrections: string[]; note: string }
  | { type: 'submit-corrections'; actor: Actor; note: string; documentIds: string[] }
  | { type: 'register-adhesion'; actor: Actor }
  | { type: 'reject'; actor: Actor; reasons: string }
  | { type: 'withdraw'; actor: Actor; reason: string };

export type AdhesionEvent = AdhesionAction | { type: 'registered' };
