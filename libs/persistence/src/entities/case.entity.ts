import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of one procedure run (the workflow is the source of truth). */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text', unique: true }) reference!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'istat_code', type: 'char', length: 6, nullable: true }) istatCode!: string | null;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'text', nullable: true }) phase!: string | null;
  @Column({ name: 'workflow_id', type: 'text', unique: true }) workflowId!: string;
  @Column({ name: 'parent_case_id', type: 'uuid', nullable: true }) parentCaseId!: string | null;
  @Column({ name: 'business_key', type: 'text', nullable: true, unique: true }) businessKey!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail!: string | null;
}
