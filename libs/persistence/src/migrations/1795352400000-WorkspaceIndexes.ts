import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officers' workspace lists, each served by a partial index in its own order:
 * - Avvisi: failed and bounced deliveries, newest first;
 * - Scadenze with "overdue": open and expired terms by due instant (the open-only index
 *   deadlines_open_due_idx cannot serve the expired ones, so PostgreSQL sorted 250,000 rows).
 *
 * IF NOT EXISTS: development databases of this branch ran the first index under an earlier
 * name of this migration (FailedDeliveriesIndex, never released).
 */
export class WorkspaceIndexes1795352400000 implements MigrationInterface {
  name = 'WorkspaceIndexes1795352400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS notification_deliveries_failed_idx ON notification_deliveries (status_at DESC, id DESC) WHERE status IN ('failed', 'bounced')`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS deadlines_overdue_due_idx ON deadlines (due_at, id) WHERE status IN ('running', 'suspended', 'expired')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deadlines_overdue_due_idx');
    await q.query('DROP INDEX notification_deliveries_failed_idx');
  }
}
