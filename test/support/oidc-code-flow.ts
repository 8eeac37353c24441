import { createHash, randomBytes } from 'node:crypto';

/**
 * The browser's side of an authorization-code + PKCE sign-in against the development
 * identity provider, done with plain HTTP (cookies carried by hand): what oidc-client-ts does
 * in the web app, so the tests prove the provider and the API agree without a browser.
 */
export interface CodeFlowOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
  /** Override to probe refusals (e.g. 'plain', or null for no challenge). */
  challengeMethod?: 'S256' | 'plain' | null;
}

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface AuthorizationOutcome {
  /** The final redirect to the client, or the provider's page when it refused. */
  location: string | null;
  status: number;
  body: string;
  verifier: string;
}

/** Authorize, sign in on the provider's page, follow redirects until the provider hands back to the client. */
export async function authorize(options: CodeFlowOptions): Promise<AuthorizationOutcome> {
  const jar = new CookieJar();
  const verifier = base64url(randomBytes(32));
  const method = options.challengeMethod === undefined ? 'S256' : options.challengeMethod;
  const params = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid profile email offline_access',
    state: base64url(randomBytes(8)),
    nonce: base64url(randomBytes(8)),
  });
  if (method === 'S256') params.set('code_challenge', base64url(createHash('sha256').update(verifier).digest()));
  if (method === 'plain') params.set('code_challenge', verifier);
  if (method) params.set('code_challenge_method', method);

  let url = `${options.issuer}/auth?${params}`;
  let init: RequestInit = {};
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).toString();
      if (next.startsWith(options.redirectUri)) return { location: next, status: response.status, body: '', verifier };
      url = next;
      init = {};
      continue;
    }
    const body = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(body);
    if (response.status === 200 && form && body.includes('name="username"')) {
      url = new URL(form[1].replace(/&amp;/g, '&'), url).toString();
      init = {
        method: 'POST',
        body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      continue;
    }
    return { location: null, status: response.status, body, verifier };
  }
  throw new Error('too many redirects');
}

export async function exchangeCode(
  options: CodeFlowOptions,
  outcome: AuthorizationOutcome,
): Promise<{ status: number; body: TokenSet & { error?: string } }> {
  if (!outcome.location) throw new Error(`no code: ${outcome.status} ${outcome.body.slice(0, 500)}`);
  const code = new URL(outcome.location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${outcome.location}`);
  const response = await fetch(`${options.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(options.redirectUri).origin },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId,
      code_verifier: outcome.verifier,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenSet & { error?: string } };
}

export async function refresh(
  options: Pick<CodeFlowOptions, 'issuer' | 'clientId' | 'redirectUri'>,
  refreshToken: string,
): Promise<{ status: number; body: TokenSet & { error?: string } }> {
  const response = await fetch(`${options.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(options.redirectUri).origin },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: options.clientId }).toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenSet & { error?: string } };
}

/** Signs in and returns the tokens: the whole flow in one call. */
export async function signIn(options: CodeFlowOptions): Promise<TokenSet> {
  const exchanged = await exchangeCode(options, await authorize(options));
  if (exchanged.status !== 200) throw new Error(`token endpoint ${exchanged.status}: ${JSON.stringify(exchanged.body)}`);
  return exchanged.body;
}
