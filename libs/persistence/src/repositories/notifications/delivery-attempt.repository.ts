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

const UNIQUE_VIOLATION = '23505';

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
         n.idempotency_key, n.case_id, n.workflow_id, n.template_id, n.locale, n.channel, n.data, n.calendar, n.created_at,
         n.traceparent, n.request_id
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
  traceparent: (row.traceparent as string | null) ?? null,
  requestId: (row.request_id as string | null) ?? null,
});

/** The forward-only rule of RANK, as SQL over a status expression (one source for both). */
const rankSql = (expression: string) =>
  `(CASE ${expression} ${DELIVERY_STATUSES.map((status) => `WHEN '${status}' THEN ${RANK[status]}`).join(' ')} END)`;

// $1 ids, $2 lease seconds, $3 worker, $4 the ambiguous outcome's text. The CTEs all see one
// snapshot; the decisions are those of beginAttempt, row by row.
const BEGIN_ATTEMPTS_SQL = `
  WITH locked AS MATERIALIZED (
         SELECT id, status, message_id FROM notification_deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE),
       last AS (
         SELECT DISTINCT ON (a.delivery_id) a.delivery_id, a.attempt, a.started_at, o.outcome,
                a.started_at > now() - make_interval(secs => $2) AS fresh
           FROM notification_attempts a LEFT JOIN notification_attempt_outcomes o USING (delivery_id, attempt)
          WHERE a.delivery_id IN (SELECT id FROM locked WHERE status IN ('pending', 'queued'))
          ORDER BY a.delivery_id, a.attempt DESC),
       decided AS MATERIALIZED (
         SELECT l.id, l.status, l.message_id, la.attempt AS last_attempt, la.started_at AS last_started_at,
                CASE WHEN l.status NOT IN ('pending', 'queued') THEN 'skip'
                     WHEN la.attempt IS NOT NULL AND la.outcome IS NULL AND la.fresh THEN 'busy'
                     ELSE 'send' END AS action,
                (la.attempt IS NOT NULL AND la.outcome IS NULL) AS ambiguous_before,
                coalesce(la.attempt, 0) + 1 AS attempt
           FROM locked l LEFT JOIN last la ON la.delivery_id = l.id),
       closed AS (
         INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_response)
         SELECT id, last_attempt, now(), 'ambiguous', $4 FROM decided WHERE action = 'send' AND ambiguous_before),
       opened AS (
         INSERT INTO notification_attempts (delivery_id, attempt, started_at, worker, message_id)
         SELECT id, attempt, now(), $3, message_id FROM decided WHERE action = 'send'),
       counted AS (
         UPDATE notification_deliveries d SET attempts = x.attempt FROM decided x WHERE x.id = d.id AND x.action = 'send')
  SELECT x.action, x.ambiguous_before, x.attempt, x.last_started_at, x.id AS delivery_id, x.status,
         w.notification_id, w.recipient_address, w.recipient_name, w.recipient_istat_code, w.recipient_role, w.message_id,
         w.idempotency_key, w.case_id, w.workflow_id, w.template_id, w.locale, w.channel, w.data, w.calendar, w.created_at,
         w.traceparent, w.request_id
    FROM decided x
    LEFT JOIN (${DELIVERY_WORK_SQL}) w ON w.delivery_id = x.id AND x.action = 'send'`;

