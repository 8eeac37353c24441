import { REFUSAL_FAILURE_TYPE } from '@cmm/domain';
import { WorkflowUpdateFailedError } from '@temporalio/client';

export interface UpdateRefusal {
  code: string | undefined;
  message: string;
}

/**
 * What the workflow answered (with both texts of the refusal, when it gives them) to an Update it refused, with the state it was in. Fails the test
 * when the Update was accepted or failed for any other reason: a crash must not pass for a refusal.
 */
export async function updateRefusalWithStateOf(
  update: Promise<unknown>,
): Promise<UpdateRefusal & { state: string | null | undefined; text: { it: string; en: string } | undefined }> {
  const error = await update.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as {
    type?: string;
    message: string;
    details?: { code: string; state: string | null; text?: { it: string; en: string } }[];
  };
  expect(cause.type).toBe(REFUSAL_FAILURE_TYPE);
  return { code: cause.details?.[0]?.code, state: cause.details?.[0]?.state, message: cause.message, text: cause.details?.[0]?.text };
}

/** The code and message of a refused Update; specs compare it whole, so the state stays out. */
export async function updateRefusalOf(update: Promise<unknown>): Promise<UpdateRefusal> {
  const { code, message } = await updateRefusalWithStateOf(update);
  return { code, message };
}
