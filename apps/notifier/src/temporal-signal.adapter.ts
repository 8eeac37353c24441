import { NOTIFICATION_DELIVERED_SIGNAL, type NotificationDeliveredSignal } from '@cmm/contracts';
import { REFUSAL_FAILURE_TYPE } from '@cmm/domain';
import type { WorkflowSignalPort, WorkflowUpdateOutcome, WorkflowUpdatePort } from '@cmm/notifications';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * Signals through the Temporal client. The connection is made on first use and remade after
 * a failure, so the notifier starts (and sends mail) while Temporal is still coming up.
 */
export class TemporalSignalAdapter implements WorkflowSignalPort, WorkflowUpdatePort {
  private client: Promise<Client> | null = null;
  private connection: Connection | null = null;

  constructor(private readonly options: { address: string; namespace: string }) {}

  private connect(): Promise<Client> {
    this.client ??= Connection.connect({ address: this.options.address, connectTimeout: '5 seconds' }).then(
      (connection) => {
        this.connection = connection;
        return new Client({ connection, namespace: this.options.namespace });
      },
      (error: unknown) => {
        this.client = null;
        throw error;
      },
    );
    return this.client;
  }

  async signal(workflowId: string, payload: NotificationDeliveredSignal): Promise<'sent' | 'not-running'> {
    const client = await this.connect();
    try {
      await client.workflow.getHandle(workflowId).signal(NOTIFICATION_DELIVERED_SIGNAL, payload);
      return 'sent';
    } catch (error) {
      // Ended (completed, failed, terminated) or never started: nobody will read the signal.
      if (error instanceof WorkflowNotFoundError) return 'not-running';
      throw error;
    }
  }

  /** Runs the Update once per `updateId` (Temporal deduplicates by it); the workflow's refusal is an outcome, not an error. */
  async executeUpdate(workflowId: string, updateName: string, updateId: string, args: unknown): Promise<WorkflowUpdateOutcome> {
    const client = await this.connect();
    try {
      await client.workflow.getHandle(workflowId).executeUpdate(updateName, { args: [args], updateId });
      return { outcome: 'done' };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { outcome: 'not-running' };
      const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === REFUSAL_FAILURE_TYPE) return { outcome: 'refused', reason: cause.message };
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.connection?.close();
    this.connection = null;
    this.client = null;
  }
}
