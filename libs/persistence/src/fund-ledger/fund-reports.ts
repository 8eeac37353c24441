import type { DataSource } from 'typeorm';
import type { AccountPurposeId, FundSection, FundUnit } from './fund-ledger.types';

export interface BalanceRow {
  /** ISTAT code, or null for the Città metropolitana. */
  istatCode: string | null;
  municipality: string;
  section: FundSection;
  purpose: AccountPurposeId;
  unit: FundUnit;
  /** On the account's normal side, in the unit (cents, buildings, m²). */
  balance: number;
}

export interface OverdueCommitmentRow {
  commitmentId: string;
  istatCode: string | null;
  municipality: string;
  kind: string;
  legalBasis: string | null;
  description: string;
  dueDate: string;
  amountCents: number;
  paidCents: number;
  outstandingCents: number;
  caseId: string | null;
  actReference: string;
}

const holderName = (name: unknown) => (typeof name === 'string' ? name : 'Città metropolitana di Milano');

/** What the Fund's reports read: balances at a date, overdue commitments. */
export class FundReports {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Balances per holder, section and account at the end of a Rome civil day, by the value
   * date of the acts (act_date), with every posting known now (including later reversals
   * dated on or before that day). `istatCode` undefined: every holder.
   */
  async balancesOn(on: string, istatCode?: string): Promise<BalanceRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.istat_code, m.name, a.section, a.purpose, a.unit,
              sum(CASE WHEN e.side = a.normal_side THEN e.amount ELSE -e.amount END) AS balance
         FROM fund_accounts a
         JOIN fund_entries e ON e.account_id = a.id
         JOIN fund_transactions t ON t.id = e.transaction_id
         LEFT JOIN municipalities m ON m.istat_code = a.istat_code
        WHERE t.act_date <= $1 AND ($2::char(6) IS NULL OR a.istat_code = $2)
        GROUP BY a.id, a.istat_code, m.name, a.section, a.purpose, a.unit
        ORDER BY a.istat_code NULLS FIRST, a.section, a.purpose`,
      [on, istatCode ?? null],
    );
    return rows.map((r) => ({
      istatCode: r.istat_code as string | null,
      municipality: holderName(r.name),
      section: r.section as FundSection,
      purpose: r.purpose as AccountPurposeId,
      unit: r.unit as FundUnit,
      balance: Number(r.balance),
    }));
  }

  /**
   * How much of one commitment of a case's act has been paid: the commitment at `position` of
   * the case's posting that was not reversed. Null when there is none (nothing was posted, or
   * it was reversed). `amountCents` null: an obligation that is not an amount of money.
   */
  async commitmentSettlement(caseId: string, position: number): Promise<{ amountCents: number | null; paidCents: number } | null> {
    const [row]: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.amount_cents,
              coalesce((SELECT sum(CASE WHEN e.side = 'credit' THEN e.amount ELSE -e.amount END)
                          FROM fund_transactions p JOIN fund_entries e ON e.transaction_id = p.id JOIN fund_accounts a ON a.id = e.account_id
                         WHERE p.commitment_id = c.id AND a.purpose = 'commitments'), 0) AS paid
         FROM fund_commitments c JOIN fund_transactions t ON t.id = c.transaction_id
        WHERE t.case_id = $1 AND c.position = $2 AND t.reverses IS NULL
          AND NOT EXISTS (SELECT 1 FROM fund_transactions r WHERE r.reverses = t.id)
        ORDER BY t.posted_at LIMIT 1`,
      [caseId, position],
    );
    if (!row) return null;
    return { amountCents: row.amount_cents === null ? null : Number(row.amount_cents), paidCents: Number(row.paid) };
  }

  /** Commitments whose due date is before `on` and that are not fully paid by then (nor cancelled). */
  async overdueCommitments(on: string, istatCode?: string): Promise<OverdueCommitmentRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT c.id, c.istat_code, m.name, c.kind, c.legal_basis, c.description, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.amount_cents,
                coalesce((SELECT sum(CASE WHEN e.side = 'credit' THEN e.amount ELSE -e.amount END)
                            FROM fund_transactions p JOIN fund_entries e ON e.transaction_id = p.id JOIN fund_accounts a ON a.id = e.account_id
                           WHERE p.commitment_id = c.id AND a.purpose = 'commitments' AND p.act_date <= $1), 0) AS paid,
                t.case_id, t.act_reference
           FROM fund_commitments c
           JOIN fund_transactions t ON t.id = c.transaction_id
           LEFT JOIN municipalities m ON m.istat_code = c.istat_code
          WHERE c.amount_cents IS NOT NULL AND c.due_date < $1
            AND NOT EXISTS (SELECT 1 FROM fund_transactions r WHERE r.reverses = t.id AND r.act_date <= $1)
            AND ($2::char(6) IS NULL OR c.istat_code = $2)
       ) x WHERE x.paid < x.amount_cents
       ORDER BY x.due_date, x.istat_code NULLS FIRST, x.id`,
      [on, istatCode ?? null],
    );
    return rows.map((r) => ({
      commitmentId: r.id as string,
      istatCode: r.istat_code as string | null,
      municipality: holderName(r.name),
      kind: r.kind as string,
      legalBasis: r.legal_basis as string | null,
      description: r.description as string,
      dueDate: r.due_date as string,
      amountCents: Number(r.amount_cents),
      paidCents: Number(r.paid),
      outstandingCents: Number(r.amount_cents) - Number(r.paid),
      caseId: r.case_id as string | null,
      actReference: r.act_reference as string,
    }));
  }
}
