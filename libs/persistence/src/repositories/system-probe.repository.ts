import type { SystemProbeRecord } from '@cmm/contracts';
import type { DataSource, Repository } from 'typeorm';
import { SystemProbeEntity } from '../entities/system-probe.entity';

const toRecord = (row: SystemProbeEntity): SystemProbeRecord => ({
  probeId: row.probeId,
  workflowId: row.workflowId,
  requestedAt: row.requestedAt.toISOString(),
  requestedBy: row.requestedBy,
  recordedAt: row.recordedAt.toISOString(),
  workerIdentity: row.workerIdentity,
  requestId: row.requestId,
});

export class SystemProbeRepository {
  private readonly rows: Repository<SystemProbeEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(SystemProbeEntity);
  }

  /** Idempotent: a retried activity finds the row it wrote the first time. */
  async record(probe: SystemProbeRecord): Promise<SystemProbeRecord> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({
        probeId: probe.probeId,
        workflowId: probe.workflowId,
        requestedAt: new Date(probe.requestedAt),
        requestedBy: probe.requestedBy,
        recordedAt: new Date(probe.recordedAt),
        workerIdentity: probe.workerIdentity,
        requestId: probe.requestId,
      })
      .orIgnore()
      .execute();
    const stored = await this.find(probe.probeId);
    if (!stored) throw new Error(`system probe ${probe.probeId} vanished after insert`);
    return stored;
  }

  async find(probeId: string): Promise<SystemProbeRecord | null> {
    const row = await this.rows.findOneBy({ probeId });
    return row ? toRecord(row) : null;
  }
}
