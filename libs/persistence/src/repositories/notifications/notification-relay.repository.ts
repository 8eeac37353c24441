import { type ClaimedNotification, NotificationTablesRepository } from './notification-tables';

/** The relay's side of the outbox: claims on notifications not yet handed to the queue, and the sweep of deliveries lost on the way. */
export class NotificationRelayRepository extends NotificationTablesRepository {
  /**
   * Claims up to `limit` notifications not yet relayed, for `leaseSeconds`: concurrent relays
   * skip each other's rows, and a relay that dies leaves its rows to the next one when the
   * lease ends (none is stranded).
   */
  async claimPending(limit: number, leaseSeconds: number): Promise<ClaimedNotification[]> {
    const claimed: { id: string; channel: 'email' | 'pec'; created_at: Date }[] = await this.dataSource.query(
      `WITH c AS (
         UPDATE notifications n SET relay_claimed_until = now() + make_interval(secs => $2), relay_attempts = n.relay_attempts + 1
          WHERE n.id IN (SELECT id FROM notifications
                          WHERE relayed_at IS NULL AND (relay_claimed_until IS NULL OR relay_claimed_until < now())
                          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING n.id, n.channel, n.created_at)
       SELECT * FROM c ORDER BY created_at, id`,
      [limit, leaseSeconds],
    );
    if (claimed.length === 0) return [];
    const deliveries: { id: string; notification_id: string }[] = await this.dataSource.query(
      'SELECT id, notification_id FROM notification_deliveries WHERE notification_id = ANY($1) ORDER BY notification_id, position',
      [claimed.map((c) => c.id)],
    );
    const byNotification = new Map<string, string[]>();
    for (const d of deliveries) byNotification.set(d.notification_id, [...(byNotification.get(d.notification_id) ?? []), d.id]);
    return claimed.map((c) => ({ id: c.id, channel: c.channel, deliveryIds: byNotification.get(c.id) ?? [] }));
  }

  async markRelayed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE notifications SET relayed_at = now(), relay_claimed_until = NULL WHERE id = ANY($1) AND relayed_at IS NULL', [
        ids,
      ]);
      await tx.query(
        `UPDATE notification_deliveries SET status = 'queued', status_at = now() WHERE notification_id = ANY($1) AND status = 'pending'`,
        [ids],
      );
    });
  }

  /** Gives claimed rows back at once (the queue refused them), instead of waiting for the lease. */
  async releaseClaims(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query('UPDATE notifications SET relay_claimed_until = NULL WHERE id = ANY($1) AND relayed_at IS NULL', [ids]);
  }

  async pendingCount(): Promise<number> {
    const [{ count }] = await this.dataSource.query('SELECT count(*)::int AS count FROM notifications WHERE relayed_at IS NULL');
    return count;
  }

  /**
   * Deliveries handed to the queue long ago with no attempt since: their job may have been
   * lost with Redis's data. Re-adding them is safe (same job id; the attempt log decides).
   */
  async staleQueued(
    olderThanSeconds: number,
    limit: number,
  ): Promise<{ deliveryId: string; notificationId: string; channel: 'email' | 'pec' }[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT d.id, d.notification_id, n.channel FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.status IN ('pending', 'queued') AND d.status_at < now() - make_interval(secs => $1)
          AND n.relayed_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM notification_attempts a WHERE a.delivery_id = d.id AND a.started_at > now() - make_interval(secs => $1))
        ORDER BY d.status_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => ({
      deliveryId: r.id as string,
      notificationId: r.notification_id as string,
      channel: r.channel as 'email' | 'pec',
    }));
  }
}
