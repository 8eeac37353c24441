import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { API_RESOURCE, API_SCOPE, type DevIdpOptions, postLogoutUrisFor, redirectUrisFor } from './dev-idp-options';
import { loadOidcProvider, type OidcContext, type OidcProvider } from './oidc-provider-module';
import { claimsOf, findSeededUser, SEEDED_PASSWORD } from './seeded-users';
import { ensureProviderSecrets } from './signing-keys';
import { escapeHtml, messagePage, signInPage, signOutPage } from './sign-in-page';

const MAX_FORM_BYTES = 8 * 1024;

const readForm = (request: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });

const sendHtml = (response: ServerResponse, status: number, html: string): void => {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
  });
  response.end(html);
};

export interface RunningDevIdp {
  issuer: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) for development and tests: authorization
 * code with PKCE (S256) only, one public client for the web application, rotating refresh
 * tokens, ES256 JWT access tokens for the API's audience carrying the claims the API reads.
 * Its sign-in page lists the seeded users; consent is implicit (the only client is ours).
 */
export async function startDevIdp(options: DevIdpOptions, listen: { host: string; port: number }): Promise<RunningDevIdp> {
  const Provider = await loadOidcProvider();
  const secrets = await ensureProviderSecrets(options.keyDir, options.dataDir, options.issuer);
  const origins = new Set(options.webOrigins);

  const provider: OidcProvider = new Provider(options.issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_name: 'CMM procedimenti (applicazione web)',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUrisFor(options.webOrigins),
        post_logout_redirect_uris: postLogoutUrisFor(options.webOrigins),
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'offline_access', API_SCOPE],
    claims: { openid: ['sub'], profile: ['name', 'role', 'istat'], email: ['email'] },
    conformIdTokenClaims: false,
    ttl: {
      AccessToken: options.accessTokenSeconds,
      IdToken: options.accessTokenSeconds,
      AuthorizationCode: 60,
      Interaction: 3600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    async findAccount(_ctx: OidcContext, id: string) {
      const user = findSeededUser(id);
      if (!user) return undefined;
      return { accountId: user.username, claims: async () => ({ sub: user.username, ...claimsOf(user) }) };
    },
    // Refresh tokens for the public client without offline_access consent: the app renews its
    // session silently for as long as the provider's session lasts.
    issueRefreshToken: async (_ctx: OidcContext, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: OidcContext, form: string) => {
          ctx.type = 'html';
          ctx.body = signOutPage(form);
        },
        postLogoutSuccessSource: async (ctx: OidcContext) => {
          ctx.type = 'html';
          ctx.body = messagePage('Uscita completata', 'La sessione di sviluppo è chiusa.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: OidcContext, resource: string) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: API_SCOPE,
            audience: options.audience,
            accessTokenTTL: options.accessTokenSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    // The API reads role and ISTAT code from the access token, as from any provider.
    extraTokenClaims: async (_ctx: OidcContext, token: { kind: string; accountId?: string }) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = findSeededUser(token.accountId);
      return user ? claimsOf(user) : undefined;
    },
    // Our only client is first party: the grant is implicit, no consent screen.
    loadExistingGrant: async (ctx: OidcContext) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email offline_access');
      grant.addOIDCClaims(['name', 'role', 'istat', 'email']);
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx: OidcContext, origin: string) => origins.has(origin),
    interactions: { url: (_ctx: OidcContext, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: async (ctx: OidcContext, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = messagePage('Errore di accesso', `${out.error ?? 'errore'}: ${out.error_description ?? ''}`);
    },
  });
  provider.proxy = false;

  const callback = provider.callback();
  const interaction = /^\/interaction\/([\w-]+)(\/login)?$/;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', options.issuer);
    const match = interaction.exec(url.pathname);
    if (!match) {
      callback(request, response);
      return;
    }
    handleInteraction(provider, request, response, match[1], Boolean(match[2])).catch((error: unknown) => {
      if (!response.headersSent)
        sendHtml(response, 400, messagePage('Accesso non riuscito', error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    issuer: options.issuer,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handleInteraction(
  provider: OidcProvider,
  request: IncomingMessage,
  response: ServerResponse,
  uid: string,
  isLogin: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (details.uid !== uid) throw new Error('sessione di accesso non valida: riaprire la pagina');
  const client = await provider.Client.find(String(details.params.client_id));
  const clientName = client?.clientName ?? String(details.params.client_id);
  const action = `/interaction/${escapeHtml(uid)}/login`;

  if (details.prompt.name !== 'login') {
    // Consent is implicit (loadExistingGrant); anything else finishes with the current grant.
    await provider.interactionFinished(request, response, {}, { mergeWithLastSubmission: true });
    return;
  }
  if (!isLogin || request.method !== 'POST') {
    sendHtml(response, 200, signInPage({ action, clientName }));
    return;
  }
  const form = await readForm(request);
  const username = form.get('username') ?? '';
  const user = findSeededUser(username);
  if (!user || form.get('password') !== SEEDED_PASSWORD) {
    sendHtml(response, 401, signInPage({ action, clientName, selected: username, error: 'Utente o password non validi.' }));
    return;
  }
  await provider.interactionFinished(request, response, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
}
