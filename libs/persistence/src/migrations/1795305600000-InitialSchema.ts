import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795305600000 implements MigrationInterface {
  name = 'InitialSchema1795305600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE municipalities (
        istat_code char(6) PRIMARY KEY CHECK (istat_code ~ '^[0-9]{6}$'),
        name text NOT NULL,
        zone text,
        pec text,
        mayor_office_email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE system_probes (
        probe_id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        requested_at timestamptz NOT NULL,
        requested_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        worker_identity text NOT NULL,
        request_id text
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE system_probes');
    await queryRunner.query('DROP TABLE municipalities');
  }
}
