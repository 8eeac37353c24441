import { Injectable, Logger } from '@nestjs/common';
import { type Principal, isMunicipal } from '@cmm/auth';
import {
  type ByteRange,
  ContentNotFoundError,
  type DocumentStorage,
  type SignatureReport,
  type SniffResult,
  signatureSummary,
} from '@cmm/documents';
import {
  CaseRepository,
  type DocumentReadScope,
  DocumentRepository,
  type DocumentVersionView,
  type DocumentView,
  MunicipalityRepository,
  RegistryRepository,
  type StoredSignatureCheck,
  TimelineRepository,
} from '@cmm/persistence';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { CasesService, scopeOf } from '../cases/cases.service';
import { ProblemException } from '../problem-details/problem.exception';
import { DocumentSignaturesService } from './document-signatures.service';
import { InjectDocumentStorage } from './document-storage.provider';
import { DocumentVersionDto, type UploadedDocumentDto } from './document.dto';
import { UploadReceiver } from './upload-receiver';

export const DOCUMENT_UPLOADED = 'document-uploaded';

/** Who signed, when, and how the signature verified: what the timeline shows of a signed upload ("firmato da … il …"). */
const signaturesPayload = (report: SignatureReport | null) =>
  report && report.signatures.length > 0
    ? {
        signatures: report.signatures.map(signatureSummary),
      }
    : {};

