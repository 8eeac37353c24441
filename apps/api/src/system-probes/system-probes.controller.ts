import { Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Allow } from '../auth/access.decorators';
import type { Principal } from '@cmm/auth';
import { SystemProbeDto } from './system-probe.dto';
import { SystemProbesService } from './system-probes.service';

@ApiTags('status')
@Allow('admin')
@Controller('system-probes')
export class SystemProbesController {
  constructor(private readonly probes: SystemProbesService) {}

  @Post()
  @ApiOperation({
    summary: 'Verifica la catena API → Temporal → worker → PostgreSQL',
    description: 'Avvia un workflow la cui attività scrive una riga nel database, e la rilegge.',
  })
  @ApiCreatedResponse({ type: SystemProbeDto })
  run(@CurrentPrincipal() principal: Principal): Promise<SystemProbeDto> {
    return this.probes.run(principal.subject);
  }

  @Get(':probeId')
  @ApiOkResponse({ type: SystemProbeDto })
  get(@Param('probeId', new ParseUUIDPipe({ version: '4' })) probeId: string): Promise<SystemProbeDto> {
    return this.probes.get(probeId);
  }
}
