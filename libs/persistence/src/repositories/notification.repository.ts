import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'accepted', 'delivered', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Statuses only move forward: a PEC receipt may overtake the worker's own record of the
 * SMTP answer, and a late or repeated event must never undo a later one.
 */
const RANK: Record<DeliveryStatus, number> = { pending: 0, queued: 1, sent: 2, accepted: 3, delivered: 4, failed: 4, bounced: 4 };
export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'bounced'];
const below = (status: DeliveryStatus): DeliveryStatus[] => DELIVERY_STATUSES.filter((s) => RANK[s] < RANK[status]);

export interface NewNotificationRow {
  id: string;
  idempotencyKey: string;
  caseId: string | null;
  workflowId: string | null;
  templateId: string;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  data: Record<string, unknown>;
  calendar: Record<string, unknown> | null;
  deliveries: {
    id: string;
    address: string;
    name: string | null;
    istatCode: string | null;
    role: string | null;
    messageId: string;
  }[];
}

export interface ClaimedNotification {
  id: string;
  channel: 'email' | 'pec';
  deliveryIds: string[];
}

/** A delivery with what rendering and sending it needs. */
export interface DeliveryWork {
  deliveryId: string;
  notificationId: string;
  idempotencyKey: string;
  caseId: string | null;
  workflowId: string | null;
  templateId: string;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  data: Record<string, unknown>;
  calendar: Record<string, unknown> | null;
  createdAt: Date;
  recipient: { address: string; name: string | null; istatCode: string | null; role: string | null };
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
}

export type AttemptDecision =
  | { action: 'skip'; status: DeliveryStatus }
  | { action: 'busy'; startedAt: Date }
  | { action: 'send'; attempt: number; ambiguousBefore: boolean };

export type AttemptOutcome = 'accepted' | 'temporary-failure' | 'permanent-failure' | 'ambiguous';

export interface AttemptOutcomeRecord {
  deliveryId: string;
  attempt: number;
  outcome: AttemptOutcome;
  smtpCode: number | null;
  smtpResponse: string | null;
  /** The delivery's new status, or null to keep it (a temporary failure that will be retried). */
  status: DeliveryStatus | null;
  lastError?: string | null;
  /** True when the notification's workflow must hear of this status. */
  signal: boolean;
}

export interface NewReceiptRow {
  receiptMessageId: string;
  deliveryId: string | null;
  kind: string;
  referencedMessageId: string;
  issuedAt: Date | null;
  recipient: string | null;
  error: string | null;
  errorDetail: string | null;
  provider: string | null;
  providerMessageId: string | null;
  rawSha256: string;
  documentId: string | null;
}

export interface PendingSignal {
  deliveryId: string;
  notificationId: string;
  idempotencyKey: string;
  workflowId: string;
  recipient: string;
  status: DeliveryStatus;
  at: Date;
  attempts: number;
}

export interface ReceiptView {
  id: string;
  kind: string;
  issuedAt: Date | null;
  receivedAt: Date;
  recipient: string | null;
  error: string | null;
  documentId: string | null;
}

export interface DeliveryView {
  id: string;
  position: number;
  recipient: { address: string; name: string | null; istatCode: string | null; role: string | null };
  messageId: string;
  status: DeliveryStatus;
  statusAt: Date;
  attempts: number;
  lastError: string | null;
  deliveredAt: Date | null;
  receipts: ReceiptView[];
}

export interface NotificationView {
  id: string;
  idempotencyKey: string;
  caseId: string | null;
  templateId: string;
  /** What the template reads (the subject is rendered from it for lists). */
  data: Record<string, unknown>;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  createdAt: Date;
  relayedAt: Date | null;
  deliveries: DeliveryView[];
}

const DELIVERY_WORK_SQL = `
  SELECT d.id AS delivery_id, d.notification_id, d.recipient_address, d.recipient_name, d.recipient_istat_code,
         d.recipient_role, d.message_id, d.status, d.attempts,
         n.idempotency_key, n.case_id, n.workflow_id, n.template_id, n.locale, n.channel, n.data, n.calendar, n.created_at
    FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id`;