const pdfaLabel = (sniffed: SniffResult): string | undefined =>
  sniffed.pdfa ? `PDF/A-${sniffed.pdfa.part}${sniffed.pdfa.conformance ?? ''}` : undefined;

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly cases: CasesService,
    private readonly receiver: UploadReceiver,
    private readonly documents: DocumentRepository,
    private readonly registry: RegistryRepository,
    private readonly timeline: TimelineRepository,
    private readonly municipalities: MunicipalityRepository,
    private readonly caseRows: CaseRepository,
    private readonly signatures: DocumentSignaturesService,
    @InjectDocumentStorage() private readonly storage: DocumentStorage,
  ) {}

  /**
   * Stores the uploaded content, then records the version — with, for a document sent by a
   * municipality, its inbound protocol registration — and the timeline event in one
   * transaction. The content is committed to storage first: a row never points at bytes
   * that are not durable. If the transaction fails the content stays unreferenced (it may
   * be shared with another version, so it is not deleted here).
   */
  async upload(principal: Principal, caseId: string, request: Request): Promise<UploadedDocumentDto> {
    await this.cases.visibleCase(principal, caseId);
    const { fields, filename, staged, sniffed, byteRanges } = await this.receiver.receive(request);
    const stored = await staged.commit().catch(async (error: unknown) => {
      await staged.discard();
      throw error;
    });
    const inbound = isMunicipal(principal);
    const correspondent = inbound ? await this.municipalityName(principal.istatCode as string) : null;
    const actor = { subject: principal.subject, role: principal.role };
    const pdfa = pdfaLabel(sniffed);
    // Verified on the stored bytes before the rows are written, so version, verification and
    // timeline event commit together. A verification that fails unexpectedly does not lose the
    // upload: the version is verified again on its first read. The signature dictionaries were
    // found while the bytes streamed in: an unsigned PDF is not read a second time.
    const report = await this.signatures
      .verify({ storageKey: stored.key, sizeBytes: stored.size, contentType: sniffed.contentType }, byteRanges)
      .catch((error: Error) => {
        this.logger.warn(`signatures of upload ${stored.sha256} not verified: ${error.message}`);
        return null;
      });

    const { document, version, protocolNumber } = await this.documents.transaction(async (tx) => {
      const { document, nextVersion } = await this.documents.lockOrCreate(
        { caseId, kind: fields.kind, title: fields.title, createdBy: principal.subject },
        tx,
      );
      // Outbound registration belongs to the procedures that send documents, not to uploads by CMM staff.
      const entry = correspondent
        ? await this.registry.register(
            {
              direction: 'in',
              correspondent,
              subject: fields.title,
              caseId,
              documentSha256: stored.sha256,
              registeredBy: principal.subject,
            },
            tx,
          )
        : null;
      const version = await this.documents.addVersion(
        {
          documentId: document.id,
          version: nextVersion,
          sha256: stored.sha256,
          sizeBytes: stored.size,
          contentType: sniffed.contentType,
          filename,
          storageKey: stored.key,
          uploadedBy: principal.subject,
          registryEntryId: entry?.id ?? null,
        },
        tx,
      );
      if (report)
        await this.signatures.record(
          {
            documentId: document.id,
            version: version.version,
            sha256: stored.sha256,
            sizeBytes: stored.size,
            contentType: version.contentType,
            storageKey: stored.key,
          },
          report,
          tx,
        );
      await this.timeline.append(
        {
          caseId,
          actor,
          type: DOCUMENT_UPLOADED,
          payload: {
            documentId: document.id,
            kind: document.kind,
            title: document.title,
            version: version.version,
            sha256: stored.sha256,
            size: stored.size,
            contentType: sniffed.contentType,
            filename,
            ...(pdfa ? { pdfa } : {}),
            ...(sniffed.encoding ? { encoding: sniffed.encoding } : {}),
            ...(entry ? { protocolNumber: entry.protocolNumber } : {}),
            ...signaturesPayload(report),
          },
        },
        tx,
      );
      return { document, version, protocolNumber: entry?.protocolNumber ?? null };
    });

    const view: DocumentVersionView = {
      documentId: document.id,
      version: version.version,
      sha256: version.sha256,
      sizeBytes: stored.size,
      contentType: version.contentType,
      filename: version.filename,
      storageKey: version.storageKey,
      uploadedAt: version.uploadedAt,
      uploadedBy: version.uploadedBy,
      registryEntryId: version.registryEntryId,
      protocolNumber,
    };
    return {
      ...DocumentVersionDto.from(
        caseId,
        view,
        report
          ? {
              ...report,
              documentId: document.id,
              version: version.version,
              contentSha256: stored.sha256,
              verifiedAt: new Date(report.verifiedAt),
              trustList: report.trustList ? { ...report.trustList, loadedAt: new Date(report.trustList.loadedAt) } : null,
            }
          : undefined,
      ),
      documentId: document.id,
      kind: document.kind,
      title: document.title,
      ...(pdfa ? { pdfa } : {}),
      ...(sniffed.encoding ? { encoding: sniffed.encoding } : {}),
    };
  }

  /** The documents the user may read, with what their signatures were found to be. */
  async list(principal: Principal, caseId: string): Promise<{ documents: DocumentView[]; checks: Map<string, StoredSignatureCheck> }> {
    const documents = await this.documents.listForCase(caseId, await this.readScope(principal, caseId));
    return { documents, checks: await this.signatures.checksOf(documents) };
  }

  async version(principal: Principal, caseId: string, documentId: string, version: number): Promise<DocumentVersionView> {
    const found = await this.documents.findVersion(caseId, documentId, version, await this.readScope(principal, caseId));
    if (!found)
      throw new ProblemException(404, {
        it: `versione ${version} del documento ${documentId} non trovata`,
        en: `version ${version} of document ${documentId} not found`,
      });
    return found;
  }

  /** What the user may read of the case's documents: its own cases, and what concerns it elsewhere (conference, call); else 404. */
  private async readScope(principal: Principal, caseId: string): Promise<DocumentReadScope> {
    const scope = await this.caseRows.documentReadScope(caseId, scopeOf(principal));
    if (!scope) throw new ProblemException(404, { it: `pratica ${caseId} non trovata`, en: `case ${caseId} not found` });
    return scope;
  }

  async open(version: DocumentVersionView, range?: ByteRange): Promise<Readable> {
    try {
      return await this.storage.read(version.storageKey, range);
    } catch (error) {
      if (!(error instanceof ContentNotFoundError)) throw error;
      // A row without its bytes is our fault, not the caller's: say so and leave a trace.
      this.logger.error(`content ${version.storageKey} of document ${version.documentId} v${version.version} is missing from storage`);
      throw new ProblemException(500, {
        it: `il contenuto della versione ${version.version} non è disponibile`,
        en: `the content of version ${version.version} is not available`,
      });
    }
  }

  /** The correspondent as every registry entry names a municipality (MunicipalityRepository.officialName). */
  private async municipalityName(istatCode: string): Promise<string> {
    return (await this.municipalities.officialName(istatCode)) ?? `ISTAT ${istatCode}`;
  }
}
