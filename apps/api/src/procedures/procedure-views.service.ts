import { Injectable } from '@nestjs/common';
import { CaseRepository, CaseViewSnapshotRepository, DeadlineRepository, deadlineUuid } from '@cmm/persistence';
import type { DeadlineEntity } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';

/** A term as workflows show it: the fields the read model also keeps, and owns. */
interface TermLike {
  deadlineId: string;
  ruleId: string;
  status: string;
  dueDate: string | null;
  dueAt: string | null;
  internalTarget?: string | null;
}

const isTerm = (value: Record<string, unknown>): value is Record<string, unknown> & TermLike =>
  typeof value.deadlineId === 'string' && typeof value.ruleId === 'string' && 'status' in value && 'dueDate' in value;

/**
 * How every procedure's GET view is answered.
 *
 * One truth for terms: a workflow keeps the term it started in memory (running, suspended), the
 * read model (`deadlines`) records what became of it (met, expired, cancelled) and is what
 * `GET /cases/:id` and the dashboard show; every term in a view is taken from the read model.
 *
 * Closed cases from PostgreSQL: a query replays the workflow's whole history on a worker. Once the
 * workflow has closed its view cannot change, so it is stored (`case_view_snapshots`) the first
 * time it is read, and answered from there afterwards, with no Temporal call at all.
 */
@Injectable()
export class ProcedureViewsService {
  private readonly snapshots: CaseViewSnapshotRepository;

  constructor(
    private readonly temporal: Client,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineRepository,
    dataSource: DataSource,
  ) {
    this.snapshots = new CaseViewSnapshotRepository(dataSource);
  }

  async view<V extends object>(caseId: string, workflowId: string, query: QueryDefinition<V>): Promise<V> {
    const stored = await this.snapshots.find<V>(workflowId);
    if (stored) return this.withRecordedTerms(caseId, stored);
    const handle = this.temporal.workflow.getHandle(workflowId);
    // Closed first, then queried: the view read after the close is the final one.
    const closed = (await this.cases.findVisible(null, caseId))?.closedAt ? (await handle.describe()).status.name !== 'RUNNING' : false;
    const view = await handle.query(query);
    if (closed) await this.snapshots.store(caseId, workflowId, view);
    return this.withRecordedTerms(caseId, view);
  }

  /** Every term of the view (at any depth) with the state, due date and target the read model records. */
  async withRecordedTerms<V extends object>(caseId: string, view: V): Promise<V> {
    const rows = new Map((await this.deadlines.forCase(caseId)).map((row) => [row.id, row]));
    if (rows.size === 0) return view;
    return overlay(view, rows) as V;
  }
}

function overlay(value: unknown, rows: Map<string, DeadlineEntity>): unknown {
  if (Array.isArray(value)) return value.map((item) => overlay(item, rows));
  if (value === null || typeof value !== 'object') return value;
  const object = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, overlay(item, rows)]));
  if (!isTerm(object)) return object;
  const row = rows.get(deadlineUuid(object.deadlineId));
  if (!row) return object;
  return {
    ...object,
    status: row.status,
    dueDate: row.dueDate,
    dueAt: row.dueAt ? row.dueAt.toISOString() : null,
    ...('internalTarget' in object ? { internalTarget: row.internalTarget } : {}),
  };
}