// $1 ids, $2 attempts, $3 outcomes, $4 SMTP codes, $5 SMTP responses, $6 new statuses, $7 last
// errors, $8 whether to signal. Rows are locked in id order first, as beginAttempts does.
const RECORD_OUTCOMES_SQL = `
  WITH t AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bool[])
             AS t(id, attempt, outcome, smtp_code, smtp_response, status, last_error, signal)),
       locked AS MATERIALIZED (
         SELECT id FROM notification_deliveries WHERE id IN (SELECT id FROM t) ORDER BY id FOR UPDATE),
       recorded AS (
         INSERT INTO notification_attempt_outcomes (delivery_id, attempt, finished_at, outcome, smtp_code, smtp_response)
         SELECT id, attempt, now(), outcome, smtp_code, smtp_response FROM t
         ON CONFLICT DO NOTHING),
       moved AS (
         UPDATE notification_deliveries d
            SET status = t.status, status_at = now(), last_error = coalesce(t.last_error, d.last_error),
                signal_state = CASE WHEN t.signal THEN 'pending' ELSE d.signal_state END,
                signal_next_at = CASE WHEN t.signal THEN now() ELSE d.signal_next_at END
           FROM t JOIN locked l USING (id)
          WHERE d.id = t.id AND ${rankSql('d.status')} < ${rankSql('t.status')}
         RETURNING d.id)
  SELECT id FROM moved`;

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
   * `beginAttempt` for many deliveries, with the same decisions row by row, and the work of
   * those to send, in ONE statement: its CTEs lock, decide, close ambiguous attempts, open the
   * new ones and read the work atomically (a statement is its own transaction), so a worker
   * with many sends in flight pays one round trip per batch instead of seven per message. Rows
   * are locked in id order, so two batches (or a batch and a single begin) wait for each other
   * instead of deadlocking.
   */
  async beginAttempts(deliveryIds: string[], worker: string, leaseSeconds: number): Promise<Map<string, AttemptStart>> {
    const answers = new Map<string, AttemptStart>();
    if (deliveryIds.length === 0) return answers;
    const ids = [...new Set(deliveryIds)];
    const rows = await this.beginAttemptsStatement(ids, worker, leaseSeconds);
    for (const row of rows) {
      const id = row.delivery_id as string;
      if (row.action === 'skip') answers.set(id, { action: 'skip', status: row.status as DeliveryStatus });
      else if (row.action === 'busy') answers.set(id, { action: 'busy', startedAt: row.last_started_at as Date });
      else {
        const attempt = Number(row.attempt);
        // The row was read in the statement's snapshot, before its own update of the count.
        const work = { ...toWork(row), attempts: attempt };
        answers.set(id, { action: 'send', attempt, ambiguousBefore: Boolean(row.ambiguous_before), work });
      }
    }
    for (const id of ids) if (!answers.has(id)) answers.set(id, { action: 'missing' });
    return answers;
  }

  /**
   * A statement reads the attempt log in the snapshot it started with, even after waiting for a
   * row lock: if a concurrent begin committed meanwhile, this one would open the same attempt
   * number, which the primary key refuses (nothing is written). Run again, it sees that attempt.
   */
  private async beginAttemptsStatement(ids: string[], worker: string, leaseSeconds: number): Promise<Record<string, unknown>[]> {
    for (let round = 1; ; round++) {
      try {
        return await this.dataSource.query(BEGIN_ATTEMPTS_SQL, [ids, leaseSeconds, worker, AMBIGUOUS_RESPONSE]);
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (code !== UNIQUE_VIOLATION || round >= 3) throw error;
      }
    }
  }

  /**
   * `recordOutcome` for many attempts that each move their delivery to a status, in one
   * statement: outcome rows and status moves commit together, as one by one. The answer holds
   * the ids whose status moved (forward only, as `moveStatus`).
   */
  async recordOutcomes(records: (AttemptOutcomeRecord & { status: DeliveryStatus })[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(RECORD_OUTCOMES_SQL, [
      records.map((r) => r.deliveryId),
      records.map((r) => r.attempt),
      records.map((r) => r.outcome),
      records.map((r) => r.smtpCode),
      records.map((r) => r.smtpResponse),
      records.map((r) => r.status),
      records.map((r) => r.lastError ?? null),
      records.map((r) => r.signal),
    ]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Records the SMTP answer and, when given, the new status, atomically: an outcome without
   * its status would let the next run send again. True if the status changed.
   */
  /** Whether an attempt of the delivery ended without knowing if the server took the message. */
  async endedAmbiguously(deliveryId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM notification_attempt_outcomes WHERE delivery_id = $1 AND outcome = 'ambiguous' LIMIT 1`,
      [deliveryId],
    );
    return rows.length > 0;
  }

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
