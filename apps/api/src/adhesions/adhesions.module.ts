import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { AdhesionsController } from './adhesions.controller';
import { AdhesionsService } from './adhesions.service';

@Module({ imports: [CasesModule, DocumentsModule], controllers: [AdhesionsController], providers: [AdhesionsService] })
export class AdhesionsModule {}
