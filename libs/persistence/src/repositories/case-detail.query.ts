import type { DataSource } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';
import { DeadlineEntity, type DeadlineStatus, type DeadlineSuspension } from '../entities/deadline.entity';
import type { MunicipalityScope } from './case.repository';

export interface CaseWithDeadlines {
  found: CaseEntity;
  /** Nearest first, as DeadlineRepository.forCase orders them. */
  deadlines: DeadlineEntity[];
}

/**
 * A case and its deadlines in one round trip (GET /cases/:id): on a busy API the second query
 * cost as much as the first, in the pool, on the wire and in the database. The case's columns
 * repeat on each deadline row; a case has a handful of deadlines, so that costs less than a trip.
 * Dates are text, as TypeORM gives them for `date` columns (node-pg would make local-midnight Dates).
 */
export async function findVisibleCaseWithDeadlines(
  dataSource: DataSource,
  scope: MunicipalityScope,
  id: string,
): Promise<CaseWithDeadlines | null> {
  const params: unknown[] = [id];
  let visible = '';
  if (scope) {
    params.push(scope);
    visible = `AND (c.istat_code = $2 OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = $2))`;
  }
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT ${CASE_COLUMNS},
            d.id AS d_id, d.rule_id AS d_rule_id, d.label_it AS d_label_it, d.label_en AS d_label_en,
            to_char(d.starts_on, 'YYYY-MM-DD') AS d_starts_on, to_char(d.due_date, 'YYYY-MM-DD') AS d_due_date, d.due_at AS d_due_at,
            to_char(d.internal_target, 'YYYY-MM-DD') AS d_internal_target, d.status AS d_status, d.suspensions AS d_suspensions,
            d.legal_source AS d_legal_source, d.updated_at AS d_updated_at
       FROM cases c LEFT JOIN deadlines d ON d.case_id = c.id
      WHERE c.id = $1 ${visible}
      ORDER BY d.due_at ASC, d.id`,
    params,
  );
  if (rows.length === 0) return null;
  return { found: caseFrom(rows[0]), deadlines: rows.filter((row) => row.d_id !== null).map(deadlineFrom) };
}

/** Every column of CaseEntity, for raw queries that return whole cases (the alias is `c`). */
export const CASE_COLUMNS = `c.id, c.type, c.reference, c.title, c.istat_code, c.state, c.phase, c.workflow_id, c.parent_case_id, c.business_key,
            c.opened_at, c.closed_at, c.updated_at, c.contact_email`;

/** A row selected with CASE_COLUMNS as the entity TypeORM would have built. */
export const caseFrom = (row: Record<string, unknown>): CaseEntity =>
  Object.assign(new CaseEntity(), {
    id: row.id as string,
    type: row.type as string,
    reference: row.reference as string,
    title: row.title as string,
    istatCode: row.istat_code as string | null,
    state: row.state as string,
    phase: row.phase as string | null,
    workflowId: row.workflow_id as string,
    parentCaseId: row.parent_case_id as string | null,
    businessKey: row.business_key as string | null,
    openedAt: row.opened_at as Date,
    closedAt: row.closed_at as Date | null,
    updatedAt: row.updated_at as Date,
    contactEmail: row.contact_email as string | null,
  });

const deadlineFrom = (row: Record<string, unknown>): DeadlineEntity =>
  Object.assign(new DeadlineEntity(), {
    id: row.d_id as string,
    caseId: row.id as string,
    ruleId: row.d_rule_id as string,
    labelIt: row.d_label_it as string,
    labelEn: row.d_label_en as string,
    startsOn: row.d_starts_on as string,
    dueDate: row.d_due_date as string | null,
    dueAt: row.d_due_at as Date | null,
    internalTarget: row.d_internal_target as string | null,
    status: row.d_status as DeadlineStatus,
    suspensions: row.d_suspensions as DeadlineSuspension[],
    legalSource: row.d_legal_source as string,
    updatedAt: row.d_updated_at as Date,
  });
