import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type DocumentStorage, FsDocumentStorage } from '@cmm/documents';
import { CasesModule } from '../cases/cases.module';
import { DOCUMENT_STORAGE, documentStorageProvider } from './document-storage.provider';
import { CitedDocumentsService } from './cited-documents.service';
import { DocumentKindsController } from './document-kinds.controller';
import { DocumentsController } from './documents.controller';
import { DocumentSignaturesService } from './document-signatures.service';
import { DocumentsService } from './documents.service';
import { signatureRuntimeProvider } from './signature-runtime.provider';
import { UploadReceiver } from './upload-receiver';

// Long enough that no upload still in progress in another API process is touched.
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

@Module({
  imports: [CasesModule],
  controllers: [DocumentsController, DocumentKindsController],
  providers: [
    documentStorageProvider,
    signatureRuntimeProvider,
    UploadReceiver,
    DocumentsService,
    DocumentSignaturesService,
    CitedDocumentsService,
  ],
  exports: [DOCUMENT_STORAGE, UploadReceiver, CitedDocumentsService, DocumentSignaturesService],
})
export class DocumentsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(DocumentsModule.name);

  constructor(@Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage) {}

  /** Uploads cut short by a crash leave staged files; they are removed at the next start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!(this.storage instanceof FsDocumentStorage)) return;
    const removed = await this.storage.removeStaleStaging(STALE_STAGING_MS).catch((error: Error) => {
      this.logger.warn(`could not sweep staged uploads: ${error.message}`);
      return 0;
    });
    if (removed > 0) this.logger.log(`removed ${removed} stale staged upload(s)`);
  }
}
