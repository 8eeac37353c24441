import type { OpenAPIObject } from '@nestjs/swagger';
import type { RouteEntry } from './route-catalog';

type Operation = {
  responses: Record<string, { description: string; content?: object; headers?: object }>;
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: unknown;
  operationId?: string;
};

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};

const RETRY_HEADERS = { ...RATE_LIMIT_HEADERS, 'Retry-After': { $ref: '#/components/headers/Retry-After' } };

const problem = (description: string, headers: object = RATE_LIMIT_HEADERS) => ({ description, content: PROBLEM, headers });

/**
 * Adds to every operation what every route of this API does anyway (AgID ModI REST
 * guidelines): problem+json errors, rate-limit headers, 429 with Retry-After, and the
 * bearer requirement of the routes that are not public. Derived from the routes' access
 * rules, so the document cannot drift from the code.
 */
export function applyOpenApiConventions(document: OpenAPIObject, routes: readonly RouteEntry[]): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string', format: 'uri-reference' },
          title: { type: 'string' },
          status: { type: 'integer', format: 'int32', minimum: 100, maximum: 599 },
          detail: { type: 'string' },
          instance: { type: 'string', format: 'uri-reference' },
          'invalid-params': {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, rule: { type: 'string' }, reason: { type: 'string' } },
            },
          },
        },
      },
    },
    headers: {
      ...document.components?.headers,
      'X-RateLimit-Limit': { description: 'Richieste consentite per finestra', schema: { type: 'integer' } },
      'X-RateLimit-Remaining': { description: 'Richieste rimaste nella finestra', schema: { type: 'integer' } },
      'X-RateLimit-Reset': { description: 'Secondi alla nuova finestra', schema: { type: 'integer' } },
      'Retry-After': { description: 'Secondi da attendere', schema: { type: 'integer' } },
    },
  };
  for (const route of routes) {
    const operation = (document.paths[route.openApiPath] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
    if (!operation) continue;
    for (const [status, response] of Object.entries(operation.responses)) {
      if (status.startsWith('2')) response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
      // Errors a controller declares itself are problem+json like all the others.
      if (/^[45]/.test(status)) operation.responses[status] = problem(response.description, status === '503' ? RETRY_HEADERS : RATE_LIMIT_HEADERS);
    }
    const isPublic = route.rule?.public === true;
    operation.security = isPublic ? [] : [{ bearer: [] }];
    const errors: Record<string, ReturnType<typeof problem>> = {
      '429': problem('Troppe richieste', RETRY_HEADERS),
      '500': problem('Errore interno'),
    };
    if (operation.parameters?.length || operation.requestBody) errors['400'] = problem('Richiesta non valida');
    if (!isPublic) {
      errors['401'] = problem('Autenticazione richiesta');
      errors['403'] = problem('Operazione non consentita al ruolo');
    }
    if (route.path.includes(':')) errors['404'] = problem('Risorsa non trovata o non visibile al chiamante');
    for (const [status, response] of Object.entries(errors)) {
      const declared = operation.responses[status];
      operation.responses[status] = declared ? { ...response, description: declared.description } : response;
    }
  }
  return document;
}
