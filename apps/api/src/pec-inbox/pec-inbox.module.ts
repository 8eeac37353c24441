import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { PecInboxController } from './pec-inbox.controller';
import { PecInboxService } from './pec-inbox.service';

@Module({ imports: [DocumentsModule], controllers: [PecInboxController], providers: [PecInboxService] })
export class PecInboxModule {}
