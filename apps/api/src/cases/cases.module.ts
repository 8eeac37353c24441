import { Module } from '@nestjs/common';
import { CaseStatesController } from './case-states.controller';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';

@Module({
  controllers: [CasesController, CaseStatesController],
  providers: [CasesService, ProcedureViewsService],
  exports: [CasesService, ProcedureViewsService],
})
export class CasesModule {}
