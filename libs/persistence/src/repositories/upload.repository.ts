import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MunicipalityScope } from './case.repository';

export interface UploadRecord {
  id: string;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  filename: string;
  storageKey: string;
  kind: string;
  title: string;
  uploadedBy: string;
  istatCode: string | null;
  uploadedAt: Date;
}

/** Files stored ahead of the submission that refers to them by id. */
export class UploadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(upload: Omit<UploadRecord, 'id' | 'uploadedAt'>): Promise<UploadRecord> {
    const record: UploadRecord = { ...upload, id: randomUUID(), uploadedAt: new Date(Math.floor(Date.now())) };
    await this.dataSource.query(
      `INSERT INTO uploads (id, sha256, size_bytes, content_type, filename, storage_key, kind, title, uploaded_by, istat_code, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        record.id,
        record.sha256,
        record.sizeBytes,
        record.contentType,
        record.filename,
        record.storageKey,
        record.kind,
        record.title,
        record.uploadedBy,
        record.istatCode,
        record.uploadedAt,
      ],
    );
    return record;
  }

  /** The uploads with these ids that the caller may use: a municipality only its own. */
  async findUsable(ids: readonly string[], scope: MunicipalityScope): Promise<Map<string, UploadRecord>> {
    if (ids.length === 0) return new Map();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM uploads WHERE id = ANY($1::uuid[]) ${scope ? 'AND istat_code = $2' : ''}`,
      scope ? [ids, scope] : [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id as string,
        {
          id: r.id as string,
          sha256: r.sha256 as string,
          sizeBytes: Number(r.size_bytes),
          contentType: r.content_type as string,
          filename: r.filename as string,
          storageKey: r.storage_key as string,
          kind: r.kind as string,
          title: r.title as string,
          uploadedBy: r.uploaded_by as string,
          istatCode: (r.istat_code as string | null) ?? null,
          uploadedAt: r.uploaded_at as Date,
        },
      ]),
    );
  }
}
