import type { DataSource } from 'typeorm';
import { DeadlineEntity, type DeadlineStatus } from '../entities/deadline.entity';
import type { MunicipalityScope } from './case.repository';
import { nameBasedUuid } from '../name-based-uuid';

/** Deadline ids in workflows are readable paths; the read model keys them by a stable UUID. */
export const deadlineUuid = (deadlineId: string): string => nameBasedUuid('cmm-deadline', deadlineId);

export interface DashboardDeadline {
  id: string;
  caseId: string;
  caseReference: string;
  caseTitle: string;
  istatCode: string | null;
  ruleId: string;
  labelIt: string;
  labelEn: string;
  dueDate: string | null;
  dueAt: Date | null;
  internalTarget: string | null;
  status: DeadlineStatus;
  legalSource: string;
}

export type DeadlineUpsert = Omit<DeadlineEntity, 'updatedAt'>;

export class DeadlineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Written by activities each time the legal calendar recomputes a term. */
  async upsert(deadline: DeadlineUpsert): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DeadlineEntity)
      .values({ ...deadline, updatedAt: new Date() })
      .orUpdate(
        ['due_date', 'due_at', 'internal_target', 'status', 'suspensions', 'label_it', 'label_en', 'legal_source', 'updated_at'],
        ['id'],
      )
      .execute();
  }

  async setStatus(id: string, status: DeadlineStatus): Promise<void> {
    await this.dataSource.getRepository(DeadlineEntity).update({ id }, { status, updatedAt: new Date() });
  }

  forCase(caseId: string): Promise<DeadlineEntity[]> {
    return this.dataSource.getRepository(DeadlineEntity).find({ where: { caseId }, order: { dueAt: 'ASC' } });
  }

  /**
   * The officer dashboard: the nearest deadlines across all cases (open ones unless a
   * status is asked), served by the partial index on open deadlines.
   */
  async nearest(options: {
    scope: MunicipalityScope;
    dueBefore?: Date;
    status?: DeadlineStatus;
    limit: number;
  }): Promise<DashboardDeadline[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (options.status) {
      params.push(options.status);
      where.push(`d.status = $${params.length}`);
    } else {
      where.push(`d.status IN ('running', 'suspended')`);
    }
    if (options.dueBefore) {
      params.push(options.dueBefore);
      where.push(`d.due_at < $${params.length}`);
    }
    if (options.scope) {
      params.push(options.scope);
      where.push(
        `(c.istat_code = $${params.length} OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = $${params.length}))`,
      );
    }
    params.push(options.limit);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT d.id, d.case_id, c.reference, c.title, c.istat_code, d.rule_id, d.label_it, d.label_en,
              to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.due_at, to_char(d.internal_target, 'YYYY-MM-DD') AS internal_target,
              d.status, d.legal_source
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE ${where.join(' AND ')} AND d.due_at IS NOT NULL
        ORDER BY d.due_at, d.id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id as string,
      caseId: row.case_id as string,
      caseReference: row.reference as string,
      caseTitle: row.title as string,
      istatCode: (row.istat_code as string | null) ?? null,
      ruleId: row.rule_id as string,
      labelIt: row.label_it as string,
      labelEn: row.label_en as string,
      dueDate: row.due_date as string | null,
      dueAt: row.due_at as Date | null,
      internalTarget: row.internal_target as string | null,
      status: row.status as DeadlineStatus,
      legalSource: row.legal_source as string,
    }));
  }
}
