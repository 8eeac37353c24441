import type { ClaimedNotification } from '@cmm/persistence';
import { FlowProducer, type FlowJob, Queue } from 'bullmq';
import type Redis from 'ioredis';
import {
  DELIVERY_BACKOFF,
  DELIVERY_JOB,
  DELIVERY_QUEUES,
  type DeliveryJobData,
  NOTIFICATIONS_QUEUE,
  NOTIFICATION_JOB,
  type NotificationJobData,
} from './queue-names';

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

export function notificationFlow(notification: ClaimedNotification): FlowJob {
  const data: NotificationJobData = { notificationId: notification.id };
  return {
    name: NOTIFICATION_JOB,
    queueName: NOTIFICATIONS_QUEUE,
    data,
    opts: { jobId: notification.id, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
    children: notification.deliveryIds.map((deliveryId) => {
      const child: DeliveryJobData = { deliveryId, notificationId: notification.id };
      return {
        name: DELIVERY_JOB,
        queueName: DELIVERY_QUEUES[notification.channel],
        data: child,
        // A failed child must not hold its parent (the notification) forever.
        opts: { ...deliveryJobOptions(deliveryId), ignoreDependencyOnFailure: true },
      };
    }),
  };
}

/** Hands claimed outbox rows to BullMQ: one parent per notification, one child per recipient. */
export class NotificationFlowProducer {
  private readonly flows: FlowProducer;
  private readonly queues: Record<'email' | 'pec', Queue>;

  /** `connection` should fail fast (enableOfflineQueue: false) so a Redis outage reaches the relay at once. */
  constructor(connection: Redis, prefix: string) {
    this.flows = new FlowProducer({ connection, prefix });
    this.queues = {
      email: new Queue(DELIVERY_QUEUES.email, { connection, prefix }),
      pec: new Queue(DELIVERY_QUEUES.pec, { connection, prefix }),
    };
  }

  /** Re-adds lone delivery jobs (no parent) for deliveries whose job may be lost; existing ids are kept as they are. */
  async readd(deliveries: { deliveryId: string; notificationId: string; channel: 'email' | 'pec' }[]): Promise<void> {
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

  /** Same ids again (a relay that died before marking its rows) add nothing new: BullMQ keeps one job per id. */
  async addAll(notifications: ClaimedNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.flows.addBulk(notifications.map(notificationFlow));
  }

  async close(): Promise<void> {
    await Promise.all([this.flows.close(), this.queues.email.close(), this.queues.pec.close()]);
  }
}
