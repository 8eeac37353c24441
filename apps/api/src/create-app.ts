import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { HttpConfig, ProcedureConfig, RateLimitConfig, WebConfig } from '@cmm/config';
import { REQUEST_ID_HTTP_HEADER } from '@cmm/contracts';
import { requestIdFrom, runInHttpRequestSpan, runWithRequestId } from '@cmm/observability';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { AppModule } from './app.module';
import { verifyBody } from './problem-details/body-limits';
import { ProblemDetailsFilter, bodyParserProblem } from './problem-details/problem-details.filter';
import { createValidationPipe } from './problem-details/validation';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { methodNotAllowed } from './openapi/method-not-allowed';
import { routeCatalog } from './openapi/route-catalog';
import { REDIS } from './infrastructure/redis.module';
import { rateLimiter } from './rate-limit/rate-limiter';
import { spaHandler } from './web/spa-static';
import { webDistDirectory } from './web/web-dist-directory';
import { httpMetrics } from './metrics/http-metrics';
import { idempotencyKeys } from './procedures/idempotency-key';

/**
 * Builds the HTTP application exactly as production runs it; tests use the same path. `metrics`
 * is the registry main.ts serves on METRICS_PORT; without one the requests are counted in a
 * registry of their own that nobody reads.
 */
export async function createApp(options: { logs?: boolean; env?: NodeJS.ProcessEnv; metrics?: Registry } = {}): Promise<INestApplication> {
  // Body parsers are ours (below): their verify hook refuses invalid UTF-8 and JSON too deep to validate.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options.env), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  // Naming the framework only helps whoever looks for its known weaknesses.
  app.disable('x-powered-by');
  // First of all middleware, so the answers of body parsers, the rate limiter and filters are counted.
  app.use(httpMetrics(options.metrics ?? new Registry()));
  const maxJsonDepth = app.get(HttpConfig).API_MAX_JSON_DEPTH;
  // Nest's typing hides `verify` (it uses it for rawBody, which we do not enable); body-parser takes it.
  app.useBodyParser('json', { verify: verifyBody(maxJsonDepth) } as Record<string, unknown>);
  app.useBodyParser('urlencoded', { extended: true, verify: verifyBody(null) } as Record<string, unknown>);
  app.use((error: unknown, _request: Request, _response: Response, next: NextFunction) => next(bodyParserProblem(error) ?? error));

  app.use((request: Request & { id?: string }, response: Response, next: NextFunction) => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HTTP_HEADER]);
    request.id = requestId;
    response.setHeader(REQUEST_ID_HTTP_HEADER, requestId);
    // Case data must not stay in a browser's or a proxy's cache; a route that may be cached says so itself.
    if (request.headers.authorization !== undefined) response.setHeader('Cache-Control', 'no-store');
    // A server span per request (when tracing is on), inside the request-id context.
    runWithRequestId(requestId, () => runInHttpRequestSpan(request, response, requestId, next));
  });
  // The built web application, before the rate limiter: its files are not API calls.
  const routes = routeCatalog(app);
  const spa = spaHandler({ distDir: webDistDirectory(app.get(WebConfig).WEB_DIST_DIR), apiRoutePaths: routes.map((route) => route.path) });
  if (spa) app.use(spa);
  app.use(rateLimiter(app.get(REDIS), app.get(RateLimitConfig).RATE_LIMIT_PER_MINUTE, app.get(Logger)));
  app.use(methodNotAllowed(routes));
  app.use(idempotencyKeys);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const procedures = app.get(ProcedureConfig);
  const document = buildOpenApiDocument(app, routes, { publicUrl: procedures.PUBLIC_URL, contactEmail: procedures.OFFICERS_MAILBOX });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
