import type { SignatureReport, SignatureVerification, SignerIdentity } from '@cmm/documents';
import type { DataSource, EntityManager } from 'typeorm';

/** The stored verification of one document version. */
export interface StoredSignatureCheck {
  documentId: string;
  version: number;
  contentSha256: string;
  verifiedAt: Date;
  trustList: { id: string; source: string; loadedAt: Date } | null;
  signatures: SignatureVerification[];
}

export const versionKey = (documentId: string, version: number): string => `${documentId}/${version}`;

const toSignature = (row: Record<string, unknown>): SignatureVerification => ({
  index: Number(row.signature_index),
  format: row.format as SignatureVerification['format'],
  status: row.status as SignatureVerification['status'],
  reason: { it: row.reason_it as string, en: row.reason_en as string },
  signer: (row.signer as SignerIdentity | null) ?? null,
  signingTime: row.signing_time ? (row.signing_time as Date).toISOString() : null,
  signingTimeSource: row.signing_time_source as SignatureVerification['signingTimeSource'],
  timestampTokenPresent: row.timestamp_token_present as boolean,
  digestAlgorithm: (row.digest_algorithm as string | null) ?? null,
  chain: row.chain as string[],
});

/** Signature verifications of document versions (signature_checks, signature_verifications). */
export class SignatureVerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records (or replaces) the verification of a version: its check and one row per signature. */
  async record(documentId: string, version: number, contentSha256: string, report: SignatureReport, tx?: EntityManager): Promise<void> {
    const write = async (m: EntityManager) => {
      await m.query('DELETE FROM signature_checks WHERE document_id = $1 AND version = $2', [documentId, version]);
      await m.query(
        `INSERT INTO signature_checks (document_id, version, content_sha256, verified_at, trust_list_id, trust_list_source, trust_list_loaded_at, signature_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          documentId,
          version,
          contentSha256,
          report.verifiedAt,
          report.trustList?.id ?? null,
          report.trustList?.source ?? null,
          report.trustList?.loadedAt ?? null,
          report.signatures.length,
        ],
      );
      for (const s of report.signatures)
        await m.query(
          `INSERT INTO signature_verifications (document_id, version, signature_index, format, status, reason_it, reason_en, signer,
             signer_fiscal_code, signing_time, signing_time_source, timestamp_token_present, digest_algorithm, chain)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            documentId,
            version,
            s.index,
            s.format,
            s.status,
            s.reason.it,
            s.reason.en,
            s.signer ? JSON.stringify(s.signer) : null,
            s.signer?.fiscalCode ?? null,
            s.signingTime,
            s.signingTimeSource,
            s.timestampTokenPresent,
            s.digestAlgorithm,
            JSON.stringify(s.chain),
          ],
        );
    };
    // Replacing a check is all or nothing: a reader never sees a check without its signatures.
    if (tx) await write(tx);
    else await this.dataSource.transaction(write);
  }

  /** The checks of the given versions, by versionKey; versions never verified are absent. */
  async forVersions(versions: ReadonlyArray<{ documentId: string; version: number }>): Promise<Map<string, StoredSignatureCheck>> {
    const found = new Map<string, StoredSignatureCheck>();
    if (versions.length === 0) return found;
    const ids = versions.map((v) => v.documentId);
    const numbers = versions.map((v) => v.version);
    const keys = `SELECT * FROM unnest($1::uuid[], $2::int[]) AS k(document_id, version)`;
    const checks: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.* FROM signature_checks c JOIN (${keys}) k USING (document_id, version)`,
      [ids, numbers],
    );
    for (const c of checks)
      found.set(versionKey(c.document_id as string, Number(c.version)), {
        documentId: c.document_id as string,
        version: Number(c.version),
        contentSha256: c.content_sha256 as string,
        verifiedAt: c.verified_at as Date,
        trustList: c.trust_list_id
          ? { id: c.trust_list_id as string, source: c.trust_list_source as string, loadedAt: c.trust_list_loaded_at as Date }
          : null,
        signatures: [],
      });
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT s.* FROM signature_verifications s JOIN (${keys}) k USING (document_id, version) ORDER BY s.signature_index`,
      [ids, numbers],
    );
    for (const row of rows) found.get(versionKey(row.document_id as string, Number(row.version)))?.signatures.push(toSignature(row));
    return found;
  }
}
