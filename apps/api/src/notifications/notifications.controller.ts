import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { NotificationDto, NotificationListDto, NotificationQueryDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'Notifiche di una pratica con lo stato di ogni destinatario, i tentativi e le ricevute PEC',
    description:
      'Personale CMM: tutte (senza caseId, le 100 più recenti). Comuni e uffici del Sindaco: caseId obbligatorio, solo pratiche proprie e solo i propri destinatari.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiBadRequestResponse({ description: 'caseId mancante per un ruolo comunale, o non valido' })
  @ApiNotFoundResponse({ description: 'Pratica inesistente o non visibile al chiamante' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationQueryDto): Promise<NotificationListDto> {
    return { items: (await this.notifications.list(principal, query.caseId)).map(NotificationDto.from) };
  }
}
