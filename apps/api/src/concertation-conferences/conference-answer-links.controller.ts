import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AnswerLinkClaims, InvalidAnswerLinkError, verifyAnswerLink } from '@cmm/auth';
import { ProcedureConfig } from '@cmm/config';
import {
  type ConcertationConferenceView,
  answerConvocationUpdate,
  concertationConferenceWorkflowId,
  getConferenceQuery,
} from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { AnswerLinkRepository, MunicipalityRepository } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validate } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { InvalidParamsException, type LocalizedInvalidParam, ProblemException } from '../problem-details/problem.exception';
import { runAction } from '../procedures/procedure-workflows';
import { constraintReason } from '../validation/constraint-reasons';
import { type AnswerPageData, answerDonePage, answerFormPage, answerProblemPage, recordedAnswerText } from './answer-page';
import { AnswerLinkViewDto, LinkAnswerDto } from './concertation-conference.dto';

type Lang = 'it' | 'en';
const it = (lang: Lang, italian: string, english: string) => (lang === 'en' ? english : italian);
// The same address rule the conference machine applies to a delegate.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORM_FIELDS = ['answer', 'delegateName', 'delegateRole', 'delegateEmail'] as const;

/** What the person reads next to a field, by the rule it broke. */
const FIELD_MESSAGES: Record<string, Record<Lang, string>> = {
  'answer:isIn': { it: 'Scegliere una risposta.', en: 'Choose an answer.' },
  'delegateName:required': { it: 'Indicare nome e cognome del delegato.', en: "Give the delegate's full name." },
  'delegateRole:required': { it: 'Indicare il ruolo del delegato.', en: "Give the delegate's role." },
  'delegateEmail:email': { it: 'Indicare un indirizzo email valido del delegato.', en: "Give the delegate's valid email address." },
};

// The same words as every other DTO of the API: Italian by constraint, English class-validator's.
const flatten = (errors: ValidationError[]): LocalizedInvalidParam[] =>
  errors.flatMap((error) =>
    Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({
      name: error.property,
      rule,
      reason: constraintReason(error, rule, reason),
    })),
  );

const DELEGATE_FIELD_REQUIRED = { it: 'obbligatorio quando si indica un delegato', en: 'required when naming a delegate' };

const reasonIn = (reason: LocalizedInvalidParam['reason'], lang: Lang): string => (typeof reason === 'string' ? reason : reason[lang]);

/**
 * The page's language is its `lang` parameter: asked for English, the reasons are English; otherwise
 * both texts go to the problem filter, which answers Italian unless Accept-Language says English.
 */
const inPageLanguage = (problems: LocalizedInvalidParam[], lang: Lang): LocalizedInvalidParam[] =>
  lang === 'en' ? problems.map((p) => ({ ...p, reason: reasonIn(p.reason, 'en') })) : problems;

/** The HTML state of the form: the values as sent, one message per field. */
const formState = (body: Record<string, unknown>, problems: LocalizedInvalidParam[], lang: Lang) => ({
  values: Object.fromEntries(FORM_FIELDS.filter((f) => typeof body[f] === 'string').map((f) => [f, body[f] as string])),
  errors: Object.fromEntries(problems.map((p) => [p.name, FIELD_MESSAGES[`${p.name}:${p.rule}`]?.[lang] ?? reasonIn(p.reason, lang)])),
});

/** The body against the DTO, then the delegate's fields when the answer names one (as the conference machine requires). */
export async function checkLinkAnswer(body: unknown): Promise<{ dto: LinkAnswerDto; problems: LocalizedInvalidParam[]; status: number }> {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const dto = plainToInstance(LinkAnswerDto, raw);
  // Malformed fields are a 400, as the global validation pipe answers; a delegate left incomplete is a 422.
  const malformed = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  if (malformed.length > 0) return { dto, problems: malformed, status: 400 };
  const problems: LocalizedInvalidParam[] = [];
  if (dto.answer === 'delegated') {
    if (!dto.delegateName) problems.push({ name: 'delegateName', rule: 'required', reason: DELEGATE_FIELD_REQUIRED });
    if (!dto.delegateRole) problems.push({ name: 'delegateRole', rule: 'required', reason: DELEGATE_FIELD_REQUIRED });
    if (!EMAIL.test(dto.delegateEmail ?? ''))
      problems.push({ name: 'delegateEmail', rule: 'email', reason: { it: 'deve essere un indirizzo email', en: 'an email address' } });
  }
  return { dto, problems, status: 422 };
}

