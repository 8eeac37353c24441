import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  CaseDetailDto,
  CaseDto,
  CasePageDto,
  CaseQueryDto,
  DashboardDeadlineDto,
  DashboardDeadlineListDto,
  DeadlineDto,
  DeadlineQueryDto,
} from './case.dto';
import { CasesService } from './cases.service';

const EVERY_ROLE = ['officer', 'manager', 'admin', 'comune', 'mayor_office'] as const;

@ApiTags('cases')
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get('cases')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Pratiche visibili al chiamante, più recenti prima (paginazione a cursore)' })
  @ApiOkResponse({ type: CasePageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CaseQueryDto): Promise<CasePageDto> {
    const page = await this.cases.search(principal, query);
    return { items: page.items.map(CaseDto.from), nextCursor: page.nextCursor };
  }

  @Get('cases/:caseId')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Una pratica con i suoi termini' })
  @ApiOkResponse({ type: CaseDetailDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('caseId', new ParseUUIDPipe()) caseId: string): Promise<CaseDetailDto> {
    const { found, deadlines } = await this.cases.visibleCaseWithDeadlines(principal, caseId);
    return { ...CaseDto.from(found), deadlines: deadlines.map(DeadlineDto.from) };
  }

  @Get('deadlines')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'I 50 termini più vicini tra tutte le pratiche visibili (cruscotto)' })
  @ApiOkResponse({ type: DashboardDeadlineListDto })
  async deadlines(@CurrentPrincipal() principal: Principal, @Query() query: DeadlineQueryDto): Promise<DashboardDeadlineListDto> {
    return { items: (await this.cases.nearestDeadlines(principal, query)).map(DashboardDeadlineDto.fromDashboard) };
  }
}
