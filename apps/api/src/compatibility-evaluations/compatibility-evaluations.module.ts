import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { CompatibilityEvaluationsController } from './compatibility-evaluations.controller';
import { CompatibilityEvaluationsService } from './compatibility-evaluations.service';

@Module({
  imports: [CasesModule, DocumentsModule],
  controllers: [CompatibilityEvaluationsController],
  providers: [CompatibilityEvaluationsService],
})
export class CompatibilityEvaluationsModule {}
