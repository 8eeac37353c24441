import type { EntityManager } from 'typeorm';
import {
  type AttemptDecision,
  type AttemptOutcomeRecord,
  type AttemptStart,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type DeliveryWork,
  NotificationTablesRepository,
} from './notification-tables';

const AMBIGUOUS_RESPONSE = 'no outcome recorded: the sender stopped during the attempt';

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
           VALUES ($1, $2, now(), 'ambiguous', $3)`,
          [deliveryId, last.attempt, AMBIGUOUS_RESPONSE],
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
   * `beginAttempt` for many deliveries in one transaction, with the same decisions row by row,
   * and the work of those to send read in it: a worker with many sends in flight pays a few
   * round trips and one commit per batch instead of per message. Rows are locked in id order,
   * so two batches (or a batch and a single begin) wait for each other instead of deadlocking.
   */
  async beginAttempts(deliveryIds: string[], worker: string, leaseSeconds: number): Promise<Map<string, AttemptStart>> {
    const answers = new Map<string, AttemptStart>();
    if (deliveryIds.length === 0) return answers;
    const ids = [...new Set(deliveryIds)];
    await this.dataSource.transaction(async (tx) => {
      const rows: { id: string; status: DeliveryStatus; message_id: string }[] = await tx.query(
        'SELECT id, status, message_id FROM notification_deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [ids],
      );
      const open = rows.filter((row) => row.status === 'pending' || row.status === 'queued');
      for (const row of rows) if (!open.includes(row)) answers.set(row.id, { action: 'skip', status: row.status });
      if (open.length === 0) return;
      const lastAttempts: { delivery_id: string; attempt: number; started_at: Date; outcome: string | null; fresh: boolean }[] =
        await tx.query(
          `SELECT DISTINCT ON (a.delivery_id) a.delivery_id, a.attempt, a.started_at, o.outcome,
                  a.started_at > now() - make_interval(secs => $2) AS fresh
             FROM notification_attempts a LEFT JOIN notification_attempt_outcomes o USING (delivery_id, attempt)
            WHERE a.delivery_id = ANY($1::uuid[]) ORDER BY a.delivery_id, a.attempt DESC`,
          [open.map((row) => row.id), leaseSeconds],
        );
      const lastOf = new Map(lastAttempts.map((last) => [last.delivery_id, last]));
      const ambiguous: { id: string; attempt: number }[] = [];
      const starting: { id: string; attempt: number; messageId: string; ambiguousBefore: boolean }[] = [];
      for (const row of open) {
        const last = lastOf.get(row.id);
        if (last && last.outcome === null) {
          if (last.fresh) {
            answers.set(row.id, { action: 'busy', startedAt: last.started_at });
            continue;
          }
          ambiguous.push({ id: row.id, attempt: last.attempt });
        }
        const ambiguousBefore = Boolean(last && last.outcome === null);
        starting.push({ id: row.id, attempt: (last?.attempt ?? 0) + 1, messageId: row.message_id, ambiguousBefore });
      }
      if (ambiguous.length > 0) {
        await tx.query(
          `INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_response)
           SELECT t.id, t.attempt, now(), 'ambiguous', $3 FROM unnest($1::uuid[], $2::int[]) AS t(id, attempt)`,
          [ambiguous.map((a) => a.id), ambiguous.map((a) => a.attempt), AMBIGUOUS_RESPONSE],
        );
      }
      if (starting.length === 0) return;
      const startIds = starting.map((s) => s.id);
      const startAttempts = starting.map((s) => s.attempt);
      await tx.query(
        `INSERT INTO notification_attempts (delivery_id, attempt, started_at, worker, message_id)
         SELECT t.id, t.attempt, now(), $3, t.message_id FROM unnest($1::uuid[], $2::int[], $4::text[]) AS t(id, attempt, message_id)`,
        [startIds, startAttempts, worker, starting.map((s) => s.messageId)],
      );
      await tx.query(
        `UPDATE notification_deliveries d SET attempts = t.attempt
           FROM unnest($1::uuid[], $2::int[]) AS t(id, attempt) WHERE d.id = t.id`,
        [startIds, startAttempts],
      );
      const work: Record<string, unknown>[] = await tx.query(`${DELIVERY_WORK_SQL} WHERE d.id = ANY($1::uuid[])`, [startIds]);
      const workOf = new Map(work.map((row) => [row.delivery_id as string, toWork(row)]));
      for (const s of starting) {
        answers.set(s.id, {
          action: 'send',
          attempt: s.attempt,
          ambiguousBefore: s.ambiguousBefore,
          work: workOf.get(s.id) as DeliveryWork,
        });
      }
    });
    for (const id of ids) if (!answers.has(id)) answers.set(id, { action: 'missing' });
    return answers;
  }

  /**
   * `recordOutcome` for many attempts that each move their delivery to a status, in one
   * transaction: outcome rows and status moves commit together, as one by one. The answer
   * holds the ids whose status moved (forward only, as `moveStatus`).
   */
  async recordOutcomes(records: (AttemptOutcomeRecord & { status: DeliveryStatus })[]): Promise<Set<string>> {
    const moved = new Set<string>();
    if (records.length === 0) return moved;
    const sorted = [...records].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0));
    await this.dataSource.transaction(async (tx) => {
      // The same lock order as beginAttempts: batches wait for each other instead of deadlocking.
      await tx.query('SELECT 1 FROM notification_deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
        sorted.map((r) => r.deliveryId),
      ]);
      await tx.query(
        `INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_code, smtp_response)
         SELECT t.id, t.attempt, now(), t.outcome, t.smtp_code, t.smtp_response
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[]) AS t(id, attempt, outcome, smtp_code, smtp_response)
         ON CONFLICT DO NOTHING`,
        [
          sorted.map((r) => r.deliveryId),
          sorted.map((r) => r.attempt),
          sorted.map((r) => r.outcome),
          sorted.map((r) => r.smtpCode),
          sorted.map((r) => r.smtpResponse),
        ],
      );
      for (const status of new Set(sorted.map((r) => r.status))) {
        const group = sorted.filter((r) => r.status === status);
        const rows: { id: string }[] = await tx.query(
          `WITH u AS (
             UPDATE notification_deliveries d
                SET status = $2, status_at = now(), last_error = coalesce(t.last_error, d.last_error),
                    signal_state = CASE WHEN t.signal THEN 'pending' ELSE d.signal_state END,
                    signal_next_at = CASE WHEN t.signal THEN now() ELSE d.signal_next_at END
               FROM unnest($1::uuid[], $4::text[], $5::bool[]) AS t(id, last_error, signal)
              WHERE d.id = t.id AND d.status = ANY($3)
             RETURNING d.id)
           SELECT id FROM u`,
          [group.map((r) => r.deliveryId), status, below(status), group.map((r) => r.lastError ?? null), group.map((r) => r.signal)],
        );
        for (const row of rows) moved.add(row.id);
      }
    });
    return moved;
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
