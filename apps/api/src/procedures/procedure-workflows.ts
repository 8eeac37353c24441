import type { Principal } from '@cmm/auth';
import { type Actor, REFUSAL_FAILURE_TYPE, type Refusal, type RefusalCode, type RefusalText } from '@cmm/domain';
import { romeDateOf } from '@cmm/legal-calendar';
import {
  ApplicationFailure,
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { LocalizedText } from '../problem-details/problem-details';
import { actionUpdateId } from './idempotency-key';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';

const REFUSAL_STATUS: Record<RefusalCode, number> = { forbidden: 403, 'invalid-state': 409, 'invalid-input': 422 };

/** The acting user as workflows record it: from the verified token, never from the body. */
export const toActor = (principal: Principal): Actor => ({
  subject: principal.subject,
  name: principal.name,
  email: principal.email,
  role: principal.role,
  istatCode: principal.istatCode,
});

/**
 * Starts a procedure's workflow unless one with this id ever ran: ids come from business
 * keys, so a repeated request finds the first run (even closed) instead of a second one.
 * Returns whether this call started it.
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  options: { workflowId: string; taskQueue: string; args: unknown[] },
): Promise<boolean> {
  try {
    await client.workflow.start(workflowType, { ...options, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/**
 * The refusal's words in both languages. A workflow may append to the English message (the
 * STTM valid adoption dates): what follows the English text is kept after the Italian one.
 */
const bilingualRefusal = (message: string, text: RefusalText | undefined): LocalizedText => {
  if (!text) return message;
  const tail = message.startsWith(text.en) ? message.slice(text.en.length) : '';
  return { it: `${text.it}${tail}`, en: message };
};

/** The civil day (Europe/Rome) of an instant: the `today` the domain's submission rules read. */
export const romeToday = (instant: string): string => romeDateOf(instant);

/**
 * A refusal of the domain's own rules, decided here before any I/O (check…Submission), answered
 * as the same refusal from a workflow would be: the fields it names as invalid parameters with
 * their rules, otherwise 403/409/422 with its words and state.
 */
export function refusalProblem(refusal: Refusal): ProblemException {
  const status = REFUSAL_STATUS[refusal.code];
  if (refusal.fields?.length)
    return new InvalidParamsException(
      refusal.fields.map(({ field, rule, text }) => ({ name: field, rule, reason: text })),
      status,
    );
  return new ProblemException(status, bilingualRefusal(refusal.message, refusal.text), refusal.state ? { state: refusal.state } : {});
}

/**
 * Runs a user's action (a Temporal Update) and turns a refusal from the workflow's validator
 * into problem details: 403 wrong role or municipality, 409 wrong state, 422 bad data, with
 * whatever the refusal adds (the current state, the valid dates...). An action on a case whose
 * workflow has closed is 409 with the case's final state.
 *
 * The Update carries an id of its own, so an answer lost on the way back (a connection cut, a
 * deadline under load, the workflow closing in the task that completed the Update) is asked
 * for again by that id: an action that took effect is never reported as refused. With the
 * client's Idempotency-Key the id is the key within `scope` (the action and who sends it), so a
 * request the client repeats is that same Update.
 */
export async function runAction<V>(
  handle: WorkflowHandle,
  execute: (updateId: string) => Promise<V>,
  closedState: () => Promise<string | null>,
  scope: string,
): Promise<V> {
  const updateId = actionUpdateId(scope);
  try {
    return await execute(updateId);
  } catch (error) {
    const refusal = refusalFrom(error);
    if (refusal) throw refusal;
    const recorded = await recordedOutcome<V>(handle, updateId);
    if (recorded.found) return recorded.value;
    const state = await closedState();
    if (state)
      throw new ProblemException(409, { it: `la pratica è chiusa (stato «${state}»)`, en: `the case is closed (${state})` }, { state });
    throw error;
  }
}

/** The outcome the workflow recorded for this Update, if it ever accepted it. */
async function recordedOutcome<V>(handle: WorkflowHandle, updateId: string): Promise<{ found: true; value: V } | { found: false }> {
  try {
    return { found: true, value: await handle.getUpdateHandle<V>(updateId).result() };
  } catch (error) {
    const refusal = refusalFrom(error);
    if (refusal) throw refusal;
    // Never accepted (it came after the close, or never reached the server): nothing to recover.
    return { found: false };
  }
}

/** A refusal by the workflow's rules, as problem details; null for any other failure. */
function refusalFrom(error: unknown): ProblemException | null {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== REFUSAL_FAILURE_TYPE) return null;
  const [details] = (cause.details ?? []) as ({ code?: RefusalCode; text?: RefusalText } & Record<string, unknown>)[];
  const { code, text, ...extensions } = details ?? {};
  const present = Object.fromEntries(Object.entries(extensions).filter(([, value]) => value !== null && value !== undefined));
  return new ProblemException(REFUSAL_STATUS[code ?? 'invalid-state'], bilingualRefusal(cause.message, text), present);
}
