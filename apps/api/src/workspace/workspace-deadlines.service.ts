import { Injectable } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import { caseStateLabel } from '@cmm/domain';
import { listRules, parseCivilDate, romeDateOf, romeDayOf } from '@cmm/legal-calendar';
import { CALL_NOTICE_TEMPLATES, type DeadlineSuspension, notifiedOfCallSql } from '@cmm/persistence';
import { DataSource } from 'typeorm';
import { InvalidParamsException } from '../problem-details/problem.exception';
import type {
  WorkspaceDeadlineDto,
  WorkspaceDeadlinePageDto,
  WorkspaceDeadlineQueryDto,
  WorkspaceDeadlineState,
} from './workspace-deadline.dto';
import { policyOf, workingDaysBetween } from './working-days';

const DAY_MS = 86_400_000;
// The list's order: the due instant, or after every one when the clock is stopped (the expression of the indexes).
const SORT_KEY = "COALESCE(d.due_at, 'infinity'::timestamptz)";
const SORT_KEY_TEXT = `CASE WHEN d.due_at IS NULL THEN 'infinity' ELSE to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`;

interface Row {
  id: string;
  case_id: string;
  reference: string;
  title: string;
  type: string;
  case_state: string;
  istat_code: string | null;
  municipality: string | null;
  rule_id: string;
  label_it: string;
  label_en: string;
  due_date: string | null;
  due_at: Date | null;
  /** COALESCE(due_at, 'infinity') as text: the list's order, a suspended term (no due instant) last. */
  sort_at: string;
  status: string;
  suspensions: DeadlineSuspension[];
  legal_source: string;
}

const encodeCursor = (row: Row): string => Buffer.from(`${row.sort_at}|${row.id}`).toString('base64url');

const decodeCursor = (cursor: string): [string, string] => {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || (at !== 'infinity' && Number.isNaN(Date.parse(at))) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new InvalidParamsException([{ name: 'cursor', rule: 'cursor', reason: 'cursor: not a value this list returned as next' }]);
  }
  return [at, id];
};

/**
 * The Scadenze page: the nearest deadlines first across the caller's visible cases, with what
 * an officer reads at a glance. A suspended term has no due instant until it runs again: it is
 * listed after every dated one. Keyset pagination on (COALESCE(due_at, 'infinity'), id),
 * served by the partial expression indexes of migration DeadlinesListedWhileSuspended.
 */
@Injectable()
export class WorkspaceDeadlinesService {
  constructor(private readonly db: DataSource) {}

  async page(principal: Principal, query: WorkspaceDeadlineQueryDto, now = Date.now()): Promise<WorkspaceDeadlinePageDto> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    switch (query.state) {
      case undefined:
        where.push(query.overdue ? `d.status IN ('running', 'suspended', 'expired')` : `d.status IN ('running', 'suspended')`);
        break;
      case 'deemed-favourable':
        where.push(`d.status = 'expired' AND c.state = 'deemed-favourable'`);
        break;
      case 'expired':
        where.push(`d.status = 'expired' AND c.state <> 'deemed-favourable'`);
        break;
      default:
        where.push(`d.status = ${param(query.state)}`);
    }
    // Only parameters the statement uses: PostgreSQL cannot type an unused one.
    // Written on the order key, so the range is a prefix of the index; a term without a due instant is never within one.
    if (query.overdue) where.push(`${SORT_KEY} < ${param(new Date(now))}`);
    if (query.dueWithinDays !== undefined) where.push(`${SORT_KEY} < ${param(new Date(now + (query.dueWithinDays + 1) * DAY_MS))}`);
    if (query.procedure) where.push(`c.type = ${param(query.procedure)}`);
    // Who must act is the rule's, in the rulebook: its rules of that obligor, by id.
    if (query.obligor)
      where.push(
        `d.rule_id = ANY(${param(
          listRules()
            .filter((rule) => rule.obligor === query.obligor)
            .map((rule) => rule.id),
        )})`,
      );
    if (query.istat) where.push(`c.istat_code = ${param(query.istat)}`);
    if (isMunicipal(principal)) {
      const own = param(principal.istatCode);
      // An annual call is every notified municipality's to answer, before it proposes anything (and becomes a party).
      const notified = `(c.type = 'annual-call' AND ${notifiedOfCallSql('c.id', own, param([...CALL_NOTICE_TEMPLATES]))})`;
      where.push(
        `(c.istat_code = ${own} OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = ${own}) OR ${notified})`,
      );
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      where.push(`(${SORT_KEY}, d.id) > (${param(at)}::timestamptz, ${param(id)})`);
    }
    const limit = query.limit ?? 50;
    const rows: Row[] = await this.db.query(
      `SELECT d.id, d.case_id, c.reference, c.title, c.type, c.state AS case_state, c.istat_code, m.name AS municipality,
              d.rule_id, d.label_it, d.label_en, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.due_at, ${SORT_KEY_TEXT} AS sort_at, d.status, d.suspensions, d.legal_source
         FROM deadlines d
         JOIN cases c ON c.id = d.case_id
         LEFT JOIN municipalities m ON m.istat_code = c.istat_code
        WHERE ${where.length > 0 ? where.join(' AND ') : 'TRUE'}
        ORDER BY ${SORT_KEY}, d.id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const today = romeDayOf(now);
    return { items: page.map((row) => this.toDto(row, today)), next: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  private toDto(row: Row, today: number): WorkspaceDeadlineDto {
    const open = row.status === 'suspended' ? [...(row.suspensions ?? [])].reverse().find((s) => s.to === null) : undefined;
    const state: WorkspaceDeadlineState =
      row.status === 'expired' && row.case_state === 'deemed-favourable' ? 'deemed-favourable' : (row.status as WorkspaceDeadlineState);
    const due = row.due_date ?? (row.due_at ? romeDateOf(row.due_at.getTime()) : null);
    return {
      id: row.id,
      caseId: row.case_id,
      caseReference: row.reference,
      caseTitle: row.title,
      procedure: row.type,
      caseState: row.case_state,
      caseStateLabel: caseStateLabel(row.type, row.case_state),
      istatCode: row.istat_code?.trim() ?? null,
      municipalityName: row.municipality,
      ruleId: row.rule_id,
      labelIt: row.label_it,
      labelEn: row.label_en,
      dueDate: row.due_date,
      dueAt: row.due_at ? row.due_at.toISOString() : null,
      state,
      suspendedSince: open?.from ?? null,
      suspensionReason: open?.reason ?? null,
      // A suspended term has no running countdown: its due date moves when it resumes.
      daysLeft: state === 'suspended' || due === null ? null : parseCivilDate(due) - today,
      workingDaysLeft: state === 'suspended' || due === null ? null : workingDaysBetween(today, due, policyOf(row.rule_id)),
      legalSource: row.legal_source,
    };
  }
}
