import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AnswerLinkClaims, InvalidAnswerLinkError, verifyAnswerLink } from '@cmm/auth';
import { ProcedureConfig } from '@cmm/config';
import { type ConcertationConferenceView, answerConvocationUpdate, concertationConferenceWorkflowId, getConferenceQuery } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { AnswerLinkRepository, MunicipalityRepository } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { ProblemException } from '../problem-details/problem.exception';
import { runAction } from '../procedures/procedure-workflows';
import { answerDonePage, answerFormPage, answerProblemPage } from './answer-page';
import { LinkAnswerDto } from './concertation-conference.dto';

type Lang = 'it' | 'en';
const it = (lang: Lang, italian: string, english: string) => (lang === 'en' ? english : italian);

/**
 * The single-use links of the convocations: a mayor's office answers without an account. The
 * token proves which municipality and session it is for; the table of issued links makes it
 * usable once; a newer invitation (a moved session) supersedes the links of the older one.
 */
// The token is the credential (a signed, single-use link): the document describes it as a
// compact JWS and the routes as anonymous on purpose (security: [{}]).
const TokenParam = () =>
  ApiParam({
    name: 'token',
    description: 'Collegamento personale: JWS compatto firmato (HS256) con scadenza, usabile una volta',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$', maxLength: 2048 },
  });
const LangQuery = () => ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'], description: 'Lingua della pagina (predefinita: it)' });

@ApiTags('concertation-conferences')
@Controller('conference-answers')
export class ConferenceAnswerLinksController {
  constructor(
    private readonly temporal: Client,
    private readonly procedures: ProcedureConfig,
    private readonly links: AnswerLinkRepository,
    private readonly municipalities: MunicipalityRepository,
  ) {}

  @Get(':token')
  @Public()
  @TokenParam()
  @LangQuery()
  @ApiOperation({ summary: 'Pagina di risposta alla convocazione (collegamento personale, senza accesso)' })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'Il modulo di risposta (HTML) o i dati della convocazione (JSON)' })
  @ApiResponse({ status: 410, description: 'Collegamento scaduto o sostituito da una convocazione aggiornata' })
  async page(@Param('token') token: string, @Query('lang') langParam: string | undefined, @Req() request: Request, @Res() response: Response) {
    const lang: Lang = langParam === 'en' ? 'en' : 'it';
    await this.respond(request, response, lang, async () => {
      const { claims, view } = await this.open(token, lang);
      const used = await this.links.find(claims.jti);
      if (used?.usedAt) throw this.alreadyUsed(lang, used.usedAt);
      const session = view.sessions.find((s) => s.id === claims.sessionId)!;
      const municipality = (await this.municipalities.findByIstatCode(claims.istatCode))?.name ?? claims.istatCode;
      const data = { reference: view.reference, subject: view.subject, municipality: `Comune di ${municipality}`, session };
      return {
        html: answerFormPage(lang, data, `${request.baseUrl}${request.path}${lang === 'en' ? '?lang=en' : ''}`),
        json: { ...data, istatCode: claims.istatCode, sessionId: claims.sessionId, answer: session.attendance[claims.istatCode] },
      };
    });
  }

  @Post(':token')
  @Public()
  @TokenParam()
  @LangQuery()
  @ApiOperation({ summary: 'Risposta alla convocazione dal collegamento personale (una sola volta)' })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'Risposta registrata' })
  @ApiResponse({ status: 409, description: 'Collegamento già usato, o seduta già iniziata' })
  @ApiResponse({ status: 410, description: 'Collegamento scaduto o sostituito' })
  async answer(@Param('token') token: string, @Query('lang') langParam: string | undefined, @Body() dto: LinkAnswerDto, @Req() request: Request, @Res() response: Response) {
    const lang: Lang = langParam === 'en' ? 'en' : 'it';
    await this.respond(request, response, lang, async () => {
      const { claims } = await this.open(token, lang);
      const delegate = dto.answer === 'delegated' ? { name: dto.delegateName ?? '', role: dto.delegateRole ?? '', email: dto.delegateEmail ?? '' } : null;
      const actor: Actor = { subject: `answer-link:${claims.jti}`, name: 'Collegamento personale della convocazione', email: null, role: 'mayor_office', istatCode: claims.istatCode };
      const handle = this.temporal.workflow.getHandle(concertationConferenceWorkflowId(claims.caseId));
      const used = await this.links.useOnce(claims.jti, dto.answer, () =>
        runAction(
          () => handle.executeUpdate(answerConvocationUpdate, { args: [{ actor, sessionId: claims.sessionId, istatCode: claims.istatCode, answer: dto.answer, delegate, via: 'link' }] }),
          async () => null,
        ),
      );
      if (used.outcome !== 'used') {
        if (used.outcome === 'already-used') throw this.alreadyUsed(lang, used.usedAt as Date);
        throw new ProblemException(404, it(lang, 'collegamento non valido', 'the link is not valid'));
      }
      const view = used.value;
      const attendance = view.sessions.find((s) => s.id === claims.sessionId)?.attendance[claims.istatCode];
      return { html: answerDonePage(lang), json: { caseId: claims.caseId, sessionId: claims.sessionId, istatCode: claims.istatCode, attendance } };
    });
  }

  /** The link's claims and the conference, or why the link no longer answers. */
  private async open(token: string, lang: Lang): Promise<{ claims: AnswerLinkClaims; view: ConcertationConferenceView }> {
    let claims: AnswerLinkClaims;
    try {
      claims = await verifyAnswerLink(this.procedures.ANSWER_LINK_SECRET, token);
    } catch (error) {
      if (error instanceof InvalidAnswerLinkError && error.expired) throw new ProblemException(410, it(lang, 'il collegamento è scaduto: la seduta è terminata', 'the link has expired: the session is over'));
      throw new ProblemException(404, it(lang, 'collegamento non valido', 'the link is not valid'));
    }
    const view = await this.temporal.workflow.getHandle(concertationConferenceWorkflowId(claims.caseId)).query(getConferenceQuery);
    const session = view.sessions.find((s) => s.id === claims.sessionId);
    if (!session) throw new ProblemException(404, it(lang, 'collegamento non valido', 'the link is not valid'));
    if (session.sequence !== claims.sequence || session.status === 'cancelled') {
      throw new ProblemException(
        410,
        session.status === 'cancelled'
          ? it(lang, 'la seduta è stata annullata', 'the session was cancelled')
          : it(lang, 'la seduta è stata modificata: usare il collegamento della convocazione aggiornata', 'the session changed: use the link of the updated convocation'),
      );
    }
    return { claims, view };
  }

  private alreadyUsed(lang: Lang, at: Date): ProblemException {
    return new ProblemException(409, it(lang, `il collegamento è già stato usato (${at.toISOString()})`, `the link was already used (${at.toISOString()})`), { usedAt: at.toISOString() });
  }

  /** HTML for a browser (the link opened from the email), problem+json and JSON for programs. */
  private async respond(request: Request, response: Response, lang: Lang, work: () => Promise<{ html: string; json: unknown }>): Promise<void> {
    const wantsHtml = (request.headers.accept ?? '').includes('text/html') || request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
    try {
      const { html, json } = await work();
      if (wantsHtml) response.status(200).type('html').send(html);
      else response.status(200).json(json);
    } catch (error) {
      if (!wantsHtml || !(error instanceof HttpException)) throw error;
      const detail = error instanceof ProblemException ? error.detail : error.message;
      response.status(error.getStatus()).type('html').send(answerProblemPage(lang, detail));
    }
  }
}
