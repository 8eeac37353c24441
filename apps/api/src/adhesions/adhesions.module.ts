import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { AdhesionsController } from './adhesions.controller';
import { AdhesionsService } from './adhesions.service';

@Module({ imports: [CasesModule], controllers: [AdhesionsController], providers: [AdhesionsService] })
export class AdhesionsModule {}
