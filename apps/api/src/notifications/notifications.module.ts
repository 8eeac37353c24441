import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [CasesModule], controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
