import { Controller, Get, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import type { Request } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { localeFrom } from '../problem-details/problem-details';
import { TimelineEventDto, TimelineEventListDto, TimelineVerificationDto } from './timeline.dto';
import { TimelineService } from './timeline.service';

const EVERY_ROLE = ['officer', 'manager', 'admin', 'comune', 'mayor_office'] as const;

@ApiTags('timeline')
@ApiBearerAuth()
@Controller('cases/:caseId/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Cronologia della pratica: eventi in ordine, ognuno legato al precedente dal suo hash' })
  @ApiOkResponse({ type: TimelineEventListDto })
  @ApiNotFoundResponse({ description: 'Pratica inesistente o non visibile al chiamante' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
  ): Promise<TimelineEventListDto> {
    const { procedure, events } = await this.timeline.events(principal, caseId);
    return { items: events.map((event) => TimelineEventDto.from(event, procedure)) };
  }

  @Get('verification')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Verifica la catena degli hash della cronologia',
    description: 'Risponde 200 anche quando la catena è rotta: valid=false indica il primo anello non valido (brokenAt) e il motivo.',
  })
  @ApiOkResponse({ type: TimelineVerificationDto })
  @ApiNotFoundResponse({ description: 'Pratica inesistente o non visibile al chiamante' })
  async verify(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Req() request: Request,
  ): Promise<TimelineVerificationDto> {
    // The reason is read by people: Italian first, English on request, like every problem detail.
    // Read from the request, not @Headers(), which would declare a required header in the OpenAPI document.
    return TimelineVerificationDto.from(await this.timeline.verify(principal, caseId), localeFrom(request.headers['accept-language']));
  }
}
