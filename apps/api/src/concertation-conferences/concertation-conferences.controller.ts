import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { ProcedureConfig } from '@cmm/config';
import {
  addSessionUpdate,
  answerConvocationUpdate,
  cancelSessionUpdate,
  closeConferenceUpdate,
  moveSessionUpdate,
  recordMinutesUpdate,
  sessionCalendar,
  submitContributionUpdate,
  withdrawConferenceUpdate,
} from '@cmm/contracts';
import { buildIcs } from '@cmm/notifications';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import {
  AnswerDto,
  CloseConferenceDto,
  ConferenceViewDto,
  ContributionDto,
  MinutesDto,
  MoveSessionDto,
  ConferenceReasonDto,
  SessionPlanDto,
  StartConferenceDto,
} from './concertation-conference.dto';
import { ConcertationConferencesService, sessionPlan } from './concertation-conferences.service';

const CaseId = () => Param('caseId', new ParseUUIDPipe());
const SessionId = () => Param('sessionId');

/**
 * Conferenza consultiva di concertazione (NdA PTM art. 10). Each action is a Temporal Update:
 * the answer is the conference's new state, or the reason it was refused.
 */
@ApiTags('concertation-conferences')
@Controller('concertation-conferences')
export class ConcertationConferencesController {
  constructor(
    private readonly conferences: ConcertationConferencesService,
    private readonly procedures: ProcedureConfig,
  ) {}

  @Post()
  @Allow('officer', 'manager')
  @ApiOperation({
    summary: 'Convoca la conferenza di concertazione',
    description:
      'Con parentCaseId la conferenza nasce dalla valutazione di compatibilità che ha riconosciuto la rilevanza sovracomunale ' +
      '(i Comuni proposti sono il proponente e quelli del bilancio delle diffusività). La prima seduta deve rispettare il preavviso del regolamento.',
  })
  @ApiCreatedResponse({ type: ConferenceViewDto })
  @ApiOkResponse({ type: ConferenceViewDto, description: 'Stessa Idempotency-Key: la conferenza già convocata' })
  @ApiResponse({ status: 422, description: 'Dati non validi (es. preavviso insufficiente, Comune non della Città metropolitana)' })
  async start(@CurrentPrincipal() principal: Principal, @Body() dto: StartConferenceDto, @Res({ passthrough: true }) response: Response) {
    const { created, ...view } = await this.conferences.start(principal, dto);
    response.status(created ? 201 : 200).setHeader('Location', `/concertation-conferences/${view.caseId}`);
    return view;
  }

  @Get(':caseId')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Stato della conferenza: sedute, risposte, contributi, consegna delle convocazioni' })
  @ApiOkResponse({ type: ConferenceViewDto })
  view(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string) {
    return this.conferences.view(principal, caseId);
  }

