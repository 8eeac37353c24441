import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProcedureConfig, RateLimitConfig } from '@cmm/config';
import { REQUEST_ID_HTTP_HEADER } from '@cmm/contracts';
import { requestIdFrom, runWithRequestId } from '@cmm/observability';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { createValidationPipe } from './problem-details/validation';
import { API_VERSION } from './api-version';
import { applyOpenApiConventions } from './openapi/openapi-conventions';
import { methodNotAllowed } from './openapi/method-not-allowed';
import { routeCatalog } from './openapi/route-catalog';
import { REDIS } from './infrastructure/redis.module';
import { rateLimiter } from './rate-limit/rate-limiter';

/** Builds the HTTP application exactly as production runs it; tests use the same path. */
export async function createApp(options: { logs?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(options.env), { bufferLogs: true, abortOnError: false });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);

  app.use((request: Request & { id?: string }, response: Response, next: NextFunction) => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HTTP_HEADER]);
    request.id = requestId;
    response.setHeader(REQUEST_ID_HTTP_HEADER, requestId);
    runWithRequestId(requestId, next);
  });
  app.use(rateLimiter(app.get(REDIS), app.get(RateLimitConfig).RATE_LIMIT_PER_MINUTE, app.get(Logger)));
  app.use(methodNotAllowed(routeCatalog(app)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = applyOpenApiConventions(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CMM — motore dei procedimenti del PTM')
      .setDescription('API dei procedimenti del Piano Territoriale Metropolitano della Città metropolitana di Milano')
      .setVersion(API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` },
  ), routeCatalog(app), { publicUrl: app.get(ProcedureConfig).PUBLIC_URL, contactEmail: app.get(ProcedureConfig).OFFICERS_MAILBOX });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
