import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import {
  adoptSttmUpdate,
  approveFinalUpdate,
  approvePreliminaryUpdate,
  cancelSttmUpdate,
  convokeConferenzaUpdate,
  decideVasUpdate,
  holdConferenzaUpdate,
  makeProposalAvailableUpdate,
  planAdoptionUpdate,
  publishAdoptionUpdate,
  publishBurlNoticeUpdate,
  publishApprovalUpdate,
  recordControdeduzioneUpdate,
  recordObservationUpdate,
  recordParticipationUpdate,
  recordSttmOpinionUpdate,
  recordVasOpinionUpdate,
  recordVasStepUpdate,
} from '@cmm/contracts';
import type { SttmAct } from '@cmm/domain';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  ActBodyDto,
  type ActDto,
  CancelDto,
  ControdeduzioneDto,
  ConvokeConferenzaDto,
  InboundDto,
  ParticipationDto,
  PlanAdoptionDto,
  StartSttmDto,
  SttmRegistrationDto,
  SttmViewDto,
  VasDecisionDto,
  VasStepDto,
  VasViewDto,
} from './sttm-approval.dto';
import { SttmApprovalsService } from './sttm-approvals.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());
const STAFF = ['officer', 'manager'] as const;
const toAct = (dto: ActDto): SttmAct => ({ type: dto.type, number: dto.number, date: dto.date, documentId: dto.documentId ?? null });

/**
 * Approvazione delle Strategie Tematico-Territoriali Metropolitane (NdA PTM art. 7bis;
 * Relazione generale §2.1). Each action is a Temporal Update: the answer is the new state of
 * the iter, or why it was refused (dates outside the 90/60-day constraints come with the valid ones).
 */
@ApiTags('sttm-approvals')
@ApiBearerAuth()
@Controller('sttm-approvals')
export class SttmApprovalsController {
  constructor(private readonly sttm: SttmApprovalsService) {}

  @Post()
  @Allow(...STAFF)
  @ApiOperation({
    summary: 'Avvio del procedimento di una STTM con il decreto del Sindaco metropolitano; parte la verifica di esclusione dalla VAS',
  })
  @ApiCreatedResponse({ type: SttmRegistrationDto })
  @ApiOkResponse({ type: SttmRegistrationDto, description: 'Procedimento già avviato per questa STTM' })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: StartSttmDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SttmRegistrationDto> {
    const registration = await this.sttm.start(principal, dto);
    response.status(registration.created ? 201 : 200).setHeader('Location', `/sttm-approvals/${registration.caseId}`);
    return registration;
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin')
  @ApiOperation({ summary: "Stato dell'iter, atti, date calcolate (ultima messa a disposizione, finestra della conferenza istruttoria)" })
  @ApiOkResponse({ type: SttmViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.sttm.view(principal, caseId);
  }

  @Post(':caseId/planned-adoption')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: "Data prevista dell'adozione: il calendario legale calcola le date dei passi precedenti" })
  @ApiOkResponse({ type: SttmViewDto })
  @ApiResponse({ status: 422, description: 'Data incompatibile con le date già registrate (con le date ammesse)' })
  planAdoption(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: PlanAdoptionDto) {
    return this.sttm.act(principal, caseId, planAdoptionUpdate, {
      adoptionDate: dto.adoptionDate,
      recordedAfterTheFact: dto.recordedAfterTheFact === true,
    });
  }

  @Post(':caseId/participation')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Evento o contributo del processo partecipativo' })
  @ApiOkResponse({ type: SttmViewDto })
  participation(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ParticipationDto) {
    return this.sttm.act(principal, caseId, recordParticipationUpdate, {
      kind: dto.kind,
      title: dto.title,
      date: dto.date,
      documentIds: dto.documentIds ?? [],
    });
  }

