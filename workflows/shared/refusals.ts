import { ApplicationFailure } from '@temporalio/workflow';
import { REFUSAL_FAILURE_TYPE, type Refusal } from '@cmm/domain';

/**
 * Rejects an Update from its validator: nothing is written to history, the API maps the code.
 * The message stays English (logs, Temporal UI); the details carry both texts for the API.
 */
export function refuseUpdate(refusal: Refusal): never {
  throw ApplicationFailure.create({
    type: REFUSAL_FAILURE_TYPE,
    message: refusal.message,
    nonRetryable: true,
    details: [{ code: refusal.code, state: refusal.state ?? null, ...(refusal.text ? { text: refusal.text } : {}) }],
  });
}
