import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type DocumentStorage,
  MEDIA_TYPES,
  type ScannedByteRanges,
  type SignatureReport,
  type SignatureRuntime,
  type SignedActVerdict,
  signedActVerdict,
  storedBytes,
} from '@cmm/documents';
import {
  type DocumentVersionView,
  type DocumentView,
  SignatureVerificationRepository,
  type StoredSignatureCheck,
  versionKey,
} from '@cmm/persistence';
import type { EntityManager } from 'typeorm';
import { InjectDocumentStorage } from './document-storage.provider';
import { InjectSignatureRuntime } from './signature-runtime.provider';

/** Only these types can carry a signature; the others are not read for one. */
const SIGNABLE = new Set<string>([MEDIA_TYPES.p7m, MEDIA_TYPES.pdf]);

type VersionRef = Pick<DocumentVersionView, 'documentId' | 'version' | 'sha256' | 'sizeBytes' | 'contentType' | 'storageKey'>;

/**
 * Verifies the signatures of document versions on their stored bytes and keeps the result:
 * at upload, on the first read of a version uploaded before verification existed, and again
 * when a signed act cites the document (the trust list may have changed since the upload).
 */
@Injectable()
export class DocumentSignaturesService implements OnModuleDestroy {
  private readonly logger = new Logger(DocumentSignaturesService.name);

  constructor(
    private readonly records: SignatureVerificationRepository,
    @InjectDocumentStorage() private readonly storage: DocumentStorage,
    @InjectSignatureRuntime() private readonly runtime: SignatureRuntime,
  ) {}

  onModuleDestroy(): void {
    this.runtime.stop();
  }

  get untrustedChain(): SignatureRuntime['untrustedChain'] {
    return this.runtime.untrustedChain;
  }

  /**
   * Verifies the bytes of a version (nothing to verify for types that carry no signature).
   * `scanned`: the PDF's signature dictionaries found while these bytes were uploaded.
   */
  async verify(
    version: Pick<VersionRef, 'storageKey' | 'sizeBytes' | 'contentType'>,
    scanned?: ScannedByteRanges,
  ): Promise<SignatureReport | null> {
    if (!SIGNABLE.has(version.contentType)) return null;
    return this.runtime.verifier.verify(storedBytes(this.storage, version.storageKey, version.sizeBytes, scanned), version.contentType);
  }

  async record(version: VersionRef, report: SignatureReport, tx?: EntityManager): Promise<void> {
    await this.records.record(version.documentId, version.version, version.sha256, report, tx);
  }

  /**
   * The stored checks of the documents' versions; signable versions never verified (uploaded
   * before this existed, or whose verification failed at upload) are verified now and kept.
   */
  async checksOf(documents: readonly DocumentView[]): Promise<Map<string, StoredSignatureCheck>> {
    const versions = documents.flatMap((d) => d.versions);
    const checks = await this.records.forVersions(versions);
    for (const version of versions) {
      const key = versionKey(version.documentId, version.version);
      if (checks.has(key) || !SIGNABLE.has(version.contentType)) continue;
      try {
        const report = await this.verify(version);
        if (!report) continue;
        await this.record(version, report);
        checks.set(key, {
          documentId: version.documentId,
          version: version.version,
          contentSha256: version.sha256,
          verifiedAt: new Date(report.verifiedAt),
          trustList: report.trustList ? { ...report.trustList, loadedAt: new Date(report.trustList.loadedAt) } : null,
          signatures: report.signatures,
        });
      } catch (error) {
        // The list still answers; the version shows no verification and is tried again at the next read.
        this.logger.warn(`signatures of document ${version.documentId} v${version.version} not verified: ${(error as Error).message}`);
      }
    }
    return checks;
  }

  /** Verifies a version cited as a signed act, records the result and says whether it stands. */
  async verifyForAct(version: VersionRef): Promise<SignedActVerdict & { report: SignatureReport | null }> {
    const report = await this.verify(version);
    if (!report)
      return {
        ...signedActVerdict(
          { format: null, signatures: [], trustList: null, verifiedAt: '' },
          this.runtime.untrustedChain,
          version.contentType,
        ),
        report,
      };
    await this.record(version, report);
    return { ...signedActVerdict(report, this.runtime.untrustedChain, version.contentType), report };
  }
}
