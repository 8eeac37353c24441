import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer links sent with conference convocations: one row per link issued, so the API can
 * take each link once (used_at) even though the token itself stays valid until the session ends.
 */
export class ConferenceAnswerLinks1795334400000 implements MigrationInterface {
  name = 'ConferenceAnswerLinks1795334400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conference_answer_links (
        jti uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        session_id text NOT NULL,
        istat_code char(6) NOT NULL REFERENCES municipalities (istat_code),
        sequence integer NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_answer text
      )`);
    await q.query('CREATE INDEX conference_answer_links_case_idx ON conference_answer_links (case_id, session_id, istat_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE conference_answer_links');
  }
}
