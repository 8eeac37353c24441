import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CMM's PEC mailbox read over IMAP. `pec_mailbox_cursors` is how far each folder has been
 * read (per UIDVALIDITY: a new one means the UIDs were renumbered and the folder is read
 * again). `pec_inbound_messages` holds every message taken from the mailbox, once: unique by
 * the envelope's Message-ID and by its place in the mailbox, with what became of it
 * (receipt handed to the receipt flow, filed to a case, waiting in triage, archived,
 * quarantined with the reason). `pec_workflow_updates` is the outbox of what a filed PEC
 * tells a case's workflow (e.g. an integration answer), written with the filing.
 */
export class PecMailbox1795366800000 implements MigrationInterface {
  name = 'PecMailbox1795366800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pec_mailbox_cursors (
        mailbox text NOT NULL,
        folder text NOT NULL,
        uid_validity bigint NOT NULL CHECK (uid_validity > 0),
        last_uid bigint NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox, folder)
      )`);
    await q.query(`
      CREATE TABLE pec_inbound_messages (
        id uuid PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        mailbox text NOT NULL,
        folder text NOT NULL,
        uid_validity bigint NOT NULL,
        uid bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('receipt', 'certified', 'malformed')),
        status text NOT NULL CHECK (status IN ('receipt', 'filed', 'triage', 'archived', 'quarantined')),
        -- Why it waits or was quarantined, in Italian and English: officers read it ({"it": …, "en": …}).
        reason jsonb CHECK (reason IS NULL OR (jsonb_typeof(reason->'it') = 'string' AND jsonb_typeof(reason->'en') = 'string')),
        sender text,
        istat_code char(6) REFERENCES municipalities (istat_code),
        subject text,
        certified_sent_at timestamptz,
        provider_message_id text,
        registry_entry_id uuid REFERENCES registry_entries (id),
        case_id uuid REFERENCES cases (id),
        storage_key text NOT NULL,
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        received_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        filed_by text,
        filed_at timestamptz,
        archived_by text,
        archived_at timestamptz,
        archive_reason text,
        UNIQUE (mailbox, folder, uid_validity, uid),
        CHECK (status <> 'filed' OR case_id IS NOT NULL),
        CHECK (status <> 'archived' OR (archived_by IS NOT NULL AND archive_reason IS NOT NULL)),
        CHECK (status <> 'quarantined' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX pec_inbound_messages_status_idx ON pec_inbound_messages (status, stored_at, id)`);
    await q.query(`CREATE INDEX pec_inbound_messages_case_idx ON pec_inbound_messages (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE pec_workflow_updates (
        id uuid PRIMARY KEY REFERENCES pec_inbound_messages (id),
        case_id uuid NOT NULL REFERENCES cases (id),
        workflow_id text NOT NULL,
        update_name text NOT NULL,
        args jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'refused')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`);
    await q.query(`CREATE INDEX pec_workflow_updates_pending_idx ON pec_workflow_updates (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pec_workflow_updates');
    await q.query('DROP TABLE pec_inbound_messages');
    await q.query('DROP TABLE pec_mailbox_cursors');
  }
}
