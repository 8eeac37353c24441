import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One of the 133 municipalities of the Città metropolitana di Milano. */
@Entity({ name: 'municipalities' })
export class MunicipalityEntity {
  /** Six-digit ISTAT code (Milano 015146): stable across renames, unlike the name. */
  @PrimaryColumn({ name: 'istat_code', type: 'char', length: 6 })
  istatCode!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Zona omogenea, when known; filled by an administrator. */
  @Column({ type: 'text', nullable: true })
  zone!: string | null;

  @Column({ type: 'text', nullable: true })
  pec!: string | null;

  @Column({ name: 'mayor_office_email', type: 'text', nullable: true })
  mayorOfficeEmail!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
