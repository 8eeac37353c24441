// The typed API client: paths and bodies come from schema.d.ts, generated from the API's own
// OpenAPI document (scripts/generate-web-client.sh); no request or response type is written
// by hand. A middleware adds the bearer token and turns every error into an ApiProblem.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { problemFrom } from './problem';

export interface Session {
  /** The current access token, or undefined when signed out. */
  accessToken(): string | undefined;
  /** Called on a 401: the session expired or was revoked; sign in again, back to this page. */
  onUnauthorized(): void;
  /** The language the API should answer problems in. */
  language(): string;
}

let baseUrl = '';
let session: Session = { accessToken: () => undefined, onUnauthorized: () => undefined, language: () => 'it' };

export function configureApi(options: { baseUrl: string; session: Session }): void {
  baseUrl = options.baseUrl.replace(/\/$/, '');
  session = options.session;
}

export function apiUrl(path: string): string {
  return `${baseUrl}${path}`;
}

export function authorizationHeaders(): Record<string, string> {
  const token = session.accessToken();
  return { 'Accept-Language': session.language(), ...(token ? { Authorization: `Bearer ${token}` } : {}) };
}

const authAndProblems: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authorizationHeaders())) request.headers.set(name, value);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    if (response.status === 401) session.onUnauthorized();
    throw await problemFrom(response);
  },
};

// The base URL is read per request so /web-config (read at start) can set it after import.
export const api = createClient<paths>({ baseUrl: '', fetch: (request: Request) => fetch(rebase(request)) });
api.use(authAndProblems);

function rebase(request: Request): Request {
  if (!baseUrl) return request;
  const url = new URL(request.url);
  return new Request(`${baseUrl}${url.pathname}${url.search}`, request);
}

/** Unwraps an openapi-fetch result: errors were already thrown by the middleware. */
export function data<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined) throw result.error;
  return result.data as T;
}
