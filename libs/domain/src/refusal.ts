/**
 * Why an action is refused. The API maps the code to its HTTP status: forbidden → 403,
 * invalid-state → 409 (with the current state), invalid-input → 422.
 */
export type RefusalCode = 'forbidden' | 'invalid-state' | 'invalid-input';

export interface Refusal {
  code: RefusalCode;
  message: string;
  state?: string;
}

export const refuse = (code: RefusalCode, message: string, state?: string): Refusal => ({ code, message, state });

/** Name of the Temporal failure type carrying a refusal, so clients can tell it from a crash. */
export const REFUSAL_FAILURE_TYPE = 'ActionRefused';