const toWork = (row: Record<string, unknown>): DeliveryWork => ({
  deliveryId: row.delivery_id as string,
  notificationId: row.notification_id as string,
  idempotencyKey: row.idempotency_key as string,
  caseId: (row.case_id as string | null) ?? null,
  workflowId: (row.workflow_id as string | null) ?? null,
  templateId: row.template_id as string,
  locale: row.locale as 'it' | 'en',
  channel: row.channel as 'email' | 'pec',
  data: row.data as Record<string, unknown>,
  calendar: (row.calendar as Record<string, unknown> | null) ?? null,
  createdAt: row.created_at as Date,
  recipient: {
    address: row.recipient_address as string,
    name: (row.recipient_name as string | null) ?? null,
    istatCode: (row.recipient_istat_code as string | null) ?? null,
    role: (row.recipient_role as string | null) ?? null,
  },
  messageId: row.message_id as string,
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts),
});

/** The notification outbox, its deliveries, attempts, receipts and alerts. */
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Inserts the notification and its deliveries, or finds the one already stored under the
   * idempotency key (a concurrent insert of the same key waits for the first to commit).
   */
  async insert(row: NewNotificationRow, manager: EntityManager = this.dataSource.manager): Promise<{ id: string; created: boolean }> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO notifications (id, idempotency_key, case_id, workflow_id, template_id, locale, channel, data, calendar)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [row.id, row.idempotencyKey, row.caseId, row.workflowId, row.templateId, row.locale, row.channel, JSON.stringify(row.data),
        row.calendar === null ? null : JSON.stringify(row.calendar)],
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
      await tx.query('UPDATE notifications SET relayed_at = now(), relay_claimed_until = NULL WHERE id = ANY($1) AND relayed_at IS NULL', [ids]);
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
  async staleQueued(olderThanSeconds: number, limit: number): Promise<{ deliveryId: string; notificationId: string; channel: 'email' | 'pec' }[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT d.id, d.notification_id, n.channel FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.status IN ('pending', 'queued') AND d.status_at < now() - make_interval(secs => $1)
          AND n.relayed_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM notification_attempts a WHERE a.delivery_id = d.id AND a.started_at > now() - make_interval(secs => $1))
        ORDER BY d.status_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => ({ deliveryId: r.id as string, notificationId: r.notification_id as string, channel: r.channel as 'email' | 'pec' }));
  }

  async deliveryWork(deliveryId: string): Promise<DeliveryWork | null> {
    const [row] = await this.dataSource.query(`${DELIVERY_WORK_SQL} WHERE d.id = $1`, [deliveryId]);
    return row ? toWork(row) : null;
  }

  async deliveryByMessageId(messageId: string, manager: EntityManager = this.dataSource.manager): Promise<DeliveryWork | null> {
    const [row] = await manager.query(`${DELIVERY_WORK_SQL} WHERE d.message_id = $1`, [messageId]);
    return row ? toWork(row) : null;
  }

  /**
   * The attempt log decides whether to send: never after a recorded outcome that ended the
   * delivery; not while another worker's attempt is younger than the lease; and an attempt
   * that has no outcome and is older than the lease was cut short by a crash (the message may
   * or may not have reached the server): it is closed as ambiguous before the next attempt.
   */
  async beginAttempt(deliveryId: string, worker: string, leaseSeconds: number): Promise<AttemptDecision> {
    return this.dataSource.transaction(async (tx) => {
      const [delivery] = await tx.query('SELECT status, attempts, message_id FROM notification_deliveries WHERE id = $1 FOR UPDATE', [deliveryId]);
      if (!delivery) throw new Error(`delivery ${deliveryId} does not exist`);
      if (!['pending', 'queued'].includes(delivery.status)) return { action: 'skip', status: delivery.status as DeliveryStatus };
      const [last] = await tx.query(
        `SELECT a.attempt, a.started_at, o.outcome, a.started_at > now() - make_interval(secs => $2) AS fresh
           FROM notification_attempts a LEFT JOIN notification_attempt_outcomes o USING (delivery_id, attempt)
          WHERE a.delivery_id = $1 ORDER BY a.attempt DESC LIMIT 1`,
        [deliveryId, leaseSeconds],
      );
      let ambiguousBefore = false;
      if (last && last.outcome === null) {
        if (last.fresh) return { action: 'busy', startedAt: last.started_at as Date };
        ambiguousBefore = true;
        await tx.query(
          `INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_response)
           VALUES ($1, $2, now(), 'ambiguous', 'no outcome recorded: the sender stopped during the attempt')`,
          [deliveryId, last.attempt],
        );
      }
      const attempt = (last?.attempt ?? 0) + 1;
      await tx.query('INSERT INTO notification_attempts (delivery_id, attempt, started_at, worker, message_id) VALUES ($1, $2, now(), $3, $4)', [
        deliveryId,
        attempt,
        worker,
        delivery.message_id,
      ]);
      await tx.query('UPDATE notification_deliveries SET attempts = $2 WHERE id = $1', [deliveryId, attempt]);
      return { action: 'send', attempt, ambiguousBefore };
    });
  }

  /**
   * Records the SMTP answer and, when given, the new status, atomically: an outcome without
   * its status would let the next run send again. True if the status changed.
   */
  async recordOutcome(record: AttemptOutcomeRecord, manager?: EntityManager): Promise<boolean> {
    if (!manager) return this.dataSource.transaction((tx) => this.recordOutcome(record, tx));
    await manager.query(
      `INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_code, smtp_response)
       VALUES ($1, $2, now(), $3, $4, $5) ON CONFLICT DO NOTHING`,
      [record.deliveryId, record.attempt, record.outcome, record.smtpCode, record.smtpResponse],
    );
    if (record.status === null) {
      await manager.query('UPDATE notification_deliveries SET last_error = $2 WHERE id = $1', [record.deliveryId, record.lastError ?? null]);
      return false;
    }
    return this.moveStatus(record.deliveryId, record.status, { lastError: record.lastError ?? null, signal: record.signal }, manager);
  }

  /** Moves a delivery forward (never back); true if it moved. */
  async moveStatus(
    deliveryId: string,
    status: DeliveryStatus,
    options: { at?: Date; deliveredAt?: Date | null; lastError?: string | null; signal: boolean },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const moved: unknown[] = await manager.query(
      `WITH u AS (
         UPDATE notification_deliveries
            SET status = $2, status_at = coalesce($3, now()), delivered_at = coalesce($4, delivered_at),
                last_error = coalesce($5, last_error),
                signal_state = CASE WHEN $6 THEN 'pending' ELSE signal_state END,
                signal_next_at = CASE WHEN $6 THEN now() ELSE signal_next_at END
          WHERE id = $1 AND status = ANY($7)
         RETURNING id)
       SELECT id FROM u`,
      [deliveryId, status, options.at ?? null, options.deliveredAt ?? null, options.lastError ?? null, options.signal, below(status)],
    );
    return moved.length === 1;
  }

  /** Stores a receipt once (a provider that repeats it finds it stored); true if new. */
  async insertReceipt(row: NewReceiptRow, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification_receipts (id, receipt_message_id, delivery_id, kind, referenced_message_id, issued_at, recipient, error,
                                          error_detail, provider, provider_message_id, raw_sha256, document_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
       ON CONFLICT (receipt_message_id) DO NOTHING RETURNING id`,
      [randomUUID(), row.receiptMessageId, row.deliveryId, row.kind, row.referencedMessageId, row.issuedAt, row.recipient, row.error,
        row.errorDetail, row.provider, row.providerMessageId, row.rawSha256, row.documentId],
    );
    return inserted.length === 1;
  }

  async receiptExists(receiptMessageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM notification_receipts WHERE receipt_message_id = $1', [receiptMessageId]);
    return rows.length === 1;
  }

  /** One alert per delivery, for the officer dashboard; true if new. */
  async raiseAlert(alert: { deliveryId: string; caseId: string | null; reason: string }, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
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
    return rows.map((r) => ({ id: r.id as string, deliveryId: r.delivery_id as string, caseId: (r.case_id as string) ?? null, reason: r.reason as string, createdAt: r.created_at as Date }));
  }

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
      ? await this.dataSource.query(
          'SELECT * FROM notification_receipts WHERE delivery_id = ANY($1) ORDER BY received_at, id',
          [deliveries.map((d) => d.id)],
        )
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
