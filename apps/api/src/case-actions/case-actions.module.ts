import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';

@Module({ imports: [CasesModule], controllers: [CaseActionsController], providers: [CaseActionsService], exports: [CaseActionsService] })
export class CaseActionsModule {}
