import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CaseTermListDto } from './case-term.dto';
import { CaseTermsService } from './case-terms.service';
import { FailedNoticePageDto, FailedNoticeQueryDto } from './failed-notice.dto';
import { FailedNoticesService } from './failed-notices.service';
import { WorkspaceDeadlinePageDto, WorkspaceDeadlineQueryDto } from './workspace-deadline.dto';
import { WorkspaceDeadlinesService } from './workspace-deadlines.service';

/** What the pages of the officers' workspace read in one request each. */
@ApiTags('workspace')
@Controller()
export class WorkspaceController {
  constructor(
    private readonly deadlines: WorkspaceDeadlinesService,
    private readonly failedNotices: FailedNoticesService,
    private readonly caseTerms: CaseTermsService,
  ) {}

  @Get('workspace/deadlines')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'Scadenze: i termini più vicini tra le pratiche visibili, con giorni di calendario e lavorativi, stato e fonte normativa',
    description: 'Paginazione a cursore (next). Filtri: scaduti, in scadenza entro N giorni, procedimento, Comune, stato del termine.',
  })
  @ApiOkResponse({ type: WorkspaceDeadlinePageDto })
  deadlinesPage(@CurrentPrincipal() principal: Principal, @Query() query: WorkspaceDeadlineQueryDto): Promise<WorkspaceDeadlinePageDto> {
    return this.deadlines.page(principal, query);
  }

  @Get('workspace/failed-notices')
  @Allow('officer', 'manager', 'admin')
  @ApiOperation({
    summary: 'Avvisi: le notifiche non consegnate (fallite o respinte), più recenti prima, con il link alla pratica',
    description: 'I termini scaduti sono GET /workspace/deadlines?overdue=true.',
  })
  @ApiOkResponse({ type: FailedNoticePageDto })
  failedNoticesPage(@Query() query: FailedNoticeQueryDto): Promise<FailedNoticePageDto> {
    return this.failedNotices.page(query);
  }

  @Get('cases/:caseId/terms')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'I termini della pratica con giorni rimanenti (di calendario e lavorativi) e la spiegazione del calcolo dal calendario legale',
  })
  @ApiOkResponse({ type: CaseTermListDto })
  terms(@CurrentPrincipal() principal: Principal, @Param('caseId', new ParseUUIDPipe()) caseId: string): Promise<CaseTermListDto> {
    return this.caseTerms.terms(principal, caseId);
  }
}
