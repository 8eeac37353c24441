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
  api = createApi(baseUrl || window.location.origin);
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

function createApi(base: string) {
  // `fetch` is looked up at call time, not captured at creation (tests replace it).
  const client = createClient<paths>({ baseUrl: base, fetch: (request: Request) => globalThis.fetch(request) });
  client.use(authAndProblems);
  return client;
}

/** The client of the API; replaced by configureApi once /web-config gave the API's address (a live binding). */
export let api = createApi(typeof window === 'undefined' ? 'http://localhost' : window.location.origin);

/** Unwraps an openapi-fetch result: errors were already thrown by the middleware. */
export function data<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined) throw result.error;
  return result.data as T;
}
