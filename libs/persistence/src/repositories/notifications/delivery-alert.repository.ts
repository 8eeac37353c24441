import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotificationTablesRepository } from './notification-tables';

/** Alerts on undelivered notices, one per delivery, for the officers' dashboard. */
export class DeliveryAlertRepository extends NotificationTablesRepository {
  /** One alert per delivery, for the officer dashboard; true if new. */
  async raiseAlert(
    alert: { deliveryId: string; caseId: string | null; reason: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_alerts (id, delivery_id, case_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (delivery_id) DO NOTHING RETURNING id`,
      [randomUUID(), alert.deliveryId, alert.caseId, alert.reason],
    );
    return inserted.length === 1;
  }

  async openAlerts(limit = 100): Promise<{ id: string; deliveryId: string; caseId: string | null; reason: string; createdAt: Date }[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT id, delivery_id, case_id, reason, created_at FROM notification_alerts WHERE acknowledged_at IS NULL ORDER BY created_at LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      deliveryId: r.delivery_id as string,
      caseId: (r.case_id as string) ?? null,
      reason: r.reason as string,
      createdAt: r.created_at as Date,
    }));
  }
}
