import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { approveRankingUpdate, cancelCallUpdate, markEligibilityUpdate, scoreProposalUpdate } from '@cmm/contracts';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  AmendProposalDto,
  CallListDto,
  CallRegistrationDto,
  CallViewDto,
  CancelCallDto,
  EligibilityDto,
  ProposalReceiptDto,
  ProposalViewDto,
  RankingDto,
  ScoresDto,
  StartAnnualCallDto,
  SubmitProposalDto,
} from './annual-call.dto';
import { AnnualCallsService } from './annual-calls.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());
const STAFF = ['officer', 'manager'] as const;

/**
 * Avviso annuale ex art. 14 NdA PTM. A Schedule opens it every year; officers may open a
 * year by hand. Adhering municipalities propose while the window is open; officers decide
 * eligibility and score; a manager approves the ranking, which is published and notified.
 */
@ApiTags('annual-calls')
@ApiBearerAuth()
@Controller('annual-calls')
export class AnnualCallsController {
  constructor(private readonly calls: AnnualCallsService) {}

  @Post()
  @Allow(...STAFF)
  @ApiOperation({ summary: "Apre a mano l'avviso di un anno (uno per anno: se già aperto, dalla Schedule o a mano, lo restituisce)" })
  @ApiCreatedResponse({ type: CallRegistrationDto })
  @ApiOkResponse({ type: CallRegistrationDto, description: "Avviso dell'anno già aperto" })
  @ApiResponse({ status: 422, description: 'Pesi non validi (interi, somma 100, un peso per criterio)' })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: StartAnnualCallDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CallRegistrationDto> {
    const registration = await this.calls.start(principal, dto);
    response.status(registration.created ? 201 : 200).setHeader('Location', `/annual-calls/${registration.caseId}`);
    return registration;
  }

  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'Gli avvisi annuali, dal più recente (un Comune vede quelli che gli sono stati notificati o a cui ha presentato proposte)',
  })
  @ApiOkResponse({ type: CallListDto })
  list(@CurrentPrincipal() principal: Principal) {
    return this.calls.list(principal);
  }

  @Post('proposals')
  @Allow('comune')
  @ApiOperation({
    summary: "Il Comune aderente presenta una proposta all'avviso dell'anno, entro la finestra (i documenti prima con POST /uploads)",
  })
  @ApiCreatedResponse({ type: ProposalReceiptDto })
  @ApiResponse({ status: 403, description: 'Comune non aderente a nessuna STTM nel giorno della proposta' })
  @ApiResponse({ status: 409, description: 'Finestra di presentazione chiusa' })
  submit(@CurrentPrincipal() principal: Principal, @Body() dto: SubmitProposalDto) {
    return this.calls.submit(principal, dto);
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin', 'comune')
  @ApiOperation({ summary: "Stato dell'avviso, finestra, criteri e pesi, proposte (un Comune vede solo le proprie), graduatoria" })
  @ApiOkResponse({ type: CallViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.calls.view(principal, caseId);
  }

  @Get(':caseId/proposals/:proposalId')
  @Allow('officer', 'manager', 'admin', 'comune')
  @ApiOperation({ summary: 'Una proposta (di un altro Comune: 404)' })
  @ApiOkResponse({ type: ProposalViewDto })
  @ApiResponse({ status: 404, description: 'Proposta inesistente o di un altro Comune' })
  proposal(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Param('proposalId') proposalId: string) {
    return this.calls.proposal(principal, caseId, proposalId);
  }

  @Put(':caseId/proposals/:proposalId')
  @Allow('comune')
  @ApiOperation({
    summary:
      'Il Comune corregge la propria proposta finché la finestra è aperta: la proposta intera, i documenti nuovi prima con POST /uploads; protocollata come la proposta',
  })
  @ApiOkResponse({ type: CallViewDto, description: "L'avviso come lo vede il Comune, con la proposta corretta" })
  @ApiResponse({ status: 403, description: 'Non è un utente di un Comune' })
  @ApiResponse({ status: 404, description: 'Avviso o proposta inesistente, o proposta di un altro Comune' })
  @ApiResponse({ status: 409, description: 'Finestra di presentazione chiusa (regola annual-call.submission-window)' })
  @ApiResponse({
    status: 422,
    description: 'Dati non validi: il problema nomina il campo (costCents, cofinancingCents, sttm, uploadIds.N, ...)',
  })
  amend(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: AmendProposalDto,
  ) {
    return this.calls.amend(principal, caseId, proposalId, dto);
  }

  @Post(':caseId/proposals/:proposalId/eligibility')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Ammissibilità della proposta, motivata' })
  @ApiOkResponse({ type: CallViewDto })
  eligibility(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: EligibilityDto,
  ) {
    return this.calls.act(principal, caseId, markEligibilityUpdate, { proposalId, eligible: dto.eligible, reasons: dto.reasons });
  }

  @Post(':caseId/proposals/:proposalId/scores')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Punteggi della proposta per criterio (coerenza con le STTM 1, 2, 3 e con l’art. 19 NdA)' })
  @ApiOkResponse({ type: CallViewDto })
  scores(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: ScoresDto,
  ) {
    return this.calls.act(principal, caseId, scoreProposalUpdate, { proposalId, scores: dto.scores });
  }

  @Post(':caseId/ranking/approval')
  @HttpCode(200)
  @Allow('manager')
  @ApiOperation({
    summary: 'Il dirigente approva la graduatoria: pubblicata (protocollo, albo pretorio) e notificata ai Comuni proponenti',
  })
  @ApiOkResponse({ type: CallViewDto })
  approve(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.calls.act(principal, caseId, approveRankingUpdate, {});
  }

  @Get(':caseId/ranking')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'La graduatoria pubblicata, con la regola che ha risolto ogni parità' })
  @ApiOkResponse({ type: RankingDto })
  ranking(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.calls.ranking(principal, caseId);
  }

  @Post(':caseId/cancellation')
  @HttpCode(200)
  @Allow('manager')
  @ApiOperation({ summary: "Annullamento dell'avviso, motivato" })
  @ApiOkResponse({ type: CallViewDto })
  cancel(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: CancelCallDto) {
    return this.calls.act(principal, caseId, cancelCallUpdate, { reason: dto.reason });
  }
}
