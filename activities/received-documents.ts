import type { StoredFile } from '@cmm/contracts';
import type { DocumentRepository } from '@cmm/persistence';
import type { EntityManager } from 'typeorm';

/**
 * Records a file already in storage as the next version of a case document, linked to the
 * registration that received it: how every procedure files what arrives with an act.
 */
export async function fileReceivedDocument(
  documents: DocumentRepository,
  tx: EntityManager,
  received: {
    caseId: string;
    kind: string;
    file: Pick<StoredFile, 'title' | 'sha256' | 'sizeBytes' | 'contentType' | 'filename' | 'storageKey'>;
    by: string;
    at: string;
    registryEntryId: string | null;
  },
): Promise<string> {
  const at = new Date(received.at);
  const { document, nextVersion } = await documents.lockOrCreate(
    { caseId: received.caseId, kind: received.kind, title: received.file.title, createdBy: received.by, createdAt: at },
    tx,
  );
  await documents.addVersion(
    {
      documentId: document.id,
      version: nextVersion,
      sha256: received.file.sha256,
      sizeBytes: received.file.sizeBytes,
      contentType: received.file.contentType,
      filename: received.file.filename,
      storageKey: received.file.storageKey,
      uploadedBy: received.by,
      uploadedAt: at,
      registryEntryId: received.registryEntryId,
    },
    tx,
  );
  return document.id;
}
