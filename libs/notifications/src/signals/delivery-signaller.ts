import type { NotificationDeliveredSignal } from '@cmm/contracts';
import type { DeliverySignalRepository } from '@cmm/persistence';
import { retryDelayMs } from '../delivery/retry-backoff';
import { type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';

/** Signals a workflow; 'not-running' when it has ended or never existed. Throws on a transient failure. */
export interface WorkflowSignalPort {
  signal(workflowId: string, payload: NotificationDeliveredSignal): Promise<'sent' | 'not-running'>;
}

export interface DeliverySignallerOptions {
  batchSize: number;
  leaseSeconds: number;
  /** Transient failures (Temporal unreachable) are retried this many times, then dropped. */
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number };
  logger?: NotifierLogger;
}

const SIGNALLED_STATUSES = new Set(['delivered', 'accepted', 'failed', 'bounced']);

/**
 * Sends the delivery signal of final statuses, from a durable to-do in PostgreSQL (set in the
 * same transaction as the status): a crash or a Temporal outage delays a signal, never loses
 * it. A workflow that no longer runs cannot use it: logged and dropped, not retried.
 */
export class DeliverySignaller {
  private readonly logger: NotifierLogger;

  constructor(
    private readonly signals: DeliverySignalRepository,
    private readonly port: WorkflowSignalPort,
    private readonly options: DeliverySignallerOptions,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  async signalOnce(): Promise<number> {
    const due = await this.signals.claimSignals(this.options.batchSize, this.options.leaseSeconds);
    for (const item of due) {
      if (!SIGNALLED_STATUSES.has(item.status)) {
        await this.signals.settleSignal(item.deliveryId, 'dropped');
        continue;
      }
      const payload: NotificationDeliveredSignal = {
        notificationId: item.notificationId,
        idempotencyKey: item.idempotencyKey,
        recipient: item.recipient,
        status: item.status as NotificationDeliveredSignal['status'],
        at: item.at.toISOString(),
      };
      try {
        const result = await this.port.signal(item.workflowId, payload);
        if (result === 'not-running') {
          this.logger.warn(
            { workflowId: item.workflowId, deliveryId: item.deliveryId, status: item.status },
            'workflow no longer runs; delivery signal dropped',
          );
        }
        await this.signals.settleSignal(item.deliveryId, result === 'sent' ? 'sent' : 'dropped');
      } catch (error) {
        const attempts = item.attempts + 1;
        if (attempts >= this.options.maxAttempts) {
          this.logger.error(
            { workflowId: item.workflowId, deliveryId: item.deliveryId, attempts, error: String(error) },
            'delivery signal dropped after retries',
          );
          await this.signals.settleSignal(item.deliveryId, 'dropped');
        } else {
          const delay = retryDelayMs(attempts, this.options.backoff.baseMs, this.options.backoff.maxMs);
          this.logger.warn(
            { workflowId: item.workflowId, deliveryId: item.deliveryId, attempts, error: String(error) },
            'delivery signal failed; will retry',
          );
          await this.signals.retrySignal(item.deliveryId, Math.ceil(delay / 1000));
        }
      }
    }
    return due.length;
  }
}
