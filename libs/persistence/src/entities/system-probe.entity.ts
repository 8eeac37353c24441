import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One run of the system probe (see @cmm/contracts system-probe.contract). */
@Entity({ name: 'system_probes' })
export class SystemProbeEntity {
  @PrimaryColumn({ name: 'probe_id', type: 'uuid' })
  probeId!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'worker_identity', type: 'text' })
  workerIdentity!: string;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
