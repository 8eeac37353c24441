import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import {
  archiveUpdate,
  closeInadmissibleUpdate,
  confirmCompletenessUpdate,
  decideRelevanceUpdate,
  issueOpinionUpdate,
  recordConcertationOutcomeUpdate,
  requestIntegrationUpdate,
  submitIntegrationUpdate,
  withdrawUpdate,
} from '@cmm/contracts';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ReasonDto } from '../common/dto/reason.dto';
import {
  ConcertationOutcomeDto,
  EvaluationReceiptDto,
  EvaluationViewDto,
  OpinionDto,
  RelevanceDto,
  RequestIntegrationDto,
  SubmitEvaluationDto,
  SubmitIntegrationDto,
} from './compatibility-evaluation.dto';
import { CompatibilityEvaluationsService } from './compatibility-evaluations.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());

/**
 * Valutazione di compatibilità al PTM (LR 12/2005 art. 13 c.5; NdA art. 9-10). Each action
 * is a Temporal Update: the answer is the case's new state, or the reason it was refused.
 */
@ApiTags('compatibility-evaluations')
@Controller('compatibility-evaluations')
export class CompatibilityEvaluationsController {
  constructor(private readonly evaluations: CompatibilityEvaluationsService) {}

  @Post()
  @Allow('comune')
  @ApiOperation({
    summary: 'Il Comune chiede la valutazione di compatibilità di un atto adottato',
    description:
      'I file si caricano prima con POST /uploads. La stessa domanda (comune, tipo di atto, numero e data della delibera) ' +
      'ripresentata restituisce la pratica già aperta (200) invece di aprirne una seconda (201).',
  })
  @ApiCreatedResponse({ type: EvaluationReceiptDto })
  @ApiOkResponse({ type: EvaluationReceiptDto, description: 'Domanda già presentata: la pratica esistente' })
  @ApiResponse({ status: 422, description: 'Dati incompleti (es. manca il bilancio delle diffusività)' })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: '`respond-async` (RFC 7240): risposta 202 appena la domanda è acquisita, senza attendere il protocollo',
  })
  @ApiResponse({ status: 202, type: EvaluationReceiptDto, description: 'Domanda acquisita (Prefer: respond-async); il protocollo segue' })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SubmitEvaluationDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EvaluationReceiptDto> {
    const respondAsync = /\brespond-async\b/i.test(prefer ?? '');
    const receipt = await this.evaluations.submit(principal, dto, { waitForReceipt: !respondAsync });
    response.status(respondAsync ? 202 : receipt.created ? 201 : 200).setHeader('Location', `/compatibility-evaluations/${receipt.caseId}`);
    if (respondAsync) response.setHeader('Preference-Applied', 'respond-async');
    return receipt as EvaluationReceiptDto;
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Stato della valutazione, termini e esito' })
  @ApiOkResponse({ type: EvaluationViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.evaluations.view(principal, caseId);
  }

  @Post(':caseId/completeness')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Documentazione completa: inizia l’istruttoria' })
  @ApiOkResponse({ type: EvaluationViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  confirmCompleteness(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.evaluations.act(principal, caseId, confirmCompletenessUpdate, {});
  }

  @Post(':caseId/integration-requests')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Richiesta di integrazioni: sospende il termine (una volta, max 30 giorni)' })
  @ApiOkResponse({ type: EvaluationViewDto })
  requestIntegration(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: RequestIntegrationDto) {
    return this.evaluations.act(principal, caseId, requestIntegrationUpdate, { missing: dto.missing, note: dto.note ?? '' });
  }

  @Post(':caseId/integrations')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: 'Il Comune risponde alla richiesta di integrazioni (documenti già caricati sulla pratica)' })
  @ApiOkResponse({ type: EvaluationViewDto })
  submitIntegration(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: SubmitIntegrationDto) {
    return this.evaluations.act(principal, caseId, submitIntegrationUpdate, { note: dto.note ?? '', documentIds: dto.documentIds });
  }

  @Post(':caseId/relevance')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Decisione sulla rilevanza sovracomunale (art. 10 NdA)' })
  @ApiOkResponse({ type: EvaluationViewDto })
  decideRelevance(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: RelevanceDto) {
    return this.evaluations.act(principal, caseId, decideRelevanceUpdate, { recognised: dto.recognised, reasons: dto.reasons });
  }

  @Post(':caseId/concertation-outcome')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Esito della conferenza di concertazione' })
  @ApiOkResponse({ type: EvaluationViewDto })
  recordConcertationOutcome(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ConcertationOutcomeDto) {
    return this.evaluations.act(principal, caseId, recordConcertationOutcomeUpdate, { outcome: dto.outcome, reasons: dto.reasons });
  }

  @Post(':caseId/opinion')
  @HttpCode(200)
  @Allow('manager')
  @ApiOperation({ summary: 'Parere di compatibilità firmato dal dirigente' })
  @ApiOkResponse({ type: EvaluationViewDto })
  issueOpinion(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: OpinionDto) {
    return this.evaluations.act(principal, caseId, issueOpinionUpdate, {
      outcome: dto.outcome,
      prescriptions: dto.prescriptions ?? [],
      reasons: dto.reasons ?? '',
      documentId: dto.documentId,
    });
  }

  @Post(':caseId/withdrawal')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: 'Il Comune ritira la domanda' })
  @ApiOkResponse({ type: EvaluationViewDto })
  withdraw(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ReasonDto) {
    return this.evaluations.act(principal, caseId, withdrawUpdate, { reason: dto.reason });
  }

  @Post(':caseId/archival')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Archiviazione motivata' })
  @ApiOkResponse({ type: EvaluationViewDto })
  archive(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ReasonDto) {
    return this.evaluations.act(principal, caseId, archiveUpdate, { reason: dto.reason });
  }

  @Post(':caseId/inadmissibility')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Chiusura per improcedibilità (integrazioni non pervenute nel termine)' })
  @ApiOkResponse({ type: EvaluationViewDto })
  closeInadmissible(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ReasonDto) {
    return this.evaluations.act(principal, caseId, closeInadmissibleUpdate, { reasons: dto.reason });
  }
}