/** Only the session's own facts: the attendance of the other municipalities is not the link holder's to read. */
const sessionFacts = (session: ConcertationConferenceView['sessions'][number]) => ({
  id: session.id,
  startsAt: session.startsAt,
  endsAt: session.endsAt,
  place: session.place,
  videoLink: session.videoLink,
  sequence: session.sequence,
  status: session.status,
});

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
const LangQuery = () =>
  ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'], description: 'Lingua della pagina (predefinita: it)' });

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
  @ApiExtraModels(AnswerLinkViewDto)
  @ApiOkResponse({
    description:
      'Il modulo di risposta, o la risposta registrata se il collegamento è già stato usato (HTML); i dati della convocazione con la risposta di questo Comune (JSON)',
    content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: getSchemaPath(AnswerLinkViewDto) } } },
  })
  @ApiResponse({ status: 410, description: 'Collegamento scaduto o sostituito da una convocazione aggiornata' })
  async page(
    @Param('token') token: string,
    @Query('lang') langParam: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const lang: Lang = langParam === 'en' ? 'en' : 'it';
    await this.respond(request, response, lang, async () => {
      const { claims, view } = await this.open(token, lang);
      const used = await this.links.find(claims.jti);
      const session = view.sessions.find((s) => s.id === claims.sessionId)!;
      const data = await this.pageData(claims, view);
      const answer = session.attendance[claims.istatCode] ?? null;
      // An answer given by a signed-in user uses the link up as well.
      const answered = answer !== null && answer.answer !== 'pending';
      const json: AnswerLinkViewDto = {
        ...data,
        agenda: view.agenda,
        session: sessionFacts(session),
        istatCode: claims.istatCode,
        sessionId: claims.sessionId,
        answer: answer as AnswerLinkViewDto['answer'],
        answerTerm: session.answerTerm ? { dueDate: session.answerTerm.dueDate, legalSource: session.answerTerm.legalSource } : null,
        usedAt: used?.usedAt ? used.usedAt.toISOString() : answered ? (answer?.answeredAt ?? null) : null,
      };
      // After use the link shows what was recorded (by it or by a signed-in user) instead of the form.
      const html =
        json.usedAt && answer
          ? answerDonePage(lang, recordedAnswerText(answer, lang))
          : answerFormPage(lang, data, this.formAction(request, lang));
      return { html, json };
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
  @ApiResponse({
    status: 422,
    description: 'Campi non validi (invalid-params); la pagina HTML ripresenta il modulo con gli errori accanto ai campi',
  })
  @ApiBody({ type: LinkAnswerDto })
  async answer(
    @Param('token') token: string,
    @Query('lang') langParam: string | undefined,
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const lang: Lang = langParam === 'en' ? 'en' : 'it';
    await this.respond(request, response, lang, async () => {
      const { claims, view } = await this.open(token, lang);
      this.refuseIfAnswered(claims, view, lang);
      // Validated here rather than by the global pipe, so a browser gets its form back with the errors.
      const { dto, problems, status } = await checkLinkAnswer(body);
      if (problems.length > 0) {
        if (this.wantsHtml(request)) {
          const page = answerFormPage(
            lang,
            await this.pageData(claims, view),
            this.formAction(request, lang),
            formState(body ?? {}, problems, lang),
          );
          return { status, html: page, json: null };
        }
        throw new InvalidParamsException(inPageLanguage(problems, lang), status);
      }
      const delegate =
        dto.answer === 'delegated' ? { name: dto.delegateName ?? '', role: dto.delegateRole ?? '', email: dto.delegateEmail ?? '' } : null;
      const actor: Actor = {
        subject: `answer-link:${claims.jti}`,
        name: 'Collegamento personale della convocazione',
        email: null,
        role: 'mayor_office',
        istatCode: claims.istatCode,
      };
      const handle = this.temporal.workflow.getHandle(concertationConferenceWorkflowId(claims.caseId));
      const used = await this.links.useOnce(claims.jti, dto.answer, () =>
        runAction(
          handle,
          (updateId) =>
            handle.executeUpdate(answerConvocationUpdate, {
              updateId,
              args: [{ actor, sessionId: claims.sessionId, istatCode: claims.istatCode, answer: dto.answer, delegate, via: 'link' }],
            }),
          async () => null,
          `${answerConvocationUpdate.name}/${actor.subject}`,
        ),
      );
      if (used.outcome !== 'used') {
        if (used.outcome === 'already-used') throw this.alreadyUsed(lang, used.usedAt as Date);
        throw new ProblemException(404, it(lang, 'collegamento non valido', 'the link is not valid'));
      }
      const attendance = used.value.sessions.find((s) => s.id === claims.sessionId)?.attendance[claims.istatCode];
      return {
        html: answerDonePage(lang, attendance ? recordedAnswerText(attendance, lang) : null),
        json: { caseId: claims.caseId, sessionId: claims.sessionId, istatCode: claims.istatCode, attendance },
      };
    });
  }

  private async pageData(claims: AnswerLinkClaims, view: ConcertationConferenceView): Promise<AnswerPageData> {
    const session = view.sessions.find((s) => s.id === claims.sessionId)!;
    const municipality = (await this.municipalities.findByIstatCode(claims.istatCode))?.name ?? claims.istatCode;
    return { reference: view.reference, subject: view.subject, municipality: `Comune di ${municipality}`, session: sessionFacts(session) };
  }

  private formAction(request: Request, lang: Lang): string {
    return `${request.baseUrl}${request.path}${lang === 'en' ? '?lang=en' : ''}`;
  }

  private wantsHtml(request: Request): boolean {
    return (
      (request.headers.accept ?? '').includes('text/html') ||
      request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded'
    );
  }

  /** The link's claims and the conference, or why the link no longer answers. */
  private async open(token: string, lang: Lang): Promise<{ claims: AnswerLinkClaims; view: ConcertationConferenceView }> {
    let claims: AnswerLinkClaims;
    try {
      claims = await verifyAnswerLink(this.procedures.ANSWER_LINK_SECRET, token);
    } catch (error) {
      if (error instanceof InvalidAnswerLinkError && error.expired)
        throw new ProblemException(
          410,
          it(lang, 'il collegamento è scaduto: la seduta è terminata', 'the link has expired: the session is over'),
        );
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
          : it(
              lang,
              'la seduta è stata modificata: usare il collegamento della convocazione aggiornata',
              'the session changed: use the link of the updated convocation',
            ),
      );
    }
    return { claims, view };
  }

  /** One answer per invitation, whichever channel gave it: an answer through the API uses the link up too. */
  private refuseIfAnswered(claims: AnswerLinkClaims, view: ConcertationConferenceView, lang: Lang): void {
    const given = view.sessions.find((s) => s.id === claims.sessionId)?.attendance[claims.istatCode];
    if (!given || given.answer === 'pending') return;
    const at = given.answeredAt ?? '';
    throw new ProblemException(
      409,
      it(
        lang,
        `il Comune ha già risposto a questa convocazione (${at}): il collegamento non accetta un'altra risposta`,
        `the municipality has already answered this convocation (${at}): the link takes no other answer`,
      ),
      { answeredAt: given.answeredAt, via: given.via },
    );
  }

  private alreadyUsed(lang: Lang, at: Date): ProblemException {
    return new ProblemException(
      409,
      it(lang, `il collegamento è già stato usato (${at.toISOString()})`, `the link was already used (${at.toISOString()})`),
      { usedAt: at.toISOString() },
    );
  }

  /** HTML for a browser (the link opened from the email), problem+json and JSON for programs. */
  private async respond(
    request: Request,
    response: Response,
    lang: Lang,
    work: () => Promise<{ html: string; json: unknown; status?: number }>,
  ): Promise<void> {
    const wantsHtml = this.wantsHtml(request);
    try {
      const { html, json, status = 200 } = await work();
      if (wantsHtml) response.status(status).type('html').send(html);
      else response.status(status).json(json);
    } catch (error) {
      if (!wantsHtml || !(error instanceof HttpException)) throw error;
      const detail = error instanceof ProblemException ? error.detail : error.message;
      response.status(error.getStatus()).type('html').send(answerProblemPage(lang, detail));
    }
  }
}
