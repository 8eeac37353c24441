import { type Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';

/**
 * Starts a procedure's workflow and runs an Update on it in one call (Temporal's
 * Update-with-Start), unless a workflow with this id ever ran: then null, and the caller asks the
 * existing one. The Update travels with the workflow's first task, so an answer that waits for
 * the workflow's first steps (a filing's protocol number) costs one round trip to the server and
 * one workflow task, where a start and then an Update cost two of each.
 *
 * The start is refused, as by `startOnce`, for a running workflow (conflict policy FAIL) and for a
 * closed one (REJECT_DUPLICATE): ids come from business keys, and only the call that started the
 * workflow may say it created the case.
 */
export async function startWithUpdate<R>(
  client: Client,
  workflowType: string,
  options: { workflowId: string; taskQueue: string; args: unknown[] },
  update: UpdateDefinition<R, []>,
): Promise<R | null> {
  const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, {
    ...options,
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  // The operation's handle rejects with the call's own error, which is handled below: observed here, never awaited.
  startWorkflowOperation.workflowHandle().catch(() => undefined);
  try {
    return await client.workflow.executeUpdateWithStart(update, { startWorkflowOperation });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
    throw error;
  }
}
