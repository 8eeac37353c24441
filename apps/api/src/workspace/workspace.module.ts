import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseTermsService } from './case-terms.service';
import { WorkspaceController } from './workspace.controller';
import { FailedNoticesService } from './failed-notices.service';
import { WorkspaceDeadlinesService } from './workspace-deadlines.service';

@Module({
  imports: [CasesModule],
  controllers: [WorkspaceController],
  providers: [WorkspaceDeadlinesService, FailedNoticesService, CaseTermsService],
})
export class WorkspaceModule {}
