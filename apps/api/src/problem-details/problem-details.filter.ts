import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { LegalCalendarError, type LegalCalendarErrorCode } from '@cmm/legal-calendar';
import type { Request, Response } from 'express';
import { databaseProblemOf } from './database-errors';
import { BODY_PROBLEMS } from './body-limits';
import {
  type Locale,
  type LocalizedText,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  localeFrom,
  textFor,
  titleFor,
} from './problem-details';
import { type LocalizedInvalidParam, ProblemException } from './problem.exception';

const messageOf = (exception: HttpException): string => {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
};

/**
 * Nest's own messages that callers meet (an unknown route, a path parameter that is not a
 * UUID), in Italian too; any other keeps Nest's English words in both languages.
 */
export const builtInText = (message: string): LocalizedText => {
  const route = /^Cannot ([A-Z]+) (.+)$/.exec(message);
  if (route) return { it: `nessuna risorsa per ${route[1]} ${route[2]}`, en: message };
  const pipe = /^Validation failed \((.+) is expected\)$/.exec(message);
  if (pipe) return { it: `parametro non valido: è atteso ${pipe[1] === 'uuid' ? 'un UUID' : `un valore ${pipe[1]}`}`, en: message };
  return message;
};

/** The body parser's refusals besides our own checks: Italian words, its English message kept (it says where JSON broke). */
export const parserText = (type: string, message: string): LocalizedText => {
  if (type === 'entity.parse.failed') return { it: `il corpo della richiesta non è JSON valido (${message})`, en: message };
  if (type === 'entity.too.large') return { it: 'il corpo della richiesta è troppo grande', en: message };
  return message;
};

const localizedExtensions = (extensions: Record<string, unknown>, locale: Locale): Record<string, unknown> => {
  const params = extensions['invalid-params'];
  if (!Array.isArray(params)) return extensions;
  return {
    ...extensions,
    'invalid-params': (params as LocalizedInvalidParam[]).map((p) => ({ ...p, reason: textFor(p.reason, locale) })),
  };
};

/** The one place that turns any error into application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const locale = localeFrom(request.headers['accept-language']);

    let problem: ProblemDetails;
    const database = exception instanceof HttpException ? null : databaseProblemOf(exception);
    if (exception instanceof ProblemException) {
      const status = exception.getStatus();
      problem = {
        type: 'about:blank',
        title: titleFor(status, locale),
        status,
        detail: exception.detailFor(locale),
        ...localizedExtensions(exception.extensions, locale),
      };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      problem = {
        type: 'about:blank',
        title: titleFor(status, locale),
        status,
        detail: textFor(builtInText(messageOf(exception)), locale),
      };
    } else if (isBodyParserError(exception)) {
      // Our own body checks (depth, encoding) have their words; the parser's others keep its message.
      const own = BODY_PROBLEMS[exception.type];
      problem = {
        type: 'about:blank',
        title: titleFor(exception.status, locale),
        status: exception.status,
        detail: textFor(own ?? parserText(exception.type, exception.message), locale),
      };
    } else if (exception instanceof LegalCalendarError && CALENDAR_INPUT_ERRORS.has(exception.code)) {
      // A date the legal calendar cannot reckon with came from the request (the contract refuses
      // most before they get here): the client's to correct, not a fault of ours.
      problem = {
        type: 'about:blank',
        title: titleFor(422, locale),
        status: 422,
        detail: textFor(
          { it: `il calendario legale non può calcolare con la data indicata (${exception.message})`, en: exception.message },
          locale,
        ),
      };
    } else if (database) {
      if (database.status >= 500)
        this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      if (database.retryAfter !== undefined) response.setHeader('Retry-After', String(database.retryAfter));
      problem = {
        type: 'about:blank',
        title: titleFor(database.status, locale),
        status: database.status,
        detail: textFor(database.detail, locale),
      };
      if (database.invalidParams)
        problem['invalid-params'] = database.invalidParams.map((p) => ({ ...p, reason: textFor(p.reason, locale) }));
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      problem = { type: 'about:blank', title: titleFor(500, locale), status: 500 };
    }
    problem.instance = redactedPath(request.originalUrl);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/**
 * A body parser's refusal as our problem. Nest maps a parser's SyntaxError to a bare 400 with
 * the parser's English words before any filter sees it; mapped here first, it keeps its type.
 */
export const bodyParserProblem = (error: unknown): ProblemException | null =>
  isBodyParserError(error) ? new ProblemException(error.status, BODY_PROBLEMS[error.type] ?? parserText(error.type, error.message)) : null;

/** Paths that carry a secret (the single-use answer links): the problem names the route, never the token. */
const redactedPath = (url: string): string => url.replace(/(\/conference-answers\/)[^/?#]*/, '$1{token}');

const CALENDAR_INPUT_ERRORS: ReadonlySet<LegalCalendarErrorCode> = new Set(['INVALID_DATE', 'DATE_OUT_OF_RANGE', 'INVALID_INSTANT']);

// Express' body parser reports malformed JSON and oversized bodies with these fields.
const isBodyParserError = (error: unknown): error is { status: number; message: string; type: string } =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { status?: unknown }).status === 'number' &&
  typeof (error as { type?: unknown }).type === 'string';
