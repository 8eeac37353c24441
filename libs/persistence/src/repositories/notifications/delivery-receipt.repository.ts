import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type NewReceiptRow, NotificationTablesRepository } from './notification-tables';

/** Receipts of certified mail (accettazione, consegna, errors), each stored once. */
export class DeliveryReceiptRepository extends NotificationTablesRepository {
  /** Stores a receipt once (a provider that repeats it finds it stored); true if new. */
  async insertReceipt(row: NewReceiptRow, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_receipts (id, receipt_message_id, delivery_id, kind, referenced_message_id, issued_at, recipient, error,
                                          error_detail, provider, provider_message_id, raw_sha256, document_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
       ON CONFLICT (receipt_message_id) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        row.receiptMessageId,
        row.deliveryId,
        row.kind,
        row.referencedMessageId,
        row.issuedAt,
        row.recipient,
        row.error,
        row.errorDetail,
        row.provider,
        row.providerMessageId,
        row.rawSha256,
        row.documentId,
      ],
    );
    return inserted.length === 1;
  }

  async receiptExists(receiptMessageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM notification_receipts WHERE receipt_message_id = $1', [
      receiptMessageId,
    ]);
    return rows.length === 1;
  }
}
