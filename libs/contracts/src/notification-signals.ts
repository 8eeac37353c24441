/**
 * The signal the notifier sends to a workflow (by the workflowId of its notification) when a
 * delivery reaches a final status. Signal names are persistent: running workflows wait on it.
 */
export const NOTIFICATION_DELIVERED_SIGNAL = 'notificationDelivered';

export interface NotificationDeliveredSignal {
  notificationId: string;
  idempotencyKey: string;
  recipient: string;
  /**
   * delivered: PEC "avvenuta consegna" (the legal notification time is `at`);
   * accepted: plain email accepted by the SMTP server; failed / bounced: not delivered.
   */
  status: 'delivered' | 'accepted' | 'failed' | 'bounced';
  /** RFC 3339 instant of the final status. */
  at: string;
}
