import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A logical document of a case (e.g. the adopted act); its content lives in versions. */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
}

/** One uploaded content of a document; never replaced, a new upload is a new version. */
@Entity({ name: 'document_versions' })
export class DocumentVersionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'size_bytes', type: 'bigint' }) sizeBytes!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt!: Date;
  @Column({ name: 'uploaded_by', type: 'text' }) uploadedBy!: string;
  @Column({ name: 'registry_entry_id', type: 'uuid', nullable: true }) registryEntryId!: string | null;
}
