import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases that involve several municipalities (a concertation conference, a territorial
 * agreement, an annual call) name them as parties: a party's users see the case as their
 * own. Adhesions record which municipality adheres to which STTM and to the Fund: other
 * procedures ask it before accepting a proposal or a soil-quota exchange.
 */
export class CasePartiesAndAdhesions1795320000000 implements MigrationInterface {
  name = 'CasePartiesAndAdhesions1795320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_parties (
        case_id uuid NOT NULL REFERENCES cases (id),
        istat_code char(6) NOT NULL REFERENCES municipalities (istat_code),
        role text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, istat_code)
      )`);
    await q.query('CREATE INDEX case_parties_municipality_idx ON case_parties (istat_code, case_id)');
    await q.query(`
      CREATE TABLE adhesions (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        istat_code char(6) NOT NULL REFERENCES municipalities (istat_code),
        sttm smallint[] NOT NULL CHECK (cardinality(sttm) > 0 AND sttm <@ ARRAY[1, 2, 3]::smallint[]),
        adhesion_case char(1) NOT NULL CHECK (adhesion_case IN ('a', 'b', 'c', 'd')),
        fund boolean NOT NULL,
        deliberation_number text NOT NULL,
        deliberation_date date NOT NULL,
        effective_from date NOT NULL,
        revoked_on date,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        CHECK (revoked_on IS NULL OR revoked_on >= effective_from)
      )`);
    await q.query('CREATE UNIQUE INDEX adhesions_case_idx ON adhesions (case_id)');
    await q.query('CREATE INDEX adhesions_municipality_idx ON adhesions (istat_code, effective_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE adhesions');
    await q.query('DROP TABLE case_parties');
  }
}
