import type { DataSource } from 'typeorm';

/** What the notifier's /metrics reads from PostgreSQL at scrape time (docs/operations.md, Metrics). */
export interface OperationalSnapshot {
  /** Notices written by a workflow and not yet handed to the queue (the relay's work list). */
  unrelayedNotices: number;
  /** Age in seconds of the oldest of them; 0 when there is none. */
  unrelayedOldestSeconds: number;
  /** Deliveries queued or pending and not yet accepted by a provider nor settled as failed. */
  openDeliveries: number;
  /** Seconds since the oldest of them last changed state; 0 when there is none. */
  openDeliveriesOldestSeconds: number;
  /** Failed or bounced deliveries whose alert no officer has acknowledged yet (the Avvisi page). */
  unacknowledgedFailedNotices: number;
  /** Legal terms still running past their due instant on open cases, by procedure type. */
  overdueTerms: { procedure: string; count: number; oldestSeconds: number }[];
}

/**
 * Two statements answered from partial indexes: notifications_pending_idx,
 * notification_deliveries_open_idx and notification_alerts_open_idx for the outbox, and the
 * running terms of deadlines_running_case_due_idx (index only) joined to cases for the overdue
 * ones. "Overdue" is the case list's: a term still `running` after its due instant, i.e. nobody
 * acted (a met, expired or cancelled term is closed; a suspended one is not running), on a case
 * not closed.
 */
export class OperationalMetricsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<OperationalSnapshot> {
    const [outbox] = (await this.dataSource.query(`
      SELECT
        (SELECT count(*) FROM notifications WHERE relayed_at IS NULL)::int AS unrelayed,
        COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM notifications WHERE relayed_at IS NULL), 0)::float8
          AS unrelayed_oldest,
        (SELECT count(*) FROM notification_deliveries WHERE status IN ('pending', 'queued'))::int AS open_deliveries,
        COALESCE((SELECT extract(epoch FROM now() - min(status_at)) FROM notification_deliveries WHERE status IN ('pending', 'queued')), 0)::float8
          AS open_oldest,
        (SELECT count(*) FROM notification_alerts WHERE acknowledged_at IS NULL)::int AS open_alerts`)) as Record<string, number>[];
    const overdue = (await this.dataSource.query(`
      SELECT c.type AS procedure, count(*)::int AS count, extract(epoch FROM now() - min(d.due_at))::float8 AS oldest
        FROM deadlines d JOIN cases c ON c.id = d.case_id
       WHERE d.status = 'running' AND d.due_at < now() AND c.closed_at IS NULL
       GROUP BY c.type`)) as { procedure: string; count: number; oldest: number }[];
    return {
      unrelayedNotices: Number(outbox.unrelayed),
      unrelayedOldestSeconds: Math.max(0, Number(outbox.unrelayed_oldest)),
      openDeliveries: Number(outbox.open_deliveries),
      openDeliveriesOldestSeconds: Math.max(0, Number(outbox.open_oldest)),
      unacknowledgedFailedNotices: Number(outbox.open_alerts),
      overdueTerms: overdue.map((row) => ({ procedure: row.procedure, count: Number(row.count), oldestSeconds: Number(row.oldest) })),
    };
  }
}
