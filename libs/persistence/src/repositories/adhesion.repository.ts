import type { DataSource, EntityManager } from 'typeorm';

export interface AdhesionRecord {
  id: string;
  caseId: string;
  istatCode: string;
  sttm: number[];
  adhesionCase: 'a' | 'b' | 'c' | 'd';
  fund: boolean;
  deliberation: { number: string; date: string };
  /** Rome civil date from which the adhesion counts. */
  effectiveFrom: string;
  registeredBy: string;
}

export interface AdhesionStatus {
  adhering: boolean;
  /** STTM the municipality adheres to on that day (union of its adhesions). */
  sttm: number[];
  /** Whether one of them includes the Fondo perequativo metropolitano. */
  fund: boolean;
}

/**
 * Who adheres to what, on a given day: the annual call and the soil-quota register refuse
 * municipalities that do not (NdA PTM art. 11; Relazione generale §4.5).
 */
export class AdhesionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent on the id: a retried activity finds the row it wrote. */
  async record(adhesion: AdhesionRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO adhesions (id, case_id, istat_code, sttm, adhesion_case, fund, deliberation_number, deliberation_date, effective_from, registered_by)
       VALUES ($1, $2, $3, $4::smallint[], $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [
        adhesion.id,
        adhesion.caseId,
        adhesion.istatCode,
        adhesion.sttm,
        adhesion.adhesionCase,
        adhesion.fund,
        adhesion.deliberation.number,
        adhesion.deliberation.date,
        adhesion.effectiveFrom,
        adhesion.registeredBy,
      ],
    );
  }

  async revoke(id: string, on: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('UPDATE adhesions SET revoked_on = $2 WHERE id = $1 AND revoked_on IS NULL', [id, on]);
  }

  /** `on` is a Rome civil date (YYYY-MM-DD). */
  async statusOn(istatCode: string, on: string, manager: EntityManager = this.dataSource.manager): Promise<AdhesionStatus> {
    const [row]: { sttm: number[]; fund: boolean }[] = await manager.query(
      `SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}') AS sttm, coalesce(bool_or(a.fund), false) AS fund
         FROM adhesions a CROSS JOIN LATERAL unnest(a.sttm) AS s
        WHERE a.istat_code = $1 AND a.effective_from <= $2 AND (a.revoked_on IS NULL OR a.revoked_on > $2)`,
      [istatCode, on],
    );
    const sttm = (row?.sttm ?? []).map(Number);
    return { adhering: sttm.length > 0, sttm, fund: row?.fund === true };
  }

  async listForMunicipality(istatCode: string, manager: EntityManager = this.dataSource.manager): Promise<AdhesionRecord[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, case_id, istat_code, sttm, adhesion_case, fund, deliberation_number, to_char(deliberation_date, 'YYYY-MM-DD') AS deliberation_date,
              to_char(effective_from, 'YYYY-MM-DD') AS effective_from, registered_by
         FROM adhesions WHERE istat_code = $1 ORDER BY effective_from, registered_at`,
      [istatCode],
    );
    return rows.map((r) => ({
      id: r.id as string,
      caseId: r.case_id as string,
      istatCode: r.istat_code as string,
      sttm: (r.sttm as number[]).map(Number),
      adhesionCase: r.adhesion_case as AdhesionRecord['adhesionCase'],
      fund: r.fund as boolean,
      deliberation: { number: r.deliberation_number as string, date: r.deliberation_date as string },
      effectiveFrom: r.effective_from as string,
      registeredBy: r.registered_by as string,
    }));
  }
}
