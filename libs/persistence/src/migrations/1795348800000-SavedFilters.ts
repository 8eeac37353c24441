import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Filters a user saved on a page of the web application (Scadenze, Pratiche), by name. Keyed
 * by the token subject, not the users row, so a user keeps them across role changes.
 */
export class SavedFilters1795348800000 implements MigrationInterface {
  name = 'SavedFilters1795348800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_filters (
        subject text NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        page text NOT NULL,
        query jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE saved_filters');
  }
}
