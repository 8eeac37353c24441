// The development identity provider (apps/dev-idp, oidc-provider) as the web app and the API
// see it: authorization code with PKCE S256 only, refresh tokens, and access tokens the API
// accepts through the provider's JWKS, with the role and ISTAT code of each seeded user.
import { createApp } from '../../apps/api/src/create-app';
import {
  type RunningProcess,
  type TestDatabase,
  authorize,
  createTestDatabase,
  exchangeCode,
  freePort,
  refresh,
  signIn,
  startBuilt,
} from '@cmm/test-support';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { issueDevToken } from '@cmm/auth';
import type { INestApplication } from '@nestjs/common';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

describe('development identity provider', () => {
  let db: TestDatabase;
  let idp: RunningProcess;
  let app: INestApplication;
  let issuer: string;
  let keyDir: string;
  const web = 'http://127.0.0.1:5999';
  const flow = (username: string, overrides: object = {}) => ({
    issuer,
    clientId: 'cmm-web',
    redirectUri: `${web}/auth/callback`,
    username,
    password: 'sviluppo',
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const scratch = await mkdtemp(join(tmpdir(), 'cmm-dev-idp-'));
    keyDir = join(scratch, 'keys');
    idp = startBuilt('apps/dev-idp/src/main.js', {
      ...process.env,
      IDP_PORT: String(port),
      IDP_ISSUER: issuer,
      IDP_WEB_ORIGINS: web,
      DEV_ISSUER_DIR: keyDir,
      IDP_DATA_DIR: join(scratch, 'data'),
    });
    await idp.waitForOutput(/development identity provider listening/);
    app = await createApp({
      logs: false,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        AUTH_ISSUER: issuer,
        AUTH_JWKS_URL: `${issuer}/jwks`,
        AUTH_JWKS_FILE: '',
        WEB_OIDC_AUTHORITY: issuer,
      },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    idp?.child.kill('SIGTERM');
    await idp?.exited().catch(() => undefined);
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());

  it('publishes an OIDC discovery document offering only the code flow with S256', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
  });

  it.each([
    ['funzionario1', 'officer', null],
    ['funzionario2', 'officer', null],
    ['dirigente', 'manager', null],
    ['amministratore', 'admin', null],
    ['comune-milano', 'comune', '015146'],
    ['sindaco-rho', 'mayor_office', '015182'],
    ['comune-legnano', 'comune', '015118'],
  ])('signs %s in with a token the API accepts as %s (ISTAT %s)', async (username, role, istat) => {
    const tokens = await signIn(flow(username));
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: issuer, aud: 'cmm-procedures', sub: username, role });
    expect(claims.istat).toBe(istat ?? undefined);
    const header = JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('ES256');
    await api().get('/cases').set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
  });

  it('renews the session with the refresh token, and the new access token works', async () => {
    const first = await signIn(flow('funzionario1'));
    expect(first.refresh_token).toBeDefined();
    const renewed = await refresh(flow('funzionario1'), first.refresh_token as string);
    expect(renewed.status).toBe(200);
    expect(renewed.body.access_token).not.toBe(first.access_token);
    await api().get('/deadlines').set('Authorization', `Bearer ${renewed.body.access_token}`).expect(200);
    // Rotation: the used refresh token is spent.
    expect((await refresh(flow('funzionario1'), first.refresh_token as string)).status).toBe(400);
  });

  it('refuses an authorization request without PKCE or with the plain method', async () => {
    for (const challengeMethod of [null, 'plain'] as const) {
      const outcome = await authorize(flow('funzionario1', { challengeMethod }));
      const error = new URL(outcome.location as string).searchParams.get('error');
      expect(error).toBe('invalid_request');
      expect(new URL(outcome.location as string).searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code exchanged without the right verifier', async () => {
    const outcome = await authorize(flow('dirigente'));
    const exchanged = await exchangeCode(flow('dirigente'), { ...outcome, verifier: 'x'.repeat(43) });
    expect(exchanged.status).toBe(400);
    expect(exchanged.body.error).toBe('invalid_grant');
  });

  it('shows its Italian development-only page and refuses a wrong password there', async () => {
    const outcome = await authorize(flow('funzionario1', { password: 'sbagliata' }));
    expect(outcome.status).toBe(401);
    expect(outcome.body).toContain('<html lang="it">');
    expect(outcome.body).toContain('Solo per sviluppo e test.');
    expect(outcome.body).toContain('<label for="username">Utente di prova</label>');
    expect(outcome.body).toContain('<label for="password">Password</label>');
    expect(outcome.body).toContain('role="alert">Utente o password non validi.');
  });

  it('does not redirect to an origin it does not know', async () => {
    const outcome = await authorize(flow('funzionario1', { redirectUri: 'https://evil.example/auth/callback' }));
    expect(outcome.location).toBeNull();
    expect(outcome.status).toBe(400);
  });

  it("shares its key with the CLI's development tokens, which name the provider as issuer", async () => {
    expect((await readFile(join(keyDir, 'issuer'), 'utf8')).trim()).toBe(issuer);
    const token = await issueDevToken(join(keyDir, 'private.jwk.json'), { subject: 'script', role: 'officer', issuer });
    await api().get('/cases').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