  @Get(':caseId/sessions/:sessionId/calendar')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: 'La seduta come evento di calendario (ICS)',
    description:
      'Lo stesso evento dell’invito della convocazione (stesso UID e SEQUENCE): importato, aggiorna quello già in agenda. Seduta annullata: METHOD:CANCEL.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'VCALENDAR con un VEVENT', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'Conferenza non visibile o seduta inesistente' })
  async calendar(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @SessionId() sessionId: string,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.conferences.view(principal, caseId);
    const session = view.sessions.find((candidate) => candidate.id === sessionId);
    if (!session)
      throw new ProblemException(404, {
        it: `la conferenza non ha una seduta ${sessionId}`,
        en: `the conference has no session ${sessionId}`,
      });
    const calendar = sessionCalendar(caseId, {
      kind: session.status === 'cancelled' ? 'cancellation' : 'convocation',
      session,
      subject: view.subject,
    });
    // The organizer of the invitations the notices carried: CMM's procedure mailbox.
    const ics = buildIcs(
      { ...calendar, organizer: { name: 'Città metropolitana di Milano', address: this.procedures.OFFICERS_MAILBOX } },
      {
        stamp: new Date(),
        description: view.agenda,
      },
    );
    response
      .status(200)
      .setHeader('Content-Type', 'text/calendar; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="seduta-${session.startsAt.slice(0, 10)}.ics"`)
      .send(ics);
  }

  @Post(':caseId/sessions')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Aggiunge una seduta: convocazione con invito (ICS) a ogni Comune' })
  @ApiOkResponse({ type: ConferenceViewDto })
  addSession(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: SessionPlanDto) {
    const session = sessionPlan(dto);
    this.conferences.checkSessionPlan(session, 'session');
    return this.conferences.act(principal, caseId, addSessionUpdate, { session });
  }

  @Post(':caseId/sessions/:sessionId/move')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Sposta una seduta: invito aggiornato (stesso UID, SEQUENCE maggiore); le risposte si raccolgono di nuovo' })
  @ApiOkResponse({ type: ConferenceViewDto })
  moveSession(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @SessionId() sessionId: string,
    @Body() dto: MoveSessionDto,
  ) {
    const session = sessionPlan(dto);
    this.conferences.checkSessionPlan(session, 'session');
    return this.conferences.act(principal, caseId, moveSessionUpdate, { sessionId, session });
  }

  @Post(':caseId/sessions/:sessionId/cancellation')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Annulla una seduta: invito di annullamento (CANCEL) a ogni Comune' })
  @ApiOkResponse({ type: ConferenceViewDto })
  cancelSession(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @SessionId() sessionId: string,
    @Body() dto: ConferenceReasonDto,
  ) {
    return this.conferences.act(principal, caseId, cancelSessionUpdate, { sessionId, reason: dto.reason });
  }

  @Post(':caseId/sessions/:sessionId/minutes')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Verbale della seduta (documento già caricato sulla pratica)' })
  @ApiOkResponse({ type: ConferenceViewDto })
  async recordMinutes(
    @CurrentPrincipal() principal: Principal,
    @CaseId() caseId: string,
    @SessionId() sessionId: string,
    @Body() dto: MinutesDto,
  ) {
    return this.conferences.act(principal, caseId, recordMinutesUpdate, { sessionId, documentId: dto.documentId });
  }

  @Post(':caseId/sessions/:sessionId/answers')
  @HttpCode(200)
  @Allow('comune', 'mayor_office', 'officer', 'manager')
  @ApiOperation({ summary: 'Risposta alla convocazione: conferma, declina o delega (nome, ruolo, email)' })
  @ApiOkResponse({ type: ConferenceViewDto })
  answer(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @SessionId() sessionId: string, @Body() dto: AnswerDto) {
    const istatCode = this.conferences.speakingFor(principal, dto.istatCode);
    if (dto.answer !== 'delegated' && dto.delegate) {
      throw new InvalidParamsException(
        [
          {
            name: 'delegate',
            rule: 'onlyWhenDelegated',
            reason: { it: 'il delegato si indica solo con la risposta «delegated»', en: 'a delegate goes with the answer "delegated"' },
          },
        ],
        422,
      );
    }
    return this.conferences.act(principal, caseId, answerConvocationUpdate, {
      sessionId,
      istatCode,
      answer: dto.answer,
      delegate: dto.delegate ?? null,
      via: 'api' as 'api' | 'link',
    });
  }

  @Post(':caseId/contributions')
  @HttpCode(200)
  @Allow('comune', 'mayor_office', 'officer', 'manager')
  @ApiOperation({ summary: 'Contributo scritto di un Comune convocato, entro il termine' })
  @ApiOkResponse({ type: ConferenceViewDto })
  async contribute(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ContributionDto) {
    const istatCode = this.conferences.speakingFor(principal, dto.istatCode);
    return this.conferences.act(principal, caseId, submitContributionUpdate, {
      istatCode,
      documentIds: dto.documentIds ?? [],
      note: dto.note ?? '',
    });
  }

  @Post(':caseId/closure')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Chiude la conferenza: accordo raggiunto (avvia l’accordo territoriale) o non raggiunto' })
  @ApiOkResponse({ type: ConferenceViewDto })
  close(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: CloseConferenceDto) {
    return this.conferences.act(principal, caseId, closeConferenceUpdate, {
      outcome: dto.outcome,
      reasons: dto.reasons,
      agreement: dto.agreement ?? null,
    });
  }

  @Post(':caseId/withdrawal')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'Ritira la conferenza: le sedute future sono annullate nei calendari' })
  @ApiOkResponse({ type: ConferenceViewDto })
  withdraw(@CurrentPrincipal() principal: Principal, @CaseId() caseId: string, @Body() dto: ConferenceReasonDto) {
    return this.conferences.act(principal, caseId, withdrawConferenceUpdate, { reason: dto.reason });
  }
}
