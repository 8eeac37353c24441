import type { ClaimedNotification } from '@cmm/persistence';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DELIVERY_BACKOFF, DELIVERY_JOB, DELIVERY_QUEUES, type DeliveryJobData } from './queue-names';

/**
 * SMTP attempts are counted in PostgreSQL (the attempt log), not by BullMQ: the job itself
 * retries until the delivery reaches a final status, so an outage of the database or a busy
 * lease never exhausts a job and strands its delivery.
 */
export const DELIVERY_JOB_ATTEMPTS = 100_000;

const deliveryJobOptions = (deliveryId: string) => ({
  jobId: deliveryId,
  attempts: DELIVERY_JOB_ATTEMPTS,
  backoff: { type: DELIVERY_BACKOFF },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});

type QueuedDelivery = { deliveryId: string; notificationId: string; channel: 'email' | 'pec' };

/**
 * Hands claimed outbox rows to BullMQ: one job per recipient on its provider's queue, all of a
 * relay batch in one bulk add per queue. Earlier versions added a parent job per notification
 * (a BullMQ flow); nothing read it, and it cost every notice a second job's Redis round trips.
 */
export class NotificationQueueProducer {
  private readonly queues: Record<'email' | 'pec', Queue>;

  /** `connection` should fail fast (enableOfflineQueue: false) so a Redis outage reaches the relay at once. */
  constructor(connection: Redis, prefix: string) {
    this.queues = {
      email: new Queue(DELIVERY_QUEUES.email, { connection, prefix }),
      pec: new Queue(DELIVERY_QUEUES.pec, { connection, prefix }),
    };
  }

  /** Same ids again (a relay that died before marking its rows) add nothing new: BullMQ keeps one job per id. */
  async addAll(notifications: ClaimedNotification[]): Promise<void> {
    await this.readd(
      notifications.flatMap((notification) =>
        notification.deliveryIds.map((deliveryId) => ({ deliveryId, notificationId: notification.id, channel: notification.channel })),
      ),
    );
  }

  /** Re-adds the jobs of deliveries whose job may be lost; existing ids are kept as they are. */
  async readd(deliveries: QueuedDelivery[]): Promise<void> {
    for (const channel of ['email', 'pec'] as const) {
      const jobs = deliveries
        .filter((d) => d.channel === channel)
        .map((d) => {
          const data: DeliveryJobData = { deliveryId: d.deliveryId, notificationId: d.notificationId };
          return { name: DELIVERY_JOB, data, opts: deliveryJobOptions(d.deliveryId) };
        });
      if (jobs.length) await this.queues[channel].addBulk(jobs);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.queues.email.close(), this.queues.pec.close()]);
  }
}
