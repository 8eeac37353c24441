import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_VERSION } from '../api-version';
import { type Deployment, applyOpenApiConventions } from './openapi-conventions';
import type { RouteEntry } from './route-catalog';

/**
 * The API's OpenAPI document: what the server serves at /docs-json and what the web client's
 * types are generated from (scripts/write-openapi-document.ts), built in one place so the two
 * cannot drift apart.
 */
export function buildOpenApiDocument(app: INestApplication, routes: readonly RouteEntry[], deployment: Deployment): OpenAPIObject {
  const scanned = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CMM — motore dei procedimenti del PTM')
      .setDescription('API dei procedimenti del Piano Territoriale Metropolitano della Città metropolitana di Milano')
      .setVersion(API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` },
  );
  return applyOpenApiConventions(scanned, routes, deployment);
}
