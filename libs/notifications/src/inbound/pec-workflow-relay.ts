import type { PecMailboxRepository } from '@cmm/persistence';
import { retryDelayMs } from '../delivery/retry-backoff';
import { type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';

export type WorkflowUpdateOutcome = { outcome: 'done' } | { outcome: 'refused'; reason: string } | { outcome: 'not-running' };

/** Executes a workflow Update; `updateId` makes a repeat (after a crash, a retry) the same Update. Throws on transient failures. */
export interface WorkflowUpdatePort {
  executeUpdate(workflowId: string, updateName: string, updateId: string, args: unknown): Promise<WorkflowUpdateOutcome>;
}

export interface PecWorkflowRelayOptions {
  batchSize: number;
  leaseSeconds: number;
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number };
  logger?: NotifierLogger;
}

/**
 * Tells workflows what filed PEC messages mean (pec_workflow_updates, written with the
 * filing). A refusal by the workflow (e.g. no integration was requested) is final and kept
 * with its reason: the message stays filed to the case for the officer to read.
 */
export class PecWorkflowRelay {
  private readonly logger: NotifierLogger;

  constructor(
    private readonly repository: PecMailboxRepository,
    private readonly port: WorkflowUpdatePort,
    private readonly options: PecWorkflowRelayOptions,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  async relayOnce(): Promise<number> {
    const due = await this.repository.claimWorkflowUpdates(this.options.batchSize, this.options.leaseSeconds);
    for (const work of due) {
      try {
        const result = await this.port.executeUpdate(work.workflowId, work.updateName, work.id, work.args);
        if (result.outcome === 'done') await this.repository.settleWorkflowUpdate(work.id, 'done', 'accepted');
        else {
          const reason = result.outcome === 'refused' ? result.reason : 'the workflow is not running';
          this.logger.warn({ id: work.id, caseId: work.caseId, update: work.updateName, reason }, 'workflow did not take the PEC');
          await this.repository.settleWorkflowUpdate(work.id, 'refused', reason);
        }
      } catch (error) {
        if (work.attempts >= this.options.maxAttempts) {
          await this.repository.settleWorkflowUpdate(work.id, 'refused', `gave up after ${work.attempts} attempts: ${String(error)}`);
          continue;
        }
        await this.repository.retryWorkflowUpdate(
          work.id,
          String(error),
          retryDelayMs(work.attempts, this.options.backoff.baseMs, this.options.backoff.maxMs),
        );
      }
    }
    return due.length;
  }
}
