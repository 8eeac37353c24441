import type { DocumentReadScope } from './case.repository';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity, DocumentVersionEntity } from '../entities/document.entity';
import { formatProtocolNumber } from './registry.repository';

export interface DocumentIdentity {
  caseId: string;
  /** Kebab-case kind, e.g. `adopted-act`. */
  kind: string;
  title: string;
}

export interface NewDocumentVersion {
  documentId: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  filename: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt?: Date;
  registryEntryId?: string | null;
}

export interface DocumentVersionView {
  documentId: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  filename: string;
  storageKey: string;
  uploadedAt: Date;
  uploadedBy: string;
  registryEntryId: string | null;
  /** "2026/0000123" when the version was registered on receipt (inbound documents). */
  protocolNumber: string | null;
}

export interface DocumentView {
  id: string;
  caseId: string;
  kind: string;
  title: string;
  createdAt: Date;
  createdBy: string;
  /** Oldest first; every version stays readable. */
  versions: DocumentVersionView[];
}

/** Parameter `param`: a municipality's ISTAT code, or null to show everything. */
const filedByOthersHidden = (param: string) => `(${param}::text IS NULL OR NOT EXISTS (
  SELECT 1 FROM users u WHERE u.subject = d.created_by AND u.istat_code IS NOT NULL AND u.istat_code <> ${param}))`;

/** The conditions of a reader's scope (see CaseRepository.documentReadScope), from parameter `first` on. */
function readable(scope: string | null | DocumentReadScope, first: number): { sql: string; params: unknown[] } {
  const read: DocumentReadScope = typeof scope === 'object' && scope !== null ? scope : { privateTo: scope };
  const conditions = [filedByOthersHidden(`$${first}`)];
  const params: unknown[] = [read.privateTo];
  if (read.filedBy) {
    params.push(read.filedBy);
    conditions.push(`EXISTS (SELECT 1 FROM users u WHERE u.subject = d.created_by AND u.istat_code = $${first + params.length - 1})`);
  }
  if (read.kinds) {
    params.push(read.kinds);
    conditions.push(`d.kind = ANY($${first + params.length - 1})`);
  }
  return { sql: conditions.join(' AND '), params };
}

const VERSION_COLUMNS = `v.document_id, v.version, v.sha256, v.size_bytes, v.content_type, v.filename, v.storage_key,
  v.uploaded_at, v.uploaded_by, v.registry_entry_id, r.year AS registry_year, r.number AS registry_number`;

const toVersion = (row: Record<string, unknown>): DocumentVersionView => ({
  documentId: row.document_id as string,
  version: Number(row.version),
  sha256: row.sha256 as string,
  // bigint arrives as text; documents stay far below 2^53 bytes.
  sizeBytes: Number(row.size_bytes),
  contentType: row.content_type as string,
  filename: row.filename as string,
  storageKey: row.storage_key as string,
  uploadedAt: row.uploaded_at as Date,
  uploadedBy: row.uploaded_by as string,
  registryEntryId: (row.registry_entry_id as string | null) ?? null,
  protocolNumber: row.registry_year == null ? null : formatProtocolNumber(Number(row.registry_year), Number(row.registry_number)),
});

