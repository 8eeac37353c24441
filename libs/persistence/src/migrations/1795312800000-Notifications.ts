import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox: a notification and its per-recipient
 * deliveries are written in the producer's transaction; the notifier relays them to the
 * queue, records every SMTP attempt and every PEC receipt. Attempts and receipts are
 * evidence (when a notice reached a municipality), so they are append-only like the timeline.
 */
export class Notifications1795312800000 implements MigrationInterface {
  name = 'Notifications1795312800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 500),
        case_id uuid REFERENCES cases (id),
        workflow_id text,
        template_id text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('it', 'en')),
        channel text NOT NULL CHECK (channel IN ('email', 'pec')),
        data jsonb NOT NULL,
        calendar jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        relay_claimed_until timestamptz,
        relay_attempts integer NOT NULL DEFAULT 0
      )`);
    // The relay's work list: only rows still waiting, oldest first.
    await q.query('CREATE INDEX notifications_pending_idx ON notifications (created_at, id) WHERE relayed_at IS NULL');
    await q.query('CREATE INDEX notifications_case_idx ON notifications (case_id, created_at) WHERE case_id IS NOT NULL');
    await q.query('CREATE INDEX notifications_created_idx ON notifications (created_at DESC, id DESC)');

    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notifications (id),
        position integer NOT NULL CHECK (position >= 0),
        recipient_address text NOT NULL,
        recipient_name text,
        recipient_istat_code text,
        recipient_role text,
        message_id text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending', 'queued', 'sent', 'accepted', 'delivered', 'failed', 'bounced')),
        status_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        signal_state text NOT NULL DEFAULT 'none' CHECK (signal_state IN ('none', 'pending', 'sent', 'dropped')),
        signal_attempts integer NOT NULL DEFAULT 0,
        signal_next_at timestamptz,
        UNIQUE (notification_id, position)
      )`);
    await q.query('CREATE INDEX notification_deliveries_notification_idx ON notification_deliveries (notification_id, position)');
    // The relay's sweep for deliveries whose queue job was lost (e.g. Redis restored from an old file).
    await q.query(
      `CREATE INDEX notification_deliveries_open_idx ON notification_deliveries (status_at) WHERE status IN ('pending', 'queued')`,
    );
    await q.query(
      `CREATE INDEX notification_deliveries_signal_idx ON notification_deliveries (signal_next_at) WHERE signal_state = 'pending'`,
    );

    await q.query(`
      CREATE TABLE notification_attempts (
        delivery_id uuid NOT NULL REFERENCES notification_deliveries (id),
        attempt integer NOT NULL CHECK (attempt >= 1),
        started_at timestamptz NOT NULL,
        worker text NOT NULL,
        message_id text NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    // The outcome is a row of its own so attempts stay append-only: a crash between the send
    // and this row leaves an attempt without outcome, which the next run reports as ambiguous.
    await q.query(`
      CREATE TABLE notification_attempt_outcomes (
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        finished_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'temporary-failure', 'permanent-failure', 'ambiguous')),
        smtp_code integer,
        smtp_response text,
        PRIMARY KEY (delivery_id, attempt),
        FOREIGN KEY (delivery_id, attempt) REFERENCES notification_attempts (delivery_id, attempt)
      )`);

    await q.query(`
      CREATE TABLE notification_receipts (
        id uuid PRIMARY KEY,
        receipt_message_id text NOT NULL UNIQUE,
        delivery_id uuid REFERENCES notification_deliveries (id),
        kind text NOT NULL,
        referenced_message_id text NOT NULL,
        issued_at timestamptz,
        recipient text,
        error text,
        error_detail text,
        provider text,
        provider_message_id text,
        raw_sha256 char(64) NOT NULL,
        document_id uuid REFERENCES documents (id),
        received_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX notification_receipts_delivery_idx ON notification_receipts (delivery_id, received_at) WHERE delivery_id IS NOT NULL',
    );

    // What the officer dashboard reads when a notice could not be delivered.
    await q.query(`
      CREATE TABLE notification_alerts (
        id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL UNIQUE REFERENCES notification_deliveries (id),
        case_id uuid REFERENCES cases (id),
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text
      )`);
    await q.query('CREATE INDEX notification_alerts_open_idx ON notification_alerts (created_at) WHERE acknowledged_at IS NULL');

    for (const table of ['notification_attempts', 'notification_attempt_outcomes', 'notification_receipts']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notification_alerts',
      'notification_receipts',
      'notification_attempt_outcomes',
      'notification_attempts',
      'notification_deliveries',
      'notifications',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
