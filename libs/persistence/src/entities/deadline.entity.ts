import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeadlineStatus = 'running' | 'suspended' | 'met' | 'expired' | 'cancelled';

export interface DeadlineSuspension {
  from: string;
  to: string | null;
  reason: string;
}

/** Read model of a running legal term, as last computed by the legal calendar. */
@Entity({ name: 'deadlines' })
export class DeadlineEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId!: string;
  @Column({ name: 'label_it', type: 'text' }) labelIt!: string;
  @Column({ name: 'label_en', type: 'text' }) labelEn!: string;
  @Column({ name: 'starts_on', type: 'date' }) startsOn!: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'internal_target', type: 'date', nullable: true }) internalTarget!: string | null;
  @Column({ type: 'text' }) status!: DeadlineStatus;
  @Column({ type: 'jsonb' }) suspensions!: DeadlineSuspension[];
  @Column({ name: 'legal_source', type: 'text' }) legalSource!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
