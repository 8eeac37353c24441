import type { DocumentStorage } from '@cmm/documents';
import type { DocumentRepository } from '@cmm/persistence';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { fileReceivedDocument } from './received-documents';

/** What filing an act the system writes itself needs: where the bytes go and the case's documents. */
export interface GeneratedActDeps {
  documentStorage: DocumentStorage;
  documents: DocumentRepository;
}

/**
 * Stores an act the system writes (a call notice, a ranking, a filing's receipt) and files it on
 * the case, linked to its registration. The text is the act: UTF-8, so the document's SHA-256 is
 * the hash of exactly what a person reads.
 */
export async function fileGeneratedAct(
  deps: GeneratedActDeps,
  tx: EntityManager,
  act: {
    caseId: string;
    kind: string;
    title: string;
    filename: string;
    text: string;
    by: string;
    at: string;
    registryEntryId: string | null;
  },
): Promise<{ documentId: string; sha256: string }> {
  const staged = await deps.documentStorage.stage(Readable.from([Buffer.from(act.text, 'utf8')]));
  const stored = await staged.commit();
  const documentId = await fileReceivedDocument(deps.documents, tx, {
    caseId: act.caseId,
    kind: act.kind,
    file: {
      title: act.title,
      sha256: stored.sha256,
      sizeBytes: stored.size,
      contentType: 'text/plain; charset=utf-8',
      filename: act.filename,
      storageKey: stored.key,
    },
    by: act.by,
    at: act.at,
    registryEntryId: act.registryEntryId,
  });
  return { documentId, sha256: stored.sha256 };
}
