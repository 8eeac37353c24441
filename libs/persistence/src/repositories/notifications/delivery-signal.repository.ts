import { type DeliveryStatus, NotificationTablesRepository, type PendingSignal } from './notification-tables';

/** The signals owed to workflows about their notices' deliveries: claimed, settled or retried. */
export class DeliverySignalRepository extends NotificationTablesRepository {
  /** Claims due workflow signals for `leaseSeconds` (same lease idea as the relay). */
  async claimSignals(limit: number, leaseSeconds: number): Promise<PendingSignal[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH c AS (
         UPDATE notification_deliveries d SET signal_next_at = now() + make_interval(secs => $2)
          WHERE d.id IN (SELECT id FROM notification_deliveries
                          WHERE signal_state = 'pending' AND signal_next_at <= now()
                          ORDER BY signal_next_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d.notification_id, d.recipient_address, d.status, d.status_at, d.delivered_at, d.signal_attempts)
       SELECT c.*, n.idempotency_key, n.workflow_id FROM c JOIN notifications n ON n.id = c.notification_id`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      deliveryId: r.id as string,
      notificationId: r.notification_id as string,
      idempotencyKey: r.idempotency_key as string,
      workflowId: r.workflow_id as string,
      recipient: r.recipient_address as string,
      status: r.status as DeliveryStatus,
      at: ((r.delivered_at as Date | null) ?? r.status_at) as Date,
      attempts: Number(r.signal_attempts),
    }));
  }

  async settleSignal(deliveryId: string, state: 'sent' | 'dropped'): Promise<void> {
    await this.dataSource.query(
      'UPDATE notification_deliveries SET signal_state = $2, signal_attempts = signal_attempts + 1, signal_next_at = NULL WHERE id = $1',
      [deliveryId, state],
    );
  }

  async retrySignal(deliveryId: string, delaySeconds: number): Promise<void> {
    await this.dataSource.query(
      'UPDATE notification_deliveries SET signal_attempts = signal_attempts + 1, signal_next_at = now() + make_interval(secs => $2) WHERE id = $1',
      [deliveryId, delaySeconds],
    );
  }
}
