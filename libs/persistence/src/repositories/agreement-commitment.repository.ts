import type { DataSource, EntityManager } from 'typeorm';
import { nameBasedUuid } from '../name-based-uuid';

export interface AgreementCommitmentRecord {
  party: string;
  kind: 'fund-contribution' | 'diffusion-balancing' | 'obligation';
  legalBasis: string | null;
  amountCents: number | null;
  description: string;
  dueDate: string | null;
}

export interface StoredAgreementCommitment extends AgreementCommitmentRecord {
  id: string;
  agreementCaseId: string;
  position: number;
  ledgerPostedAt: Date | null;
}

/** The commitments of agreements in force, waiting for (or already posted to) the Fund ledger. */
export class AgreementCommitmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores an agreement's commitments in their order. The id derives from (case, position),
   * so recording the same agreement again writes nothing new. Returns the rows written.
   */
  async record(
    agreementCaseId: string,
    commitments: readonly AgreementCommitmentRecord[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    let written = 0;
    for (const [position, c] of commitments.entries()) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO agreement_commitments (id, agreement_case_id, position, party, kind, legal_basis, amount_cents, description, due_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          nameBasedUuid('cmm-agreement-commitment', `${agreementCaseId}/${position}`),
          agreementCaseId,
          position,
          c.party,
          c.kind,
          c.legalBasis,
          c.amountCents,
          c.description,
          c.dueDate,
        ],
      );
      written += rows.length;
    }
    return written;
  }

  /** Notes the Fund ledger transaction that posted the agreement's commitments. */
  async markPosted(agreementCaseId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      'UPDATE agreement_commitments SET ledger_posted_at = $2 WHERE agreement_case_id = $1 AND ledger_posted_at IS NULL',
      [agreementCaseId, at],
    );
  }

  async forAgreement(agreementCaseId: string, manager: EntityManager = this.dataSource.manager): Promise<StoredAgreementCommitment[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, agreement_case_id, position, party, kind, legal_basis, amount_cents, description, to_char(due_date, 'YYYY-MM-DD') AS due_date, ledger_posted_at
         FROM agreement_commitments WHERE agreement_case_id = $1 ORDER BY position`,
      [agreementCaseId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      agreementCaseId: r.agreement_case_id as string,
      position: Number(r.position),
      party: r.party as string,
      kind: r.kind as AgreementCommitmentRecord['kind'],
      legalBasis: (r.legal_basis as string | null) ?? null,
      // bigint arrives as text; cents of a municipal budget stay far below 2^53.
      amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
      description: r.description as string,
      dueDate: (r.due_date as string | null) ?? null,
      ledgerPostedAt: (r.ledger_posted_at as Date | null) ?? null,
    }));
  }
}
