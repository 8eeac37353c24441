import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { AnnualCallsController } from './annual-calls.controller';
import { AnnualCallsService } from './annual-calls.service';

@Module({ imports: [CasesModule], controllers: [AnnualCallsController], providers: [AnnualCallsService] })
export class AnnualCallsModule {}
