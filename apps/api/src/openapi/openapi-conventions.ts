import { ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { RouteArgument, RouteEntry } from './route-catalog';
import { type SchemaNode, applyRules, propertyRules, validatedClasses } from './validation-schemas';

type Parameter = { name: string; in: string; schema?: SchemaNode; description?: string };

type Operation = {
  responses: Record<string, { description: string; content?: object; headers?: object }>;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  tags?: string[];
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

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Chiave scelta dal client (8-200 caratteri ASCII visibili): la stessa richiesta ripetuta con la stessa chiave (risposta persa, 502, connessione interrotta) produce un solo effetto e riceve lo stesso esito',
  schema: { type: 'string' as const, pattern: '^[\\x21-\\x7e]{8,200}$' },
};
const problem = (description: string, headers: object = RATE_LIMIT_HEADERS) => ({ description, content: PROBLEM, headers });

/**
 * Adds to every operation what every route of this API does anyway (AgID ModI REST
 * guidelines): problem+json errors, rate-limit headers, 429 with Retry-After, and the
 * bearer requirement of the routes that are not public. Derived from the routes' access
 * rules, so the document cannot drift from the code.
 */
export function applyOpenApiConventions(document: OpenAPIObject, routes: readonly RouteEntry[], deployment: Deployment): OpenAPIObject {
  describeApi(document, deployment);
  applyValidationRules(document, routes);
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
      'X-RateLimit-Limit': { description: 'Richieste consentite per finestra', schema: { type: 'integer', format: 'int32', minimum: 0 } },
      'X-RateLimit-Remaining': {
        description: 'Richieste rimaste nella finestra',
        schema: { type: 'integer', format: 'int32', minimum: 0 },
      },
      'X-RateLimit-Reset': { description: 'Secondi alla nuova finestra', schema: { type: 'integer', format: 'int32', minimum: 0 } },
      'Retry-After': { description: 'Secondi da attendere', schema: { type: 'integer', format: 'int32', minimum: 0 } },
    },
  };
  for (const route of routes) {
    const operation = (document.paths[route.openApiPath] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
    if (!operation) continue;
    for (const [status, response] of Object.entries(operation.responses)) {
      if (status.startsWith('2')) response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
      // Errors a controller declares itself are problem+json like all the others.
      if (/^[45]/.test(status))
        operation.responses[status] = problem(response.description, status === '503' ? RETRY_HEADERS : RATE_LIMIT_HEADERS);
    }
    const isPublic = route.rule?.public === true;
    // An empty requirement ({}) states that the route is anonymous on purpose; the answer
    // link routes carry their credential in the path (a signed, single-use token).
    operation.security = isPublic ? [{}] : [{ bearer: [] }];
    // Every change accepts the client's key (procedures/idempotency-key.ts): a repeated action is applied once.
    if (route.method !== 'GET' && !operation.parameters?.some((p) => 'name' in p && p.name.toLowerCase() === 'idempotency-key'))
      operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY_PARAMETER];
    const errors: Record<string, ReturnType<typeof problem>> = {
      '429': problem('Troppe richieste', RETRY_HEADERS),
      '500': problem('Errore interno'),
      '503': problem('Servizio temporaneamente non disponibile (database o motore dei procedimenti)', RETRY_HEADERS),
    };
    if (operation.parameters?.length || operation.requestBody) errors['400'] = problem('Richiesta non valida');
    if (operation.requestBody) errors['413'] = problem('Corpo della richiesta troppo grande');
    // Every action either starts a procedure or runs a step of one: the procedure's rules
    // refuse a step in the wrong state (409) or data they do not accept (422).
    if (route.method === 'POST' && !isPublic) {
      errors['409'] = problem('Non ammesso nello stato attuale della pratica');
      errors['422'] = problem('Dati non accettati dalle regole del procedimento (campo e regola in invalid-params)');
    }
    if (!isPublic) {
      errors['401'] = problem('Autenticazione richiesta');
      errors['403'] = problem('Operazione non consentita al ruolo');
    }
    if (route.path.includes(':')) errors['404'] = problem('Risorsa non trovata o non visibile al chiamante');
    // A body names other resources (parentCaseId, commitmentId, uploadIds...): unknown or not
    // visible ones are 404 like in a path.
    else if (operation.requestBody && !isPublic)
      errors['404'] = problem('Una risorsa nominata nel corpo non esiste o non è visibile al chiamante');
    for (const [status, response] of Object.entries(errors)) {
      const declared = operation.responses[status];
      operation.responses[status] = declared ? { ...response, description: declared.description } : response;
    }
  }
  return document;
}

const TAGS: Record<string, string> = {
  status: 'Stato del servizio e dei suoi componenti',
  'system-probes': 'Sonde di sistema',
  cases: 'Pratiche e termini, cruscotto delle scadenze',
  'compatibility-evaluations': 'Valutazione di compatibilità dei PGT con il PTM',
  'concertation-conferences': 'Conferenze di concertazione: sedute, convocazioni, risposte',
  'sttm-approvals': 'Approvazione delle Strategie Tematico-Territoriali Metropolitane',
  'territorial-agreements': 'Accordi territoriali',
  adhesions: 'Adesioni dei Comuni alle STTM e al Fondo perequativo',
  fund: 'Fondo perequativo: impegni, versamenti, erogazioni, saldi',
  'annual-calls': 'Avvisi annuali del Fondo e graduatorie',
  documents: 'Documenti delle pratiche e loro versioni',
  uploads: 'Caricamento dei documenti prima di una domanda',
  registry: 'Protocollo e registro giornaliero',
  timeline: 'Storia verificabile della pratica',
  notifications: 'Notifiche ai destinatari e loro consegna',
  municipalities: 'Comuni della Città metropolitana',
};

