import { type StoredFile, attachmentKind } from '@cmm/contracts';
import type { UploadRecord } from '@cmm/persistence';
import type { LocalizedInvalidParam } from '../problem-details/problem.exception';

/**
 * An upload a filing cites: the request field naming it and the kind the document takes on the
 * case (null keeps the kind declared at upload: a `report` stays a report).
 */
export interface CitedUpload {
  field: string;
  id: string;
  kind: StoredFile['kind'] | null;
}

/** One `knownUpload` problem per cited upload that is not among the caller's own complete uploads. */
export function unknownUploadProblems(cited: readonly CitedUpload[], found: ReadonlyMap<string, UploadRecord>): LocalizedInvalidParam[] {
  return cited
    .filter((upload) => !found.has(upload.id))
    .map((upload) => ({
      name: upload.field,
      rule: 'knownUpload',
      reason: {
        it: `${upload.id} non è un file caricato da questo Comune (usare prima POST /uploads)`,
        en: `${upload.id} is not an upload of this municipality (POST /uploads first)`,
      },
    }));
}

/** The files the workflow stores on the case, once every cited upload was found. */
export function storedFilesOf(cited: readonly CitedUpload[], found: ReadonlyMap<string, UploadRecord>): StoredFile[] {
  return cited.map(({ id, kind }) => {
    const upload = found.get(id) as UploadRecord;
    return {
      kind: kind ?? attachmentKind(upload.kind),
      title: upload.title,
      sha256: upload.sha256,
      sizeBytes: upload.sizeBytes,
      contentType: upload.contentType,
      filename: upload.filename,
      storageKey: upload.storageKey,
    };
  });
}
