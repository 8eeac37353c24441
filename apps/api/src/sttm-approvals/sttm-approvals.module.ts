import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { SttmApprovalsController } from './sttm-approvals.controller';
import { SttmApprovalsService } from './sttm-approvals.service';

@Module({ imports: [CasesModule, DocumentsModule], controllers: [SttmApprovalsController], providers: [SttmApprovalsService] })
export class SttmApprovalsModule {}
