import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, localeFrom, titleFor } from './problem-details';
import { ProblemException } from './problem.exception';

const messageOf = (exception: HttpException): string => {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
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
    if (exception instanceof ProblemException) {
      const status = exception.getStatus();
      problem = { type: 'about:blank', title: titleFor(status, locale), status, detail: exception.detail, ...exception.extensions };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      problem = { type: 'about:blank', title: titleFor(status, locale), status, detail: messageOf(exception) };
    } else if (isBodyParserError(exception)) {
      problem = { type: 'about:blank', title: titleFor(exception.status, locale), status: exception.status, detail: exception.message };
    } else {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
      problem = { type: 'about:blank', title: titleFor(500, locale), status: 500 };
    }
    problem.instance = redactedPath(request.originalUrl);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** Paths that carry a secret (the single-use answer links): the problem names the route, never the token. */
const redactedPath = (url: string): string => url.replace(/(\/conference-answers\/)[^/?#]*/, '$1{token}');

// Express' body parser reports malformed JSON and oversized bodies with these fields.
const isBodyParserError = (error: unknown): error is { status: number; message: string } =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { status?: unknown }).status === 'number' &&
  typeof (error as { type?: unknown }).type === 'string';
