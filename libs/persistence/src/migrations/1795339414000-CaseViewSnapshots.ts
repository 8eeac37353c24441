import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last view of a procedure's workflow, stored once the workflow has closed: views of closed
 * cases are then read here, without asking Temporal (whose query replays the whole history on a
 * worker). Written once per workflow; a closed workflow never changes again.
 */
export class CaseViewSnapshots1795339414000 implements MigrationInterface {
  name = 'CaseViewSnapshots1795339414000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_view_snapshots (
        workflow_id text PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        view jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX case_view_snapshots_case_idx ON case_view_snapshots (case_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_view_snapshots');
  }
}
