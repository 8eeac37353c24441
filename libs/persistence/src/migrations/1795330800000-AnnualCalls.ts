import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The annual call ex art. 14 NdA: one call per year (the year is the key, so a Schedule and an
 * officer starting the same year meet on one row), with the criteria and weights it ranks by,
 * copied when it opens; and the proposals as registered, with their rank once published.
 */
export class AnnualCalls1795330800000 implements MigrationInterface {
  name = 'AnnualCalls1795330800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE annual_calls (
        year smallint PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
        case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
        workflow_id text NOT NULL,
        criteria jsonb NOT NULL,
        opened_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE annual_call_proposals (
        case_id uuid NOT NULL REFERENCES cases (id),
        proposal_id text NOT NULL,
        istat_code char(6) NOT NULL REFERENCES municipalities (istat_code),
        kind text NOT NULL CHECK (kind IN ('intervention', 'building-regeneration')),
        title text NOT NULL,
        description text NOT NULL,
        cost_cents bigint NOT NULL CHECK (cost_cents > 0),
        cofinancing_cents bigint NOT NULL CHECK (cofinancing_cents >= 0 AND cofinancing_cents <= cost_cents),
        location text NOT NULL,
        sttm smallint[] NOT NULL CHECK (cardinality(sttm) > 0 AND sttm <@ ARRAY[1, 2, 3]::smallint[]),
        registry_entry_id uuid NOT NULL REFERENCES registry_entries (id),
        submitted_at timestamptz NOT NULL,
        eligible boolean,
        weighted_points integer,
        position integer,
        PRIMARY KEY (case_id, proposal_id)
      )`);
    await q.query('CREATE INDEX annual_call_proposals_municipality_idx ON annual_call_proposals (istat_code, case_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE annual_call_proposals');
    await q.query('DROP TABLE annual_calls');
  }
}
