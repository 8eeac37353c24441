import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CasesExportController } from './cases-export.controller';

@Module({ imports: [CasesModule], controllers: [CasesExportController] })
export class CasesExportModule {}
