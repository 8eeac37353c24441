import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { CSV_CONTENT_TYPE } from '@cmm/persistence';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  BalancesDto,
  BuildingConferralDto,
  CommitmentListDto,
  CommitmentsQueryDto,
  DisbursementDto,
  LedgerTransactionDto,
  OverdueCommitmentsDto,
  PaymentDto,
  PostCommitmentsDto,
  PostingResultDto,
  ReportQueryDto,
  ReversalDto,
  SoilAllocationDto,
} from './fund.dto';
import { FundService } from './fund.service';

const READERS = ['officer', 'manager', 'admin', 'comune', 'mayor_office'] as const;
const POSTERS = ['officer', 'manager'] as const;

/** The same act posted again answers 200 with the first posting instead of 201. */
const created = <T extends { created: boolean }>(response: Response, result: T): T => {
  response.status(result.created ? 201 : 200);
  return result;
};

const csv = (response: Response, filename: string, body: string): string => {
  response.setHeader('Content-Type', CSV_CONTENT_TYPE);
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return body;
};

/**
 * Fondo perequativo metropolitano (NdA PTM art. 11; Relazione generale §4.5): the double-entry
 * ledger of its financial, real-estate and soil-consumption sections. CMM staff post acts;
 * municipalities read their own accounts.
 */
@ApiTags('fund')
@Controller('fund')
export class FundController {
  constructor(private readonly fund: FundService) {}

  @Post('commitments')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Iscrive gli impegni al Fondo di un atto (accordo territoriale, adesione); idempotente per pratica e atto' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Atto già iscritto' })
  @ApiResponse({ status: 422, description: 'Dati non validi (campo e regola)' })
  async postCommitments(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: PostCommitmentsDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return created(response, await this.fund.postCommitments(principal, dto));
  }

  @Get('commitments')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Impegni con quanto versato (i Comuni vedono i propri)' })
  @ApiOkResponse({ type: CommitmentListDto })
  commitments(@CurrentPrincipal() principal: Principal, @Query() query: CommitmentsQueryDto) {
    return this.fund.commitments(principal, query);
  }

  @Post('payments')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Versamento ricevuto a fronte di un impegno (mai oltre il dovuto)' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Versamento già registrato con lo stesso atto' })
  @ApiResponse({ status: 422, description: 'Importo oltre il dovuto o dati non validi' })
  async recordPayment(@CurrentPrincipal() principal: Principal, @Body() dto: PaymentDto, @Res({ passthrough: true }) response: Response) {
    return created(response, await this.fund.recordPayment(principal, dto));
  }

  @Post('disbursements')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Erogazione a un intervento (mai oltre la disponibilità del Fondo)' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Erogazione già registrata con lo stesso atto' })
  async recordDisbursement(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: DisbursementDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return created(response, await this.fund.recordDisbursement(principal, dto));
  }

  @Post('buildings')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Conferimento di un immobile alla sezione immobiliare, con dati e documenti' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Conferimento già registrato' })
  async conferBuilding(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: BuildingConferralDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return created(response, await this.fund.conferBuilding(principal, dto));
  }

  @Post('soil-allocations')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Assegnazione di una quota di consumo di suolo (m²) a un Comune con atto della Città metropolitana' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Assegnazione già registrata' })
  async allocateSoilQuota(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SoilAllocationDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return created(response, await this.fund.allocateSoilQuota(principal, dto));
  }

  @Get('transactions/:transactionId')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Una scrittura con le sue righe (i Comuni: solo se riguarda i propri conti)' })
  @ApiOkResponse({ type: LedgerTransactionDto })
  transaction(@CurrentPrincipal() principal: Principal, @Param('transactionId', new ParseUUIDPipe()) transactionId: string) {
    return this.fund.transaction(principal, transactionId);
  }

  @Post('transactions/:transactionId/reversal')
  @Allow(...POSTERS)
  @ApiOperation({ summary: 'Storno: una scrittura uguale e contraria; la scrittura originale resta' })
  @ApiCreatedResponse({ type: PostingResultDto })
  @ApiOkResponse({ type: PostingResultDto, description: 'Scrittura già stornata: lo storno esistente' })
  @ApiResponse({ status: 409, description: 'Non stornabile (uno storno, uno scambio registrato, impegni con versamenti)' })
  async reverse(
    @CurrentPrincipal() principal: Principal,
    @Param('transactionId', new ParseUUIDPipe()) transactionId: string,
    @Body() dto: ReversalDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    return created(response, await this.fund.reverse(principal, transactionId, dto));
  }

  @Get('balances')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Saldi per Comune e sezione a una data (JSON o CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: BalancesDto,
    description:
      'Senza on: oggi (Roma). Con format=csv: text/csv UTF-8 con BOM, separatore ; (predefinito, Excel in italiano) o , (separator=comma), intestazioni in italiano, in allegato',
  })
  async balances(@CurrentPrincipal() principal: Principal, @Query() query: ReportQueryDto, @Res({ passthrough: true }) response: Response) {
    const result = await this.fund.balances(principal, query);
    return 'csv' in result ? csv(response, `fondo-saldi-${result.on}.csv`, result.csv) : result;
  }

  @Get('overdue-commitments')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Impegni scaduti e non interamente versati a una data (JSON o CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: OverdueCommitmentsDto,
    description:
      'Senza on: oggi (Roma). Con format=csv: text/csv UTF-8 con BOM, separatore ; (predefinito, Excel in italiano) o , (separator=comma), intestazioni in italiano, in allegato',
  })
  async overdueCommitments(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ReportQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.fund.overdueCommitments(principal, query);
    return 'csv' in result ? csv(response, `fondo-impegni-scaduti-${result.on}.csv`, result.csv) : result;
  }
}
