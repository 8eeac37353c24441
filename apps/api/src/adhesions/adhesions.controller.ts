import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import {
  registerAdhesionUpdate,
  rejectAdhesionUpdate,
  requestAdhesionCorrectionsUpdate,
  submitAdhesionCorrectionsUpdate,
  withdrawAdhesionUpdate,
} from '@cmm/contracts';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ReasonDto } from '../common/dto/reason.dto';
import { AdhesionReceiptDto, AdhesionViewDto, RequestCorrectionsDto, SubmitAdhesionDto, SubmitCorrectionsDto } from './adhesion.dto';
import { AdhesionsService } from './adhesions.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());

/**
 * Atto deliberativo di adesione alle STTM e al Fondo perequativo (NdA PTM art. 11; Relazione
 * generale §4.5). Each action is a Temporal Update: the answer is the new state or the refusal.
 */
@ApiTags('adhesions')
@Controller('adhesions')
export class AdhesionsController {
  constructor(private readonly adhesions: AdhesionsService) {}

  @Post()
  @Allow('comune')
  @ApiOperation({
    summary: "Il Comune presenta l'atto deliberativo di adesione",
    description:
      'La delibera si carica prima con POST /uploads. La stessa delibera (comune, numero, data) ripresentata restituisce la pratica già aperta (200).',
  })
  @ApiCreatedResponse({ type: AdhesionReceiptDto })
  @ApiOkResponse({ type: AdhesionReceiptDto, description: 'Delibera già presentata: la pratica esistente' })
  @ApiResponse({ status: 422, description: 'Dati non validi (campo e regola in invalid-params)' })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SubmitAdhesionDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdhesionReceiptDto> {
    const receipt = await this.adhesions.submit(principal, dto);
    response.status(receipt.created ? 201 : 200).setHeader('Location', `/adhesions/${receipt.caseId}`);
    return receipt;
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: "Stato dell'adesione" })
  @ApiOkResponse({ type: AdhesionViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.adhesions.view(principal, caseId);
  }

  @Post(':caseId/correction-requests')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Richiesta di correzioni al Comune' })
  @ApiOkResponse({ type: AdhesionViewDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  requestCorrections(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: RequestCorrectionsDto) {
    return this.adhesions.act(principal, caseId, requestAdhesionCorrectionsUpdate, { corrections: dto.corrections, note: dto.note ?? '' });
  }

  @Post(':caseId/corrections')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: 'Il Comune trasmette le correzioni (documenti già caricati sulla pratica)' })
  @ApiOkResponse({ type: AdhesionViewDto })
  submitCorrections(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: SubmitCorrectionsDto) {
    return this.adhesions.act(principal, caseId, submitAdhesionCorrectionsUpdate, { note: dto.note ?? '', documentIds: dto.documentIds });
  }

  @Post(':caseId/registration')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: "Registrazione dell'adesione: gli impegni entrano nel registro del Fondo" })
  @ApiOkResponse({ type: AdhesionViewDto })
  register(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.adhesions.act(principal, caseId, registerAdhesionUpdate, {});
  }

  @Post(':caseId/rejection')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Diniego motivato della registrazione' })
  @ApiOkResponse({ type: AdhesionViewDto })
  reject(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ReasonDto) {
    return this.adhesions.act(principal, caseId, rejectAdhesionUpdate, { reason: dto.reason });
  }

  @Post(':caseId/withdrawal')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: "Il Comune ritira l'adesione prima della registrazione" })
  @ApiOkResponse({ type: AdhesionViewDto })
  withdraw(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ReasonDto) {
    return this.adhesions.act(principal, caseId, withdrawAdhesionUpdate, { reason: dto.reason });
  }
}
