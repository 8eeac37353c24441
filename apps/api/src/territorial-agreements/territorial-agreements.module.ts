import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { TerritorialAgreementsController } from './territorial-agreements.controller';
import { TerritorialAgreementsService } from './territorial-agreements.service';

@Module({ imports: [CasesModule], controllers: [TerritorialAgreementsController], providers: [TerritorialAgreementsService] })
export class TerritorialAgreementsModule {}
