import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the procedures' activities need: a receipt per side effect (a retried activity finds
 * the receipt and does nothing twice) and the address of whoever submitted a case, used
 * when the municipality has no PEC on file yet.
 */
export class ProcedureActivities1795316400000 implements MigrationInterface {
  name = 'ProcedureActivities1795316400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity_receipts (
        idempotency_key text PRIMARY KEY,
        result jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('ALTER TABLE cases ADD COLUMN contact_email text');
    // Files uploaded before the submission that will reference them (upload, then submit).
    await q.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY,
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL,
        content_type text NOT NULL,
        filename text NOT NULL,
        storage_key text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        uploaded_by text NOT NULL,
        istat_code char(6) REFERENCES municipalities (istat_code),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX uploads_uploader_idx ON uploads (istat_code, uploaded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE uploads');
    await q.query('ALTER TABLE cases DROP COLUMN contact_email');
    await q.query('DROP TABLE activity_receipts');
  }
}
