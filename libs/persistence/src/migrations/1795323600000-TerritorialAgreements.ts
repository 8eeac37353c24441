import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commitments of a territorial agreement in force, one row each, as the parties signed
 * them (NdA PTM art. 10-11). The Fund ledger posts them later and stamps ledger_posted_at,
 * so an unposted commitment is always findable.
 *
 * Deadlines lose their uniqueness on (case, rule, start day): an agreement legitimately runs
 * the same rule twice from one day (a second signature round sent the day of a refusal, two
 * commitments due on the same date). A deadline is identified by its id, derived from the
 * workflow's deadline path, which already keeps retries from writing it twice.
 */
export class TerritorialAgreements1795323600000 implements MigrationInterface {
  name = 'TerritorialAgreements1795323600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_commitments (
        id uuid PRIMARY KEY,
        agreement_case_id uuid NOT NULL REFERENCES cases (id),
        position smallint NOT NULL CHECK (position >= 0),
        party text NOT NULL CHECK (party = 'cmm' OR party ~ '^[0-9]{6}$'),
        kind text NOT NULL CHECK (kind IN ('fund-contribution', 'diffusion-balancing', 'obligation')),
        legal_basis text,
        amount_cents bigint CHECK (amount_cents IS NULL OR amount_cents >= 0),
        description text NOT NULL,
        due_date date,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        ledger_posted_at timestamptz,
        CHECK (kind <> 'fund-contribution' OR (legal_basis IS NOT NULL AND amount_cents IS NOT NULL)),
        UNIQUE (agreement_case_id, position)
      )`);
    await q.query(
      'CREATE INDEX agreement_commitments_unposted_idx ON agreement_commitments (agreement_case_id) WHERE ledger_posted_at IS NULL',
    );
    await q.query('ALTER TABLE deadlines DROP CONSTRAINT deadlines_case_id_rule_id_starts_on_key');
    await q.query('CREATE INDEX deadlines_case_rule_idx ON deadlines (case_id, rule_id, starts_on)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deadlines_case_rule_idx');
    await q.query('ALTER TABLE deadlines ADD CONSTRAINT deadlines_case_id_rule_id_starts_on_key UNIQUE (case_id, rule_id, starts_on)');
    await q.query('DROP TABLE agreement_commitments');
  }
}
