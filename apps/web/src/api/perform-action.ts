import requestSchemas from './request-schemas.json';
import { apiUrl, authorizationHeaders } from './client';
import { problemFrom } from './problem';
import type { components } from './schema';
import type { OpenApiSchema } from '../components/action-fields';

export type CaseAction = components['schemas']['CaseActionDto'];

export const ACTION_SCHEMAS = requestSchemas as Record<string, OpenApiSchema>;

/**
 * Sends an action as the API described it (its path and method, which routes to the
 * procedure's Update); errors come back as ApiProblem with invalid-params. The path is the
 * API's answer at run time, so this one request goes through fetch, not the typed client.
 * `idempotencyKey`: the same key sent again (the answer never came) is the same action, applied once.
 */
export async function perform(action: CaseAction, body: Record<string, unknown>, idempotencyKey?: string): Promise<unknown> {
  const response = await fetch(apiUrl(action.path), {
    method: action.method,
    headers: {
      ...authorizationHeaders(),
      Accept: 'application/json',
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      ...(action.requestSchema ? { 'Content-Type': 'application/json' } : {}),
    },
    body: action.requestSchema ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await problemFrom(response);
  return response.status === 204 ? null : response.json().catch(() => null);
}

/**
 * The action's target values the request body itself carries (the rest are in its path), typed
 * as the schema types them: a target travels as text (e.g. draftVersion "2"), the body wants 2.
 */
export function fixedOf(action: CaseAction): Record<string, unknown> {
  const properties = action.requestSchema ? (ACTION_SCHEMAS[action.requestSchema]?.properties ?? {}) : {};
  return Object.fromEntries(
    Object.entries(action.target ?? {})
      .filter(([key]) => key in properties)
      .map(([key, value]) => [key, properties[key]?.type === 'integer' || properties[key]?.type === 'number' ? Number(value) : value]),
  );
}

/** A new Idempotency-Key: getRandomValues, unlike randomUUID, works on a page served over plain HTTP. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
