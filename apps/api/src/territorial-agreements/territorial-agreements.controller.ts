import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import {
  addAgreementDraftUpdate,
  declareAgreementFailedUpdate,
  refuseAgreementUpdate,
  sendAgreementForSignatureUpdate,
  setAgreementCommitmentsUpdate,
  signAgreementUpdate,
  withdrawAgreementUpdate,
} from '@cmm/contracts';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  AgreementCommitmentsDto,
  AgreementDraftDto,
  AgreementFailureDto,
  AgreementRefusalDto,
  AgreementRegistrationDto,
  AgreementSignatureDto,
  AgreementViewDto,
  AgreementWithdrawalDto,
  StartAgreementDto,
} from './territorial-agreement.dto';
import { TerritorialAgreementsService } from './territorial-agreements.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());

/**
 * Accordo territoriale (NdA PTM art. 10-11). Each action is a Temporal Update: the answer is
 * the agreement's new state, or the reason it was refused (403 role or party, 409 state,
 * 422 data). Each answer is typed as AgreementViewDto, so the compiler holds the published
 * schema to the workflow's view (Schemathesis checks the answers against that schema).
 */
@ApiTags('territorial-agreements')
@Controller('territorial-agreements')
export class TerritorialAgreementsController {
  constructor(private readonly agreements: TerritorialAgreementsService) {}

  @Post()
  @Allow('officer', 'manager')
  @ApiOperation({
    summary: 'Avvia un accordo territoriale tra Comuni (e la Città metropolitana per esternalità metropolitane)',
    description:
      'Di norma l’accordo nasce dalla conferenza di concertazione; qui lo si avvia direttamente. Con Idempotency-Key una richiesta ripetuta ritrova l’accordo già avviato (200).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Chiave scelta dal client (8-200 caratteri ASCII visibili)' })
  @ApiCreatedResponse({ type: AgreementRegistrationDto })
  @ApiOkResponse({ type: AgreementRegistrationDto, description: 'Stessa Idempotency-Key: l’accordo già avviato' })
  @ApiResponse({ status: 422, description: 'Comuni non appartenenti alla Città metropolitana, pratica di origine sconosciuta' })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: StartAgreementDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AgreementRegistrationDto> {
    // The key (checked before every route) names the case: procedures/idempotency-key.ts.
    const { caseId, reference, created } = await this.agreements.start(principal, dto);
    response.status(created ? 201 : 200).setHeader('Location', `/territorial-agreements/${caseId}`);
    return { caseId, reference, created };
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Stato dell’accordo: parti e firme, bozza corrente, impegni, termine di sottoscrizione, rifiuti' })
  @ApiOkResponse({ type: AgreementViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string): Promise<AgreementViewDto> {
    return this.agreements.view(principal, caseId);
  }

  @Post(':caseId/drafts')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Nuova versione della bozza (documenti già caricati sulla pratica): annulla firme e rifiuti precedenti' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Accordo concluso' })
  async addDraft(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Body() dto: AgreementDraftDto,
  ): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, addAgreementDraftUpdate, { documentIds: dto.documentIds, note: dto.note ?? '' });
  }

  @Post(':caseId/commitments')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Impegni delle parti verso il Fondo perequativo e per il riequilibrio delle diffusività (parte della bozza)' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale (bozza già inviata per la firma)' })
  @ApiResponse({ status: 422, description: 'Impegno di un soggetto che non è parte, importo negativo, base normativa o data non valida' })
  setCommitments(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Body() dto: AgreementCommitmentsDto,
  ): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, setAgreementCommitmentsUpdate, {
      commitments: this.agreements.toCommitments(dto.commitments),
    });
  }

  @Post(':caseId/send-for-signature')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Invia la bozza alle parti per la sottoscrizione (PEC) e avvia il termine' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  sendForSignature(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, sendAgreementForSignatureUpdate, {});
  }

  @Post(':caseId/signatures')
  @HttpCode(200)
  @Allow('comune', 'mayor_office', 'manager')
  @ApiOperation({
    summary:
      'Sottoscrizione di una parte: documento firmato digitalmente caricato sulla pratica (il dirigente firma per la Città metropolitana)',
  })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Bozza superata, firma già apposta o accordo non in firma' })
  @ApiResponse({ status: 422, description: 'Il documento non reca una firma digitale' })
  async sign(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Body() dto: AgreementSignatureDto,
  ): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, signAgreementUpdate, { documentId: dto.documentId, draftVersion: dto.draftVersion });
  }

  @Post(':caseId/refusals')
  @HttpCode(200)
  @Allow('comune', 'mayor_office', 'manager')
  @ApiOperation({ summary: 'Rifiuto motivato di una parte: l’accordo torna in rinegoziazione' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  refuse(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: AgreementRefusalDto): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, refuseAgreementUpdate, { reasons: dto.reasons, draftVersion: dto.draftVersion });
  }

  @Post(':caseId/failure')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Accordo non raggiunto (dopo un rifiuto o scaduto il termine di sottoscrizione)' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  declareFailed(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Body() dto: AgreementFailureDto,
  ): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, declareAgreementFailedUpdate, { reasons: dto.reasons });
  }

  @Post(':caseId/withdrawal')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Ritiro motivato del procedimento' })
  @ApiOkResponse({ type: AgreementViewDto })
  @ApiResponse({ status: 409, description: 'Accordo già concluso' })
  withdraw(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Body() dto: AgreementWithdrawalDto,
  ): Promise<AgreementViewDto> {
    return this.agreements.act(principal, caseId, withdrawAgreementUpdate, { reason: dto.reason });
  }
}