/** Logical documents of a case and their append-only versions. */
export class DocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One transaction for a version and what must commit with it (registry entry, timeline event). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Finds the document with this (case, kind, title), creating it on the first upload, and
   * holds its row lock until the transaction ends: concurrent uploads of the same document
   * get consecutive version numbers instead of colliding on one.
   */
  async lockOrCreate(
    identity: DocumentIdentity & { createdBy: string; createdAt?: Date },
    tx: EntityManager,
  ): Promise<{ document: DocumentEntity; created: boolean; nextVersion: number }> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO documents (id, case_id, kind, title, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id, kind, title) DO NOTHING RETURNING id`,
      [randomUUID(), identity.caseId, identity.kind, identity.title, identity.createdAt ?? new Date(), identity.createdBy],
    );
    const [row] = await tx.query(
      `SELECT id, case_id, kind, title, created_at, created_by FROM documents
        WHERE case_id = $1 AND kind = $2 AND title = $3 FOR UPDATE`,
      [identity.caseId, identity.kind, identity.title],
    );
    const [{ next }] = await tx.query('SELECT coalesce(max(version), 0) + 1 AS next FROM document_versions WHERE document_id = $1', [
      row.id,
    ]);
    const document: DocumentEntity = {
      id: row.id,
      caseId: row.case_id,
      kind: row.kind,
      title: row.title,
      createdAt: row.created_at,
      createdBy: row.created_by,
    };
    return { document, created: inserted.length === 1, nextVersion: Number(next) };
  }

  async addVersion(version: NewDocumentVersion, tx: EntityManager): Promise<DocumentVersionEntity> {
    const row: DocumentVersionEntity = {
      id: randomUUID(),
      documentId: version.documentId,
      version: version.version,
      sha256: version.sha256,
      sizeBytes: String(version.sizeBytes),
      contentType: version.contentType,
      filename: version.filename,
      storageKey: version.storageKey,
      // Millisecond precision, like the timeline: what the API returns is what is stored.
      uploadedAt: new Date(Math.floor((version.uploadedAt ?? new Date()).getTime())),
      uploadedBy: version.uploadedBy,
      registryEntryId: version.registryEntryId ?? null,
    };
    await tx.getRepository(DocumentVersionEntity).insert(row);
    return row;
  }

  /**
   * The documents of a case, oldest first, each with all its versions. `privateTo` hides the
   * documents filed by users of any other municipality (competing proposals to a call).
   */
  async listForCase(caseId: string, privateTo: string | null | DocumentReadScope = null): Promise<DocumentView[]> {
    const where = readable(privateTo, 2);
    const documents: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT d.id, d.case_id, d.kind, d.title, d.created_at, d.created_by FROM documents d
        WHERE d.case_id = $1 AND ${where.sql}
        ORDER BY d.created_at, d.id`,
      [caseId, ...where.params],
    );
    const shown = new Set(documents.map((d) => d.id as string));
    const versions: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM document_versions v
         JOIN documents d ON d.id = v.document_id
         LEFT JOIN registry_entries r ON r.id = v.registry_entry_id
        WHERE d.case_id = $1 ORDER BY v.document_id, v.version`,
      [caseId],
    );
    const byDocument = new Map<string, DocumentVersionView[]>();
    for (const row of versions.map(toVersion)) {
      if (!shown.has(row.documentId)) continue;
      const list = byDocument.get(row.documentId) ?? [];
      list.push(row);
      byDocument.set(row.documentId, list);
    }
    return documents.map((d) => ({
      id: d.id as string,
      caseId: d.case_id as string,
      kind: d.kind as string,
      title: d.title as string,
      createdAt: d.created_at as Date,
      createdBy: d.created_by as string,
      versions: byDocument.get(d.id as string) ?? [],
    }));
  }

  /** The newest version of a document, only if the document belongs to the given case. */
  async latestVersion(caseId: string, documentId: string): Promise<DocumentVersionView | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM document_versions v
         JOIN documents d ON d.id = v.document_id
         LEFT JOIN registry_entries r ON r.id = v.registry_entry_id
        WHERE d.case_id = $1 AND v.document_id = $2 ORDER BY v.version DESC LIMIT 1`,
      [caseId, documentId],
    );
    return row ? toVersion(row) : null;
  }

  /** One version, only if its document belongs to the given case (and, with `privateTo`, was not filed by another municipality). */
  async findVersion(
    caseId: string,
    documentId: string,
    version: number,
    privateTo: string | null | DocumentReadScope = null,
  ): Promise<DocumentVersionView | null> {
    const where = readable(privateTo, 4);
    const [row] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM document_versions v
         JOIN documents d ON d.id = v.document_id
         LEFT JOIN registry_entries r ON r.id = v.registry_entry_id
        WHERE d.case_id = $1 AND v.document_id = $2 AND v.version = $3 AND ${where.sql}`,
      [caseId, documentId, version, ...where.params],
    );
    return row ? toVersion(row) : null;
  }
}
