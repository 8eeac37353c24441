import { ACT_CONTENT_TYPE, type Act, type ActSegnatura, type DocumentStorage, renderActPdf } from '@cmm/documents';
import type { DocumentRepository, RegistryEntryView } from '@cmm/persistence';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { fileReceivedDocument } from './received-documents';

/** What filing an act the system writes itself needs: where the bytes go and the case's documents. */
export interface GeneratedActDeps {
  documentStorage: DocumentStorage;
  documents: DocumentRepository;
}

/** The registration an act carries printed on it (register, number, date, direction). */
export const segnaturaOf = (entry: RegistryEntryView): ActSegnatura => ({
  register: entry.register,
  protocolNumber: entry.protocolNumber,
  registeredAt: entry.registeredAt,
  direction: entry.direction,
});

/** An act rendered and stored, not yet filed on a case. */
export interface StoredAct {
  title: string;
  sha256: string;
  sizeBytes: number;
  storageKey: string;
}

/**
 * Renders an act the system writes as a PDF/A-2b document (the archival format of Italian
 * records) and stores it, outside any transaction: the same act renders to the same bytes and
 * storage is addressed by content, so storing it again (a retry) finds the same file.
 */
export async function storeGeneratedAct(deps: Pick<GeneratedActDeps, 'documentStorage'>, content: Act): Promise<StoredAct> {
  const pdf = await renderActPdf(content);
  const staged = await deps.documentStorage.stage(Readable.from([pdf]));
  const stored = await staged.commit();
  return { title: content.title, sha256: stored.sha256, sizeBytes: stored.size, storageKey: stored.key };
}

/** Files a stored act on the case, in the caller's transaction, linked to its registration. */
export async function fileStoredAct(
  documents: DocumentRepository,
  tx: EntityManager,
  act: { caseId: string; kind: string; filename: string; stored: StoredAct; by: string; at: string; registryEntryId: string | null },
): Promise<{ documentId: string; sha256: string }> {
  const documentId = await fileReceivedDocument(documents, tx, {
    caseId: act.caseId,
    kind: act.kind,
    file: {
      title: act.stored.title,
      sha256: act.stored.sha256,
      sizeBytes: act.stored.sizeBytes,
      contentType: ACT_CONTENT_TYPE,
      filename: act.filename,
      storageKey: act.stored.storageKey,
    },
    by: act.by,
    at: act.at,
    registryEntryId: act.registryEntryId,
  });
  return { documentId, sha256: act.stored.sha256 };
}

/**
 * Stores an act the system writes (a call notice, a ranking) and files it on the case, linked to
 * its registration. The act is a PDF/A-2b document, so the document's SHA-256 is the hash of the
 * PDF bytes; the same act renders to the same bytes.
 */
export async function fileGeneratedAct(
  deps: GeneratedActDeps,
  tx: EntityManager,
  act: {
    caseId: string;
    kind: string;
    filename: string;
    content: Act;
    by: string;
    at: string;
    registryEntryId: string | null;
  },
): Promise<{ documentId: string; sha256: string }> {
  const stored = await storeGeneratedAct(deps, act.content);
  return fileStoredAct(deps.documents, tx, { ...act, stored });
}
