import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { TerritorialAgreementsController } from './territorial-agreements.controller';
import { TerritorialAgreementsService } from './territorial-agreements.service';

@Module({
  imports: [CasesModule, DocumentsModule],
  controllers: [TerritorialAgreementsController],
  providers: [TerritorialAgreementsService],
})
export class TerritorialAgreementsModule {}
