import type { ClaimedNotification, NotificationRelayRepository } from '@cmm/persistence';
import { type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';

export interface FlowSink {
  addAll(notifications: ClaimedNotification[]): Promise<void>;
  readd(deliveries: { deliveryId: string; notificationId: string; channel: 'email' | 'pec' }[]): Promise<void>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  /** How long a claim holds rows; a relay that dies releases them when it ends. */
  leaseSeconds: number;
  /** Bound on one hand-off to Redis, so a hung connection cannot hold the claim forever. */
  handOffTimeoutMs?: number;
  logger?: NotifierLogger;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

/**
 * Moves outbox rows to the queue: claim (lease, SKIP LOCKED), hand off to BullMQ, mark
 * relayed. A row is marked only after Redis took it; if Redis is down the claim is released
 * and the rows wait in PostgreSQL. A crash between hand-off and mark re-adds the same job ids,
 * which BullMQ ignores and the attempt log would stop anyway.
 */
export class OutboxRelay {
  private readonly logger: NotifierLogger;

  constructor(
    private readonly relay: NotificationRelayRepository,
    private readonly sink: FlowSink,
    private readonly options: OutboxRelayOptions,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  /** One batch; the number of notifications relayed. Throws when the queue refused them. */
  async relayOnce(): Promise<number> {
    const claimed = await this.relay.claimPending(this.options.batchSize, this.options.leaseSeconds);
    if (claimed.length === 0) return 0;
    try {
      await withTimeout(this.sink.addAll(claimed), this.options.handOffTimeoutMs ?? 10_000, 'hand-off to the queue');
    } catch (error) {
      await this.relay.releaseClaims(claimed.map((c) => c.id)).catch(() => undefined);
      throw error;
    }
    await this.relay.markRelayed(claimed.map((c) => c.id));
    this.logger.debug({ count: claimed.length }, 'notifications relayed');
    return claimed.length;
  }

  /** Re-adds the jobs of deliveries queued long ago and never attempted since; the number re-added. */
  async sweepOnce(staleSeconds: number): Promise<number> {
    const stale = await this.relay.staleQueued(staleSeconds, this.options.batchSize);
    if (stale.length === 0) return 0;
    await withTimeout(this.sink.readd(stale), this.options.handOffTimeoutMs ?? 10_000, 're-adding stale deliveries');
    this.logger.warn({ count: stale.length }, 're-added queue jobs of deliveries with no attempt');
    return stale.length;
  }
}
