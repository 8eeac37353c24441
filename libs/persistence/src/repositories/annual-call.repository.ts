import type { DataSource, EntityManager } from 'typeorm';
import { CALL_NOTICE_TEMPLATES, notifiedOfCallSql } from './case.repository';

export interface AnnualCallRow {
  year: number;
  caseId: string;
  workflowId: string;
  criteria: unknown;
  openedAt: Date;
}

export interface CallListRow {
  caseId: string;
  reference: string;
  year: number;
  state: string;
  openedAt: Date;
  closedAt: Date | null;
}

export interface NewProposalRow {
  caseId: string;
  proposalId: string;
  istatCode: string;
  kind: string;
  title: string;
  description: string;
  costCents: number;
  cofinancingCents: number;
  location: string;
  sttm: number[];
  registryEntryId: string;
  submittedAt: Date;
}

/** The calls by year and their proposals (NdA PTM art. 14). */
export class AnnualCallRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the year for a call; the first claim wins and later ones get its row, so two
   * starts of the same year (the Schedule and an officer) open one call.
   */
  async claimYear(call: AnnualCallRow, manager: EntityManager = this.dataSource.manager): Promise<AnnualCallRow> {
    await manager.query(
      `INSERT INTO annual_calls (year, case_id, workflow_id, criteria, opened_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year) DO NOTHING`,
      [call.year, call.caseId, call.workflowId, JSON.stringify(call.criteria), call.openedAt],
    );
    return (await this.forYear(call.year, manager)) as AnnualCallRow;
  }

  async forYear(year: number, manager: EntityManager = this.dataSource.manager): Promise<AnnualCallRow | null> {
    const [row] = await manager.query('SELECT year, case_id, workflow_id, criteria, opened_at FROM annual_calls WHERE year = $1', [year]);
    return row
      ? { year: Number(row.year), caseId: row.case_id, workflowId: row.workflow_id, criteria: row.criteria, openedAt: row.opened_at }
      : null;
  }

  /**
   * The calls, newest year first. A municipality (`istatCode`) sees those it proposed to and
   * those whose notice it was sent; CMM's staff (null) all of them.
   */
  async list(istatCode: string | null): Promise<CallListRow[]> {
    const rows: { case_id: string; reference: string; year: number; state: string; opened_at: Date; closed_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT a.case_id, c.reference, a.year, c.state, c.opened_at, c.closed_at
         FROM annual_calls a JOIN cases c ON c.id = a.case_id
        WHERE $1::text IS NULL
           OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = $1)
           OR ${notifiedOfCallSql('c.id', '$1', '$2')}
        ORDER BY a.year DESC`,
        [istatCode, [...CALL_NOTICE_TEMPLATES]],
      );
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      year: Number(r.year),
      state: r.state,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
    }));
  }

  async forCase(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<AnnualCallRow | null> {
    const [row] = await manager.query('SELECT year FROM annual_calls WHERE case_id = $1', [caseId]);
    return row ? this.forYear(Number(row.year), manager) : null;
  }

  async addProposal(p: NewProposalRow, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO annual_call_proposals (case_id, proposal_id, istat_code, kind, title, description, cost_cents, cofinancing_cents, location, sttm, registry_entry_id, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::smallint[], $11, $12) ON CONFLICT DO NOTHING`,
      [
        p.caseId,
        p.proposalId,
        p.istatCode,
        p.kind,
        p.title,
        p.description,
        p.costCents,
        p.cofinancingCents,
        p.location,
        p.sttm,
        p.registryEntryId,
        p.submittedAt,
      ],
    );
  }

  /** A correction: the row holds the proposal as it stands now (the registry keeps each version). */
  async amendProposal(p: Omit<NewProposalRow, 'istatCode' | 'registryEntryId' | 'submittedAt'>, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE annual_call_proposals SET kind = $3, title = $4, description = $5, cost_cents = $6, cofinancing_cents = $7, location = $8, sttm = $9::smallint[]
        WHERE case_id = $1 AND proposal_id = $2`,
      [p.caseId, p.proposalId, p.kind, p.title, p.description, p.costCents, p.cofinancingCents, p.location, p.sttm],
    );
  }

  /** The outcome of the evaluation on each proposal: eligibility, points and position (null when not ranked). */
  async recordOutcome(
    caseId: string,
    outcomes: { proposalId: string; eligible: boolean; weightedPoints: number | null; position: number | null }[],
    manager: EntityManager,
  ): Promise<void> {
    for (const o of outcomes) {
      await manager.query(
        'UPDATE annual_call_proposals SET eligible = $3, weighted_points = $4, position = $5 WHERE case_id = $1 AND proposal_id = $2',
        [caseId, o.proposalId, o.eligible, o.weightedPoints, o.position],
      );
    }
  }
}
