import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commitments of a territorial agreement in force, one row each, as the parties signed
 * them (NdA PTM art. 10-11). The Fund ledger posts them later and stamps ledger_posted_at,
 * so an unposted commitment is always findable.
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
    await q.query('CREATE INDEX agreement_commitments_unposted_idx ON agreement_commitments (agreement_case_id) WHERE ledger_posted_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agreement_commitments');
  }
}
