import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform every procedure uses: users, cases, deadlines, the append-only timeline,
 * documents with versions, and the protocol registry. Immutability (timeline, registry)
 * is enforced by the database itself, so no code path can rewrite history.
 */
export class CasePlatform1795309200000 implements MigrationInterface {
  name = 'CasePlatform1795309200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await q.query(`
      CREATE TABLE users (
        subject text PRIMARY KEY,
        name text NOT NULL,
        email text,
        role text NOT NULL CHECK (role IN ('officer', 'manager', 'comune', 'mayor_office', 'admin')),
        istat_code char(6) REFERENCES municipalities (istat_code),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role IN ('comune', 'mayor_office')) = (istat_code IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        reference text NOT NULL UNIQUE,
        title text NOT NULL,
        istat_code char(6) REFERENCES municipalities (istat_code),
        state text NOT NULL,
        phase text,
        workflow_id text NOT NULL UNIQUE,
        parent_case_id uuid REFERENCES cases (id),
        business_key text UNIQUE,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', reference || ' ' || title)) STORED
      )`);
    // Keyset pagination walks (opened_at, id) newest first, within the usual filters.
    await q.query('CREATE INDEX cases_opened_idx ON cases (opened_at DESC, id DESC)');
    await q.query('CREATE INDEX cases_municipality_opened_idx ON cases (istat_code, opened_at DESC, id DESC)');
    await q.query('CREATE INDEX cases_type_state_opened_idx ON cases (type, state, opened_at DESC, id DESC)');
    await q.query('CREATE INDEX cases_parent_idx ON cases (parent_case_id) WHERE parent_case_id IS NOT NULL');
    await q.query('CREATE INDEX cases_search_idx ON cases USING gin (search)');

    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        rule_id text NOT NULL,
        label_it text NOT NULL,
        label_en text NOT NULL,
        starts_on date NOT NULL,
        due_date date,
        due_at timestamptz,
        internal_target date,
        status text NOT NULL CHECK (status IN ('running', 'suspended', 'met', 'expired', 'cancelled')),
        suspensions jsonb NOT NULL DEFAULT '[]',
        legal_source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, rule_id, starts_on)
      )`);
    // The officer dashboard: the nearest open deadlines across all cases.
    await q.query(`CREATE INDEX deadlines_open_due_idx ON deadlines (due_at, id) WHERE status IN ('running', 'suspended')`);
    await q.query('CREATE INDEX deadlines_case_idx ON deadlines (case_id)');
    await q.query('CREATE INDEX deadlines_status_due_idx ON deadlines (status, due_at)');

    await q.query(`
      CREATE TABLE timeline_events (
        case_id uuid NOT NULL REFERENCES cases (id),
        seq integer NOT NULL CHECK (seq >= 1),
        occurred_at timestamptz NOT NULL,
        actor_subject text NOT NULL,
        actor_role text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE TRIGGER timeline_events_append_only BEFORE UPDATE OR DELETE ON timeline_events
                   FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    await q.query(`
      CREATE TABLE registry_counters (
        register text NOT NULL,
        year integer NOT NULL,
        last_number integer NOT NULL CHECK (last_number >= 0),
        PRIMARY KEY (register, year)
      )`);
    await q.query(`
      CREATE TABLE registry_entries (
        id uuid PRIMARY KEY,
        register text NOT NULL,
        year integer NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        registered_at timestamptz NOT NULL,
        registered_on date NOT NULL,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        correspondent text NOT NULL,
        subject text NOT NULL,
        case_id uuid REFERENCES cases (id),
        document_sha256 char(64),
        registered_by text NOT NULL,
        UNIQUE (register, year, number)
      )`);
    await q.query('CREATE INDEX registry_entries_day_idx ON registry_entries (register, registered_on, number)');
    await q.query(`CREATE TRIGGER registry_entries_append_only BEFORE UPDATE OR DELETE ON registry_entries
                   FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`
      CREATE TABLE registry_annulments (
        entry_id uuid PRIMARY KEY REFERENCES registry_entries (id),
        reason text NOT NULL CHECK (length(reason) > 0),
        annulled_at timestamptz NOT NULL,
        annulled_by text NOT NULL
      )`);
    await q.query(`CREATE TRIGGER registry_annulments_append_only BEFORE UPDATE OR DELETE ON registry_annulments
                   FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        kind text NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        UNIQUE (case_id, kind, title)
      )`);
    await q.query('CREATE INDEX documents_case_idx ON documents (case_id, created_at)');
    await q.query(`
      CREATE TABLE document_versions (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        version integer NOT NULL CHECK (version >= 1),
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        content_type text NOT NULL,
        filename text NOT NULL,
        storage_key text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        uploaded_by text NOT NULL,
        registry_entry_id uuid REFERENCES registry_entries (id),
        UNIQUE (document_id, version)
      )`);
    await q.query(`CREATE TRIGGER document_versions_append_only BEFORE UPDATE OR DELETE ON document_versions
                   FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'document_versions',
      'documents',
      'registry_annulments',
      'registry_entries',
      'registry_counters',
      'timeline_events',
      'deadlines',
      'cases',
      'users',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION refuse_change()');
  }
}