/** Where this installation is served and who answers for it (ProcedureConfig). */
export interface Deployment {
  publicUrl: string;
  contactEmail: string;
}

/** What the guidelines ask of the document itself: summary, contact, servers, tags, JWT profile. */
function describeApi(document: OpenAPIObject, deployment: Deployment): void {
  document.info = {
    ...document.info,
    'x-summary': 'Procedimenti del PTM della Città metropolitana di Milano: pratiche, termini di legge, atti, Fondo',
    contact: {
      name: 'Città metropolitana di Milano — pianificazione territoriale',
      url: 'https://www.cittametropolitana.mi.it',
      email: deployment.contactEmail,
    },
    license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
  } as OpenAPIObject['info'];
  // The installation's own address; a plain-http one can only be a development sandbox.
  const secure = deployment.publicUrl.startsWith('https://');
  document.servers = [
    {
      url: deployment.publicUrl.replace(/\/+$/, ''),
      description: secure ? 'Questa installazione' : 'Installazione di sviluppo (http, non per la produzione)',
      ...(secure ? {} : { 'x-sandbox': true }),
    },
  ];
  const used = new Set<string>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations as Record<string, Operation>)) for (const tag of operation.tags ?? []) used.add(tag);
  }
  document.tags = [...used].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  const bearer = document.components?.securitySchemes?.bearer;
  if (bearer && !('$ref' in bearer)) {
    bearer.description =
      'JWT firmato (JWS, ES256) dal fornitore di identità dell’ente, verificato secondo RFC 8725: algoritmo fissato, scadenza obbligatoria, ruolo e codice ISTAT nei claim';
  }
}

/**
 * Ids the workflows issue themselves (not UUIDs): the shape they have, for the path
 * parameters that carry them (concertation-conference `s1`, annual-call `P-1`, STTM `OSS-1`).
 */
const ISSUED_IDS: Record<string, SchemaNode> = {
  sessionId: { type: 'string', pattern: '^s[1-9][0-9]{0,5}$', maxLength: 7 },
  proposalId: { type: 'string', pattern: '^P-[1-9][0-9]{0,5}$', maxLength: 8 },
  observationId: { type: 'string', pattern: '^OSS-[1-9][0-9]{0,5}$', maxLength: 10 },
};

const INTEGER_PIPE = { type: 'integer', format: 'int32', minimum: 0, maximum: 2 ** 31 - 1 };

/** A path or query parameter's schema from its pipe (ParseUUIDPipe: a UUID; ParseIntPipe: an integer). */
function pipeSchema(arg: RouteArgument): SchemaNode | undefined {
  if (arg.pipes.some((pipe) => pipe instanceof ParseUUIDPipe || pipe === ParseUUIDPipe)) return { type: 'string', format: 'uuid' };
  if (arg.pipes.some((pipe) => pipe instanceof ParseIntPipe || pipe === ParseIntPipe)) return { ...INTEGER_PIPE };
  return undefined;
}

/**
 * The validators of DTOs and the pipes of parameters are the API's real input rules: they
 * are written into the document's schemas and parameters (see validation-schemas.ts), and
 * every number left without a format gets the one JavaScript gives it.
 */
function applyValidationRules(document: OpenAPIObject, routes: readonly RouteEntry[]): void {
  const classes = validatedClasses();
  // A body class whose rules are all inherited (a subclass of a validated DTO) has none under its own name in class-validator's storage.
  for (const route of routes) {
    for (const arg of route.args)
      if (arg.kind === 'body' && typeof arg.type === 'function' && arg.type.name && !classes.has(arg.type.name))
        classes.set(arg.type.name, arg.type);
  }
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;
  for (const [name, schema] of Object.entries(schemas)) {
    const target = classes.get(name);
    const properties = schema.properties as Record<string, SchemaNode> | undefined;
    if (!target || !properties) continue;
    // The validation pipe refuses unknown fields (forbidNonWhitelisted): say so.
    schema.additionalProperties = false;
    for (const [property, rules] of propertyRules(target)) if (properties[property]) applyRules(properties[property], rules);
  }
  for (const route of routes) {
    const operation = (document.paths[route.openApiPath] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
    if (!operation) continue;
    for (const parameter of operation.parameters ?? []) {
      parameter.schema ??= {};
      for (const arg of route.args) {
        if (arg.kind !== parameter.in && !(arg.kind === 'param' && parameter.in === 'path')) continue;
        if (arg.name === parameter.name) {
          const fromPipe = pipeSchema(arg) ?? (parameter.in === 'path' ? ISSUED_IDS[parameter.name] : undefined);
          if (fromPipe) Object.assign(parameter.schema, fromPipe);
        } else if (arg.name === undefined && typeof arg.type === 'function' && arg.type !== Object) {
          const rules = propertyRules(arg.type).get(parameter.name);
          if (rules) applyRules(parameter.schema, rules);
        }
      }
    }
  }
  for (const node of walk(document)) {
    if (node.type === 'number' && !node.format) node.format = 'double';
    if (node.type === 'integer' && !node.format) node.format = 'int64';
  }
}

function* walk(node: unknown): Generator<SchemaNode> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  yield node as SchemaNode;
  for (const child of Object.values(node)) yield* walk(child);
}
