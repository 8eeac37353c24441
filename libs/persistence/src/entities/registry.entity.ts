import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RegistryDirection = 'in' | 'out';

/** The last number given in a register and year; updated inside the registering transaction. */
@Entity({ name: 'registry_counters' })
export class RegistryCounterEntity {
  @PrimaryColumn({ type: 'text' }) register!: string;
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column({ name: 'last_number', type: 'integer' }) lastNumber!: number;
}

/** A protocol registration (DPR 445/2000 art. 53): immutable once written. */
@Entity({ name: 'registry_entries' })
export class RegistryEntryEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) register!: string;
  @Column({ type: 'integer' }) year!: number;
  @Column({ type: 'integer' }) number!: number;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
  @Column({ name: 'registered_on', type: 'date' }) registeredOn!: string;
  @Column({ type: 'text' }) direction!: RegistryDirection;
  @Column({ type: 'text' }) correspondent!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'document_sha256', type: 'char', length: 64, nullable: true }) documentSha256!: string | null;
  @Column({ name: 'registered_by', type: 'text' }) registeredBy!: string;
  /** When an inbound act reached CMM (null when not recorded); `registeredAt` is when its number was taken. */
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt?: Date | null;
}

/** Annulment of a registration (DPR 445/2000 art. 54): the entry stays, marked annulled. */
@Entity({ name: 'registry_annulments' })
export class RegistryAnnulmentEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'annulled_at', type: 'timestamptz' }) annulledAt!: Date;
  @Column({ name: 'annulled_by', type: 'text' }) annulledBy!: string;
}
