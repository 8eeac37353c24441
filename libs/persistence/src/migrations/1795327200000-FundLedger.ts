import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Fondo perequativo metropolitano as a double-entry ledger (NdA PTM art. 11; Relazione
 * generale §4.4-4.5). The database itself keeps the invariants, so no code path (a later
 * script, a hand-written fix) can break them:
 * - per transaction and unit, debits equal credits (checked at commit: a deferred trigger);
 * - transactions, entries, commitments and buildings are never changed or removed
 *   (corrections are reversing transactions);
 * - accounts that must not go negative (a municipality's soil quota, the Fund's cash) are
 *   checked at commit under a row lock on the account.
 */
export class FundLedger1795327200000 implements MigrationInterface {
  name = 'FundLedger1795327200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fund_accounts (
        id uuid PRIMARY KEY,
        istat_code char(6) REFERENCES municipalities (istat_code),
        section text NOT NULL CHECK (section IN ('financial', 'real-estate', 'soil')),
        purpose text NOT NULL,
        unit text NOT NULL,
        normal_side text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
        non_negative boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((section, unit) IN (('financial', 'EUR-cent'), ('real-estate', 'building'), ('soil', 'm2')))
      )`);
    // One account per holder (a municipality, or CMM when istat_code is null), section and purpose.
    await q.query(`CREATE UNIQUE INDEX fund_accounts_holder_idx ON fund_accounts (coalesce(istat_code, 'cmm'), section, purpose)`);

    await q.query(`
      CREATE TABLE fund_transactions (
        id uuid PRIMARY KEY,
        act_type text NOT NULL,
        act_reference text NOT NULL CHECK (length(trim(act_reference)) > 0),
        act_date date NOT NULL,
        case_id uuid REFERENCES cases (id),
        protocol_number text,
        description text NOT NULL,
        commitment_id uuid,
        reverses uuid UNIQUE REFERENCES fund_transactions (id),
        idempotency_key text NOT NULL UNIQUE,
        posted_by text NOT NULL,
        posted_at timestamptz NOT NULL DEFAULT now(),
        CHECK (case_id IS NOT NULL OR protocol_number IS NOT NULL)
      )`);
    await q.query('CREATE INDEX fund_transactions_case_idx ON fund_transactions (case_id)');
    await q.query('CREATE INDEX fund_transactions_commitment_idx ON fund_transactions (commitment_id) WHERE commitment_id IS NOT NULL');

    await q.query(`
      CREATE TABLE fund_entries (
        id bigserial PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES fund_transactions (id),
        account_id uuid NOT NULL REFERENCES fund_accounts (id),
        side text NOT NULL CHECK (side IN ('debit', 'credit')),
        amount bigint NOT NULL CHECK (amount > 0)
      )`);
    await q.query('CREATE INDEX fund_entries_account_idx ON fund_entries (account_id, transaction_id)');
    await q.query('CREATE INDEX fund_entries_transaction_idx ON fund_entries (transaction_id)');

    await q.query(`
      CREATE TABLE fund_commitments (
        id uuid PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES fund_transactions (id),
        position int NOT NULL,
        istat_code char(6) REFERENCES municipalities (istat_code),
        kind text NOT NULL CHECK (kind IN ('fund-contribution', 'diffusion-balancing', 'obligation')),
        legal_basis text,
        amount_cents bigint CHECK (amount_cents > 0),
        description text NOT NULL,
        due_date date,
        UNIQUE (transaction_id, position),
        CHECK (kind <> 'fund-contribution' OR (legal_basis IS NOT NULL AND amount_cents IS NOT NULL))
      )`);
    await q.query('ALTER TABLE fund_transactions ADD FOREIGN KEY (commitment_id) REFERENCES fund_commitments (id)');
    await q.query('CREATE INDEX fund_commitments_due_idx ON fund_commitments (due_date) WHERE amount_cents IS NOT NULL');

    await q.query(`
      CREATE TABLE fund_buildings (
        id uuid PRIMARY KEY,
        transaction_id uuid NOT NULL UNIQUE REFERENCES fund_transactions (id),
        istat_code char(6) NOT NULL REFERENCES municipalities (istat_code),
        description text NOT NULL,
        address text NOT NULL,
        cadastral_reference text NOT NULL,
        floor_area_m2 numeric(12, 2) NOT NULL CHECK (floor_area_m2 > 0),
        estimated_value_cents bigint CHECK (estimated_value_cents >= 0),
        documents jsonb NOT NULL DEFAULT '[]'
      )`);

    for (const table of ['fund_transactions', 'fund_entries', 'fund_commitments', 'fund_buildings']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }

    // Checked once per entry at commit; every entry of a transaction re-checks the whole
    // transaction, which is a handful of rows.
    await q.query(`
      CREATE FUNCTION fund_check_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unbalanced record;
        acct record;
        balance bigint;
      BEGIN
        SELECT a.unit, sum(CASE WHEN e.side = 'debit' THEN e.amount ELSE -e.amount END) AS diff INTO unbalanced
          FROM fund_entries e JOIN fund_accounts a ON a.id = e.account_id
         WHERE e.transaction_id = NEW.transaction_id
         GROUP BY a.unit HAVING sum(CASE WHEN e.side = 'debit' THEN e.amount ELSE -e.amount END) <> 0
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'fund transaction % does not balance in %: debits - credits = %', NEW.transaction_id, unbalanced.unit, unbalanced.diff
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fund_double_entry';
        END IF;
        -- The lock makes two committing transactions check one after the other, each seeing
        -- the other's entries (READ COMMITTED takes a new snapshot per statement).
        SELECT id, normal_side, non_negative INTO acct FROM fund_accounts WHERE id = NEW.account_id FOR UPDATE;
        IF acct.non_negative THEN
          SELECT coalesce(sum(CASE WHEN e.side = acct.normal_side THEN e.amount ELSE -e.amount END), 0) INTO balance
            FROM fund_entries e WHERE e.account_id = NEW.account_id;
          IF balance < 0 THEN
            RAISE EXCEPTION 'fund account % would go negative: %', NEW.account_id, balance
              USING ERRCODE = 'check_violation', CONSTRAINT = 'fund_non_negative_balance';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER fund_entries_check AFTER INSERT ON fund_entries
                   DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fund_check_entry()`);

    // Soil-quota exchanges between adhering municipalities: a small state machine whose rows
    // do change (proposed → accepted → registered); the ledger transaction it leads to does not.
    await q.query(`
      CREATE TABLE fund_soil_exchanges (
        id uuid PRIMARY KEY,
        from_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
        to_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
        proposer_istat char(6) NOT NULL REFERENCES municipalities (istat_code),
        square_metres bigint NOT NULL CHECK (square_metres > 0),
        act_reference text NOT NULL,
        act_date date NOT NULL,
        note text NOT NULL DEFAULT '',
        state text NOT NULL CHECK (state IN ('proposed', 'accepted', 'registered', 'declined', 'withdrawn', 'rejected')),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        accepted_by text,
        accepted_at timestamptz,
        acceptance_act_reference text,
        closed_by text,
        closed_at timestamptz,
        closing_reason text,
        transaction_id uuid UNIQUE REFERENCES fund_transactions (id),
        protocol_number text,
        CHECK (from_istat <> to_istat),
        CHECK (proposer_istat IN (from_istat, to_istat)),
        CHECK ((state = 'registered') = (transaction_id IS NOT NULL))
      )`);
    await q.query('CREATE INDEX fund_soil_exchanges_from_idx ON fund_soil_exchanges (from_istat, proposed_at)');
    await q.query('CREATE INDEX fund_soil_exchanges_to_idx ON fund_soil_exchanges (to_istat, proposed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fund_soil_exchanges');
    await q.query('DROP TRIGGER fund_entries_check ON fund_entries');
    await q.query('DROP FUNCTION fund_check_entry()');
    await q.query('ALTER TABLE fund_transactions DROP CONSTRAINT IF EXISTS fund_transactions_commitment_id_fkey');
    for (const table of ['fund_buildings', 'fund_commitments', 'fund_entries', 'fund_transactions', 'fund_accounts'])
      await q.query(`DROP TABLE ${table}`);
  }
}
