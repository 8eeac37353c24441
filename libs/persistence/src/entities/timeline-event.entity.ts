import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One link of a case's hash-chained, append-only audit timeline. */
@Entity({ name: 'timeline_events' })
export class TimelineEventEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'actor_subject', type: 'text' }) actorSubject!: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash!: string;
  @Column({ type: 'char', length: 64 }) hash!: string;
}
