import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scadenze lists a suspended term too (it has no due instant until its clock runs again),
 * after every dated one: the list orders on COALESCE(due_at, 'infinity'). These partial
 * indexes are on that expression, one for the open terms and one with the expired ones for
 * "overdue". The indexes on due_at stay: GET /deadlines still orders on due_at.
 */
export class DeadlinesListedWhileSuspended1795356000000 implements MigrationInterface {
  name = 'DeadlinesListedWhileSuspended1795356000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX deadlines_open_sort_idx ON deadlines ((COALESCE(due_at, 'infinity'::timestamptz)), id) WHERE status IN ('running', 'suspended')`,
    );
    await q.query(
      `CREATE INDEX deadlines_overdue_sort_idx ON deadlines ((COALESCE(due_at, 'infinity'::timestamptz)), id) WHERE status IN ('running', 'suspended', 'expired')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deadlines_overdue_sort_idx');
    await q.query('DROP INDEX deadlines_open_sort_idx');
  }
}
