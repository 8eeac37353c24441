import type { DataSource } from 'typeorm';

/** The final views of closed workflows (migration CaseViewSnapshots). */
export class CaseViewSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find<V>(workflowId: string): Promise<V | null> {
    const [row] = await this.dataSource.query('SELECT view FROM case_view_snapshots WHERE workflow_id = $1', [workflowId]);
    return row ? (row.view as V) : null;
  }

  /** Stores the final view; a second store of the same workflow keeps the first (both are the final view). */
  async store(caseId: string, workflowId: string, view: unknown): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO case_view_snapshots (workflow_id, case_id, view) VALUES ($1, $2, $3::jsonb) ON CONFLICT (workflow_id) DO NOTHING',
      [workflowId, caseId, JSON.stringify(view)],
    );
  }
}
