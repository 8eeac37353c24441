import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { ProcedureViewsService } from '../procedures/procedure-views.service';

@Module({ controllers: [CasesController], providers: [CasesService, ProcedureViewsService], exports: [CasesService, ProcedureViewsService] })
export class CasesModule {}
