import { Module } from '@nestjs/common';
import { WorkspaceController } from './workspace.controller';
import { FailedNoticesService } from './failed-notices.service';
import { WorkspaceDeadlinesService } from './workspace-deadlines.service';

@Module({ controllers: [WorkspaceController], providers: [WorkspaceDeadlinesService, FailedNoticesService] })
export class WorkspaceModule {}
