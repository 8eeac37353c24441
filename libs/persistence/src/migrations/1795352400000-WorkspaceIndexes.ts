import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Avvisi page lists failed and bounced deliveries, newest first: a partial index keeps it small. */
export class FailedDeliveriesIndex1795352400000 implements MigrationInterface {
  name = 'FailedDeliveriesIndex1795352400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notification_deliveries_failed_idx ON notification_deliveries (status_at DESC, id DESC) WHERE status IN ('failed', 'bounced')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX notification_deliveries_failed_idx');
  }
}
