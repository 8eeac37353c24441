import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';
import { CASE_COLUMNS, type CaseWithDeadlines, caseFrom, findVisibleCaseWithDeadlines } from './case-detail.query';

/** A municipal caller sees only its own municipality's cases; CMM staff see all (null). */
export type MunicipalityScope = string | null;

export interface CaseFilters {
  type?: string;
  state?: string;
  istatCode?: string;
  /** Only cases with an open deadline already past. */
  overdue?: boolean;
  /** Only cases with an open deadline due within this many days from now. */
  dueWithinDays?: number;
  /** Words of the reference or title. */
  text?: string;
}

export interface CasePage {
  items: CaseEntity[];
  nextCursor: string | null;
}

export interface NewCase {
  id: string;
  type: string;
  reference: string;
  title: string;
  istatCode: string | null;
  state: string;
  phase: string | null;
  workflowId: string;
  parentCaseId: string | null;
  businessKey: string | null;
  openedAt: Date;
  contactEmail?: string | null;
}

const encodeCursor = (row: CaseEntity): string => Buffer.from(`${row.openedAt.toISOString()}|${row.id}`).toString('base64url');

const decodeCursor = (cursor: string): { openedAt: string; id: string } | null => {
  const [openedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!openedAt || !id || Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { openedAt, id };
};

/** A municipal user sees its municipality's cases and those it is a party to. */
export const VISIBLE_TO_SCOPE =
  '(c.istat_code = :scope OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = :scope))';

/** Party roles whose filings the other parties must not see (competing proposals to an annual call). */
export const CONFIDENTIAL_PARTY_ROLES: readonly string[] = ['proposer'];

/** The documents of a case a reader sees: `privateTo` hides other municipalities' filings; `filedBy` keeps only one municipality's; `kinds` keeps only those kinds. */
export interface DocumentReadScope {
  privateTo: string | null;
  filedBy?: string;
  kinds?: readonly string[];
}

/** The notices that make a municipality a reader of an annual call, and what it may read of it. */
export const CALL_NOTICE_TEMPLATES: readonly string[] = ['annual-call-published'];
const CALL_PUBLIC_KINDS: readonly string[] = ['annual-call-notice'];

/**
 * SQL condition: the municipality (parameter `istat`) was sent the notice of the annual call
 * `caseId` (a column or parameter); `templates` is a parameter holding CALL_NOTICE_TEMPLATES.
 * One definition for every list that shows a call to the municipalities it was notified to.
 */
export const notifiedOfCallSql = (caseId: string, istat: string, templates: string): string =>
  `EXISTS (SELECT 1 FROM notifications n JOIN notification_deliveries nd ON nd.notification_id = n.id
            WHERE n.case_id = ${caseId} AND n.template_id = ANY(${templates}) AND nd.recipient_istat_code = ${istat})`;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export class CaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent on the id: a retried activity finds the case it created. */
  async open(newCase: NewCase, manager: EntityManager = this.dataSource.manager): Promise<CaseEntity> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CaseEntity)
      .values({ ...newCase, contactEmail: newCase.contactEmail ?? null, closedAt: null, updatedAt: newCase.openedAt })
      .orIgnore()
      .execute();
    return manager.getRepository(CaseEntity).findOneByOrFail({ id: newCase.id });
  }

  /**
   * The next case reference of a procedure and year ("VC-2026-000012"): counted like the
   * protocol register, in the caller's transaction, so references have no gaps either.
   */
  async nextReference(prefix: string, year: number, manager: EntityManager): Promise<string> {
    const [{ last_number: number }] = await manager.query(
      `INSERT INTO registry_counters (register, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (register, year) DO UPDATE SET last_number = registry_counters.last_number + 1
       RETURNING last_number`,
      [`case-reference:${prefix}`, year],
    );
    return `${prefix}-${year}-${String(number).padStart(6, '0')}`;
  }

  async updateState(id: string, change: { state: string; phase?: string | null; closedAt?: Date | null }): Promise<void> {
    await this.dataSource.getRepository(CaseEntity).update({ id }, { ...change, updatedAt: new Date() });
  }

  /** What notices and registrations say about a case: its reference, title and municipality. */
  async summary(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{
    reference: string;
    title: string;
    istatCode: string | null;
    municipality: string | null;
    pec: string | null;
    contactEmail: string | null;
  } | null> {
    const [row] = await manager.query(
      `SELECT c.reference, c.title, c.istat_code, m.name AS municipality, m.pec, c.contact_email
         FROM cases c LEFT JOIN municipalities m ON m.istat_code = c.istat_code WHERE c.id = $1`,
      [caseId],
    );
    return row
      ? {
          reference: row.reference,
          title: row.title,
          istatCode: row.istat_code,
          municipality: row.municipality,
          pec: row.pec,
          contactEmail: row.contact_email,
        }
      : null;
  }

  async setState(
    caseId: string,
    change: { state: string; phase?: string | null; closed?: boolean },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE cases SET state = $2, phase = coalesce($3, phase),
              closed_at = CASE WHEN $4 THEN coalesce(closed_at, now()) ELSE closed_at END, updated_at = now()
        WHERE id = $1`,
      [caseId, change.state, change.phase ?? null, change.closed ?? false],
    );
  }

  /** findVisible and the case's deadlines in one query (case-detail.query.ts). */
  findVisibleWithDeadlines(scope: MunicipalityScope, id: string): Promise<CaseWithDeadlines | null> {
    return findVisibleCaseWithDeadlines(this.dataSource, scope, id);
  }

  findVisible(scope: MunicipalityScope, id: string): Promise<CaseEntity | null> {
    const query = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c').where('c.id = :id', { id });
    if (scope) query.andWhere(VISIBLE_TO_SCOPE, { scope });
    return query.getOne();
  }

  /**
   * Names the municipalities taking part in a case (a conference's convened municipalities,
   * an agreement's parties): their users see the case. Idempotent.
   */
  async addParties(
    caseId: string,
    istatCodes: readonly string[],
    role: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (istatCodes.length === 0) return;
    await manager.query(
      `INSERT INTO case_parties (case_id, istat_code, role) SELECT $1, code, $3 FROM unnest($2::text[]) AS code
       ON CONFLICT (case_id, istat_code) DO NOTHING`,
      [caseId, istatCodes, role],
    );
  }

  /**
   * The municipality whose view of a case's documents is limited to its own filings: a party
   * in a role that competes with the others (a proposer to a call), or null.
   */
  async confidentialPartyScope(caseId: string, scope: MunicipalityScope): Promise<string | null> {
    if (!scope) return null;
    const [row]: { role: string }[] = await this.dataSource.query(
      `SELECT p.role FROM case_parties p JOIN cases c ON c.id = p.case_id
        WHERE p.case_id = $1 AND p.istat_code = $2 AND c.istat_code IS DISTINCT FROM $2`,
      [caseId, scope],
    );
    return row && CONFIDENTIAL_PARTY_ROLES.includes(row.role) ? scope : null;
  }

  /**
   * Which documents of a case a municipality's user may read, or null (the case is not theirs: 404).
   * - its own case, or a party to it: all, except the filings of competing proposers;
   * - convened to a conference on the case (a compatibility evaluation): the documents under
   *   discussion, i.e. those the proposing municipality filed (the plan's acts, the diffusion
   *   balance, its integrations), never CMM's internal documents;
   * - notified of an annual call without proposing: the call's notice only.
   */
  async documentReadScope(caseId: string, scope: MunicipalityScope): Promise<DocumentReadScope | null> {
    if (!scope) return { privateTo: null };
    const [row]: { type: string; istat_code: string | null; role: string | null; convened: boolean; notified: boolean }[] =
      await this.dataSource.query(
        `SELECT c.type, c.istat_code,
              (SELECT p.role FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = $2) AS role,
              EXISTS (SELECT 1 FROM cases k JOIN case_parties kp ON kp.case_id = k.id
                       WHERE k.parent_case_id = c.id AND k.type = 'concertation-conference' AND kp.istat_code = $2 AND kp.role = 'convened') AS convened,
              ${notifiedOfCallSql('c.id', '$2', '$3')} AS notified
         FROM cases c WHERE c.id = $1`,
        [caseId, scope, [...CALL_NOTICE_TEMPLATES]],
      );
    if (!row) return null;
    if (row.istat_code === scope) return { privateTo: null };
    if (row.role) return { privateTo: CONFIDENTIAL_PARTY_ROLES.includes(row.role) ? scope : null };
    if (row.convened && row.istat_code) return { privateTo: null, filedBy: row.istat_code };
    if (row.type === 'annual-call' && row.notified) return { privateTo: scope, kinds: CALL_PUBLIC_KINDS };
    return null;
  }

  async parties(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ istatCode: string; name: string; pec: string | null; role: string }[]> {
    const rows: { istat_code: string; name: string; pec: string | null; role: string }[] = await manager.query(
      `SELECT p.istat_code, m.name, m.pec, p.role FROM case_parties p JOIN municipalities m ON m.istat_code = p.istat_code
        WHERE p.case_id = $1 ORDER BY p.istat_code`,
      [caseId],
    );
    return rows.map((r) => ({ istatCode: r.istat_code, name: r.name, pec: r.pec, role: r.role }));
  }

  findByBusinessKey(businessKey: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ businessKey });
  }

  /** Newest first, keyset-paginated on (opened_at, id): stable under inserts, fast at any depth. */
  /**
   * Plain SQL rather than the query builder: on the busy list route the builder's alias
   * rewriting and entity transformer cost more CPU than PostgreSQL spent on the query.
   */
  async search(scope: MunicipalityScope, filters: CaseFilters, limit: number, cursor?: string): Promise<CasePage> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope) {
      const s = param(scope);
      where.push(`(c.istat_code = ${s} OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = ${s}))`);
    }
    if (filters.istatCode) where.push(`c.istat_code = ${param(filters.istatCode)}`);
    if (filters.type) where.push(`c.type = ${param(filters.type)}`);
    if (filters.state) where.push(`c.state = ${param(filters.state)}`);
    if (filters.text) where.push(`c.search @@ plainto_tsquery('simple', ${param(filters.text)})`);
    if (filters.overdue) {
      where.push(`EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.status = 'running' AND d.due_at < now())`);
    }
    if (filters.dueWithinDays !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.status = 'running'
                 AND d.due_at >= now() AND d.due_at < now() + make_interval(days => ${param(filters.dueWithinDays)}))`,
      );
    }
    if (cursor) {
      const after = decodeCursor(cursor);
      if (!after) throw new InvalidCursorError('cursor is not one this API issued');
      where.push(`(c.opened_at, c.id) < (${param(after.openedAt)}, ${param(after.id)})`);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.opened_at DESC, c.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(caseFrom);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }
}
