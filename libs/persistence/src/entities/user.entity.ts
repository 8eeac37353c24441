import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person known from the identity provider; provisioned on first authenticated request. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text' }) role!: string;
  @Column({ name: 'istat_code', type: 'char', length: 6, nullable: true }) istatCode!: string | null;
  @Column({ name: 'first_seen_at', type: 'timestamptz' }) firstSeenAt!: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt!: Date;
}
