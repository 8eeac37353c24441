import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { SttmApprovalsController } from './sttm-approvals.controller';
import { SttmApprovalsService } from './sttm-approvals.service';

@Module({ imports: [CasesModule], controllers: [SttmApprovalsController], providers: [SttmApprovalsService] })
export class SttmApprovalsModule {}
