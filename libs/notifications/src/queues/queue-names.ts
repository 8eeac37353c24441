import type { NotificationChannel } from '../notification.types';

/**
 * Queue names are persistent (jobs wait in Redis under them): never rename one without
 * draining it first. One delivery queue per provider, so each gets its own rate limit
 * (PEC providers cap messages per minute; the ordinary relay does not).
 */
export const NOTIFICATIONS_QUEUE = 'notifications';
export const DELIVERY_QUEUES: Record<NotificationChannel, string> = {
  email: 'notification-deliveries-email',
  pec: 'notification-deliveries-pec',
};
export const NOTIFICATION_JOB = 'notification';
export const DELIVERY_JOB = 'delivery';
/** The BullMQ backoff type the notifier's workers implement (exponential with jitter). */
export const DELIVERY_BACKOFF = 'notification-backoff';

/** Job data carries ids only: addresses and contents stay in PostgreSQL, never in Redis. */
export interface NotificationJobData {
  notificationId: string;
}
export interface DeliveryJobData {
  deliveryId: string;
  notificationId: string;
}
