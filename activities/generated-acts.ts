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

/**
 * Stores an act the system writes (a call notice, a ranking, a filing's receipt) and files it on
 * the case, linked to its registration. The act is a PDF/A-2b document (the archival format of
 * Italian records), so the document's SHA-256 is the hash of the PDF bytes; the same act
 * renders to the same bytes.
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
  const pdf = await renderActPdf(act.content);
  const staged = await deps.documentStorage.stage(Readable.from([pdf]));
  const stored = await staged.commit();
  const documentId = await fileReceivedDocument(deps.documents, tx, {
    caseId: act.caseId,
    kind: act.kind,
    file: {
      title: act.content.title,
      sha256: stored.sha256,
      sizeBytes: stored.size,
      contentType: ACT_CONTENT_TYPE,
      filename: act.filename,
      storageKey: stored.key,
    },
    by: act.by,
    at: act.at,
    registryEntryId: act.registryEntryId,
  });
  return { documentId, sha256: stored.sha256 };
}
