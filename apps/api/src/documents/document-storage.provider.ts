import { type FactoryProvider, Inject } from '@nestjs/common';
import { DocumentsConfig } from '@cmm/config';
import { type DocumentStorage, FsDocumentStorage, S3DocumentStorage } from '@cmm/documents';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');
export const InjectDocumentStorage = () => Inject(DOCUMENT_STORAGE);

/** The repository root, found from this file in `apps/` as well as in `dist/apps/`. */
const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
};

export const documentsDirectory = (configured: string): string =>
  isAbsolute(configured) ? configured : resolve(repositoryRoot(), configured);

export const documentStorageProvider: FactoryProvider<DocumentStorage> = {
  provide: DOCUMENT_STORAGE,
  inject: [DocumentsConfig],
  useFactory: (config: DocumentsConfig): DocumentStorage =>
    config.DOCUMENTS_STORAGE === 's3'
      ? new S3DocumentStorage({
          bucket: config.DOCUMENTS_S3_BUCKET as string,
          region: config.DOCUMENTS_S3_REGION,
          endpoint: config.DOCUMENTS_S3_ENDPOINT,
        })
      : new FsDocumentStorage(documentsDirectory(config.DOCUMENTS_DIR)),
};