  @Post(':caseId/preliminary-approval')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Progetto preliminare approvato con decreto e trasmesso al Consiglio' })
  @ApiOkResponse({ type: SttmViewDto })
  approvePreliminary(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, approvePreliminaryUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/availability')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: "Messa a disposizione della proposta (almeno 90 giorni, 45 dimezzati, prima dell'adozione)" })
  @ApiOkResponse({ type: SttmViewDto })
  makeAvailable(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, makeProposalAvailableUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/conferenza/convocation')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Convocazione della conferenza istruttoria: inviti via PEC a tutti i Comuni' })
  @ApiOkResponse({ type: SttmViewDto })
  convoke(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ConvokeConferenzaDto) {
    return this.sttm.act(principal, caseId, convokeConferenzaUpdate, {
      act: toAct(dto.act),
      meetingDate: dto.meetingDate,
      ...(dto.meetingTime ? { meetingTime: dto.meetingTime } : {}),
      ...(dto.place ? { place: dto.place } : {}),
    });
  }

  @Post(':caseId/conferenza/minutes')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Conferenza istruttoria tenuta (verbale)' })
  @ApiOkResponse({ type: SttmViewDto })
  holdConferenza(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, holdConferenzaUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/opinions')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: "Parere sul progetto preliminare (fino all'adozione), protocollato in entrata" })
  @ApiOkResponse({ type: SttmViewDto })
  opinion(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: InboundDto) {
    return this.sttm.act(principal, caseId, recordSttmOpinionUpdate, {
      from: dto.from,
      text: dto.text,
      receivedOn: dto.receivedOn,
      documentIds: dto.documentIds ?? [],
    });
  }

  @Post(':caseId/adoption')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Adozione con delibera del Consiglio metropolitano' })
  @ApiOkResponse({ type: SttmViewDto })
  @ApiResponse({ status: 422, description: 'Data di adozione incompatibile con i vincoli 90/60 giorni (con le date ammesse)' })
  adopt(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, adoptSttmUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/adoption/publication')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({
    summary:
      "Pubblicazione all'albo pretorio della delibera di adozione: si apre il periodo delle osservazioni (se decorre dall'albo; altrimenti dall'avviso sul BURL)",
  })
  @ApiOkResponse({ type: SttmViewDto })
  publishAdoption(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, publishAdoptionUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/adoption/burl-notice')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({
    summary: "Avviso dell'adozione sul BURL: si apre il periodo delle osservazioni (solo se il procedimento decorre dall'avviso sul BURL)",
  })
  @ApiOkResponse({ type: SttmViewDto })
  publishBurlNotice(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, publishBurlNoticeUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/observations')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Osservazione pervenuta (chi, testo, documenti), protocollata in entrata' })
  @ApiOkResponse({ type: SttmViewDto })
  observation(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: InboundDto) {
    return this.sttm.act(principal, caseId, recordObservationUpdate, {
      from: dto.from,
      text: dto.text,
      receivedOn: dto.receivedOn,
      documentIds: dto.documentIds ?? [],
    });
  }

  @Post(':caseId/observations/:observationId/controdeduzione')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: "Controdeduzione a un'osservazione" })
  @ApiOkResponse({ type: SttmViewDto })
  controdeduzione(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @Param('observationId') observationId: string,
    @Body() dto: ControdeduzioneDto,
  ) {
    return this.sttm.act(principal, caseId, recordControdeduzioneUpdate, { observationId, outcome: dto.outcome, text: dto.text });
  }

  @Post(':caseId/final-approval')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Approvazione definitiva con le controdeduzioni (delibera del Consiglio)' })
  @ApiOkResponse({ type: SttmViewDto })
  approveFinal(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, approveFinalUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/final-approval/publication')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: "Pubblicazione dell'approvazione: la STTM è in vigore" })
  @ApiOkResponse({ type: SttmViewDto })
  publishApproval(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ActBodyDto) {
    return this.sttm.act(principal, caseId, publishApprovalUpdate, { act: toAct(dto.act) });
  }

  @Post(':caseId/cancellation')
  @HttpCode(200)
  @Allow('manager')
  @ApiOperation({ summary: 'Chiusura motivata del procedimento' })
  @ApiOkResponse({ type: SttmViewDto })
  cancel(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: CancelDto) {
    return this.sttm.act(principal, caseId, cancelSttmUpdate, { reason: dto.reason });
  }

  @Get(':caseId/vas')
  @Allow('officer', 'manager', 'admin')
  @ApiOperation({ summary: 'Verifica di esclusione dalla VAS: passi, pareri, termini, esito' })
  @ApiOkResponse({ type: VasViewDto })
  vasView(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.sttm.vasView(principal, caseId);
  }

  @Post(':caseId/vas/steps')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({
    summary: 'Passo della verifica VAS: deposito SIVAS, comunicazione alle autorità, richiesta VIncA, conferenza di verifica',
  })
  @ApiOkResponse({ type: VasViewDto })
  vasStep(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: VasStepDto) {
    return this.sttm.act(principal, caseId, recordVasStepUpdate, { step: dto.step, act: toAct(dto.act) }, 'vas');
  }

  @Post(':caseId/vas/opinions')
  @HttpCode(200)
  @Allow(...STAFF)
  @ApiOperation({ summary: 'Parere di un soggetto competente in materia ambientale' })
  @ApiOkResponse({ type: VasViewDto })
  vasOpinion(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: InboundDto) {
    return this.sttm.act(
      principal,
      caseId,
      recordVasOpinionUpdate,
      { from: dto.from, text: dto.text, receivedOn: dto.receivedOn, documentIds: dto.documentIds ?? [] },
      'vas',
    );
  }

  @Post(':caseId/vas/decision')
  @HttpCode(200)
  @Allow('manager')
  @ApiOperation({ summary: "Decreto di esclusione dalla VAS o di assoggettamento (che chiude l'iter)" })
  @ApiOkResponse({ type: VasViewDto })
  vasDecision(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: VasDecisionDto) {
    return this.sttm.act(
      principal,
      caseId,
      decideVasUpdate,
      { outcome: dto.outcome, reasons: dto.reasons ?? '', act: toAct(dto.act) },
      'vas',
    );
  }
}
