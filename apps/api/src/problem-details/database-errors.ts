import type { LocalizedText } from './problem-details';
import type { LocalizedInvalidParam } from './problem.exception';

/** What a database error means to the client, or null when it is our own fault (500). */
export interface DatabaseProblem {
  status: number;
  detail: LocalizedText;
  invalidParams?: LocalizedInvalidParam[];
  /** Seconds; set when the database is unreachable for a while (503). */
  retryAfter?: number;
}

interface PgErrorFields {
  code?: unknown;
  detail?: unknown;
  column?: unknown;
  constraint?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

// The answer to a request that reached no database: a restart or failover takes seconds.
const RETRY_AFTER_SECONDS = 5;

// Node and pg report a lost or refused connection with these codes and messages.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES =
  /Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i;

const camelCase = (column: string): string => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `Key (case_id)=(…) is not present…` → `caseId`; the first column of a composite key. */
const fieldOf = (error: PgErrorFields): string | null => {
  if (typeof error.column === 'string') return camelCase(error.column);
  const key = typeof error.detail === 'string' ? /^Key \(([a-z0-9_]+)/i.exec(error.detail) : null;
  return key ? camelCase(key[1]) : null;
};

/** The error itself, the driver error TypeORM wraps, or a cause further down. */
const candidates = (error: unknown): PgErrorFields[] => {
  const found: PgErrorFields[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const fields = current as PgErrorFields;
    found.push(fields);
    if (typeof fields.driverError === 'object' && fields.driverError !== null) found.push(fields.driverError as PgErrorFields);
    current = fields.cause;
  }
  return found;
};

const param = (name: string | null, rule: string, reason: LocalizedText): LocalizedInvalidParam[] | undefined =>
  name ? [{ name, rule, reason }] : undefined;

/**
 * One place that reads PostgreSQL's SQLSTATE codes: what the client sent broke a constraint
 * (4xx naming the field when PostgreSQL names the column), or the database is unreachable
 * (503, try again). Anything else stays a 500: it is a defect to fix, not the client's fault.
 */
export const databaseProblemOf = (error: unknown): DatabaseProblem | null => {
  for (const fields of candidates(error)) {
    const code = typeof fields.code === 'string' ? fields.code : '';
    const message = typeof fields.message === 'string' ? fields.message : '';
    const field = fieldOf(fields);
    switch (code) {
      case '23503':
        return {
          status: 422,
          detail: field
            ? { it: `${field}: non corrisponde ad alcun elemento esistente`, en: `${field}: refers to nothing that exists` }
            : { it: 'un riferimento non corrisponde ad alcun elemento esistente', en: 'a reference points to nothing that exists' },
          invalidParams: param(field, 'exists', { it: 'non corrisponde ad alcun elemento esistente', en: 'refers to nothing that exists' }),
        };
      case '23505':
        return {
          status: 409,
          detail: field
            ? { it: `${field}: esiste già un elemento con questo valore`, en: `${field}: an item with this value already exists` }
            : { it: 'esiste già un elemento con questi dati', en: 'an item with these data already exists' },
          invalidParams: param(field, 'unique', {
            it: 'esiste già un elemento con questo valore',
            en: 'an item with this value already exists',
          }),
        };
      case '23502':
      case '23514':
      case '23P01':
        return {
          status: 422,
          detail: field
            ? { it: `${field}: valore non ammesso`, en: `${field}: value not allowed` }
            : { it: 'i dati violano un vincolo di coerenza', en: 'the data break a consistency rule' },
          invalidParams: param(field, 'constraint', { it: 'valore non ammesso', en: 'value not allowed' }),
        };
      case '22P02': // invalid text representation (a uuid, an enum, a number)
      case '22001': // string too long
      case '22003': // numeric out of range
      case '22007': // invalid datetime format
      case '22008': // datetime out of range
      case '22021': // character not in repertoire (e.g. NUL)
      case '22023': // invalid parameter value
      case '54001': // statement too complex
        return {
          status: 400,
          detail: {
            it: 'un valore della richiesta non è accettato dal database',
            en: 'a value of the request is not accepted by the database',
          },
        };
      case '57P01': // admin shutdown
      case '57P02': // crash shutdown
      case '57P03': // cannot connect now
      case '53300': // too many connections
      case '08000':
      case '08001':
      case '08003':
      case '08004':
      case '08006':
        return unavailable;
      default:
        if (CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(message)) return unavailable;
    }
  }
  return null;
};

const unavailable: DatabaseProblem = {
  status: 503,
  detail: {
    it: 'database temporaneamente non raggiungibile: riprovare tra poco',
    en: 'database temporarily unreachable: try again shortly',
  },
  retryAfter: RETRY_AFTER_SECONDS,
};
