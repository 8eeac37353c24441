import type { EntityManager } from 'typeorm';
import {
  type DeliveryStatus,
  type DeliveryView,
  type NewNotificationRow,
  type NotificationView,
  NotificationTablesRepository,
  type ReceiptView,
} from './notification-tables';

/** The outbox: notifications and their per-recipient deliveries as written, and read back for the case page and the staff list. */
export class NotificationOutboxRepository extends NotificationTablesRepository {
  /**
   * Inserts the notification and its deliveries, or finds the one already stored under the
   * idempotency key (a concurrent insert of the same key waits for the first to commit).
   */
  async insert(row: NewNotificationRow, manager: EntityManager = this.dataSource.manager): Promise<{ id: string; created: boolean }> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO notifications (id, idempotency_key, case_id, workflow_id, template_id, locale, channel, data, calendar, traceparent, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        row.id,
        row.idempotencyKey,
        row.caseId,
        row.workflowId,
        row.templateId,
        row.locale,
        row.channel,
        JSON.stringify(row.data),
        row.calendar === null ? null : JSON.stringify(row.calendar),
        row.traceparent ?? null,
        row.requestId ?? null,
      ],
    );
    if (inserted.length === 0) {
      const [existing] = await manager.query('SELECT id FROM notifications WHERE idempotency_key = $1', [row.idempotencyKey]);
      return { id: existing.id, created: false };
    }
    await manager.query(
      `INSERT INTO notification_deliveries (id, notification_id, position, recipient_address, recipient_name, recipient_istat_code,
                                            recipient_role, message_id, status)
       SELECT u.id, $1, u.position - 1, u.address, u.name, u.istat_code, u.role, u.message_id, 'pending'
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
              AS u(id, address, name, istat_code, role, message_id, position)`,
      [
        row.id,
        row.deliveries.map((d) => d.id),
        row.deliveries.map((d) => d.address),
        row.deliveries.map((d) => d.name),
        row.deliveries.map((d) => d.istatCode),
        row.deliveries.map((d) => d.role),
        row.deliveries.map((d) => d.messageId),
      ],
    );
    return { id: row.id, created: true };
  }

  /** A case's notifications, oldest first, each with its deliveries and their receipts. */
  async listForCase(caseId: string): Promise<NotificationView[]> {
    return this.views(await this.dataSource.query('SELECT * FROM notifications WHERE case_id = $1 ORDER BY created_at, id', [caseId]));
  }

  /** The most recent notifications across all cases (CMM staff). */
  async listRecent(limit: number): Promise<NotificationView[]> {
    return this.views(await this.dataSource.query('SELECT * FROM notifications ORDER BY created_at DESC, id DESC LIMIT $1', [limit]));
  }

  private async views(rows: Record<string, unknown>[]): Promise<NotificationView[]> {
    if (rows.length === 0) return [];
    const deliveries: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT * FROM notification_deliveries WHERE notification_id = ANY($1) ORDER BY notification_id, position',
      [rows.map((r) => r.id)],
    );
    const receipts: Record<string, unknown>[] = deliveries.length
      ? await this.dataSource.query('SELECT * FROM notification_receipts WHERE delivery_id = ANY($1) ORDER BY received_at, id', [
          deliveries.map((d) => d.id),
        ])
      : [];
    const receiptsOf = new Map<string, ReceiptView[]>();
    for (const r of receipts) {
      const list = receiptsOf.get(r.delivery_id as string) ?? [];
      list.push({
        id: r.id as string,
        kind: r.kind as string,
        issuedAt: (r.issued_at as Date | null) ?? null,
        receivedAt: r.received_at as Date,
        recipient: (r.recipient as string | null) ?? null,
        error: (r.error as string | null) ?? null,
        documentId: (r.document_id as string | null) ?? null,
      });
      receiptsOf.set(r.delivery_id as string, list);
    }
    const deliveriesOf = new Map<string, DeliveryView[]>();
    for (const d of deliveries) {
      const list = deliveriesOf.get(d.notification_id as string) ?? [];
      list.push({
        id: d.id as string,
        position: Number(d.position),
        recipient: {
          address: d.recipient_address as string,
          name: (d.recipient_name as string | null) ?? null,
          istatCode: (d.recipient_istat_code as string | null) ?? null,
          role: (d.recipient_role as string | null) ?? null,
        },
        messageId: d.message_id as string,
        status: d.status as DeliveryStatus,
        statusAt: d.status_at as Date,
        attempts: Number(d.attempts),
        lastError: (d.last_error as string | null) ?? null,
        deliveredAt: (d.delivered_at as Date | null) ?? null,
        receipts: receiptsOf.get(d.id as string) ?? [],
      });
      deliveriesOf.set(d.notification_id as string, list);
    }
    return rows.map((n) => ({
      id: n.id as string,
      idempotencyKey: n.idempotency_key as string,
      caseId: (n.case_id as string | null) ?? null,
      templateId: n.template_id as string,
      data: (n.data as Record<string, unknown> | null) ?? {},
      locale: n.locale as 'it' | 'en',
      channel: n.channel as 'email' | 'pec',
      createdAt: n.created_at as Date,
      relayedAt: (n.relayed_at as Date | null) ?? null,
      deliveries: deliveriesOf.get(n.id as string) ?? [],
    }));
  }
}
