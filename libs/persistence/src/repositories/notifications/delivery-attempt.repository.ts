import type { EntityManager } from 'typeorm';
import {
  type AttemptDecision,
  type AttemptOutcomeRecord,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type DeliveryWork,
  NotificationTablesRepository,
} from './notification-tables';

/**
 * Statuses only move forward: a PEC receipt may overtake the worker's own record of the
 * SMTP answer, and a late or repeated event must never undo a later one.
 */
const RANK: Record<DeliveryStatus, number> = { pending: 0, queued: 1, sent: 2, accepted: 3, delivered: 4, failed: 4, bounced: 4 };
const below = (status: DeliveryStatus): DeliveryStatus[] => DELIVERY_STATUSES.filter((s) => RANK[s] < RANK[status]);

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

/** A delivery's attempt log and the status it moves forward: what the sender reads, decides and records. */
export class DeliveryAttemptRepository extends NotificationTablesRepository {
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
      const [delivery] = await tx.query('SELECT status, attempts, message_id FROM notification_deliveries WHERE id = $1 FOR UPDATE', [
        deliveryId,
      ]);
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
      await tx.query(
        'INSERT INTO notification_attempts (delivery_id, attempt, started_at, worker, message_id) VALUES ($1, $2, now(), $3, $4)',
        [deliveryId, attempt, worker, delivery.message_id],
      );
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
      await manager.query('UPDATE notification_deliveries SET last_error = $2 WHERE id = $1', [
        record.deliveryId,
        record.lastError ?? null,
      ]);
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
}
