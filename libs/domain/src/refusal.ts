/**
 * Why an action is refused. The API maps the code to its HTTP status: forbidden → 403,
 * invalid-state → 409 (with the current state), invalid-input → 422.
 */
export type RefusalCode = 'forbidden' | 'invalid-state' | 'invalid-input';

/** A refusal's words for people: Italian first (clerks and officers read them), English on request. */
export interface RefusalText {
  it: string;
  en: string;
}

export interface Refusal {
  code: RefusalCode;
  /** The English text: logs, failure messages and tests read this one. */
  message: string;
  /** Both texts, when the refusal gives them; the API answers in the request's language. */
  text?: RefusalText;
  state?: string;
  /**
   * The request fields an invalid input is refused for, each with the rule it breaks: the API
   * answers them as its invalid parameters (one entry each), in this order.
   */
  fields?: RefusedField[];
}

/** One field a refusal names: its path in the request (`deliberation.date`), the rule it breaks, and why. */
export interface RefusedField {
  field: string;
  rule: string;
  text: RefusalText;
}

/** A plain string is English only (the API then shows it as is); `{ it, en }` is answered in the caller's language. */
export const refuse = (code: RefusalCode, message: string | RefusalText, state?: string): Refusal =>
  typeof message === 'string' ? { code, message, state } : { code, message: message.en, text: message, state };

/**
 * Refuses an input for the fields it names, or null when there are none: the words join them as
 * the API does (`field: reason; field: reason`), and `fields` keeps each with its rule.
 */
export function refuseFields(fields: readonly RefusedField[]): Refusal | null {
  if (fields.length === 0) return null;
  const joined = (language: keyof RefusalText) => fields.map(({ field, text }) => `${field}: ${text[language]}`).join('; ');
  return { ...refuse('invalid-input', { it: joined('it'), en: joined('en') }), fields: [...fields] };
}

/**
 * Whether a state machine's verdict is a refusal rather than the next state: the one guard of
 * every procedure's machine (states are strings, a refusal is an object).
 */
export const isRefusal = <S>(verdict: S | Refusal): verdict is Refusal => typeof verdict === 'object' && verdict !== null;

/** Name of the Temporal failure type carrying a refusal, so clients can tell it from a crash. */
export const REFUSAL_FAILURE_TYPE = 'ActionRefused';
