// Which tokens the API accepts: only ones that expire, within AUTH_MAX_TOKEN_LIFETIME_SECONDS,
// under the Bearer scheme written in any case (RFC 9110). Refusals say why in plain words,
// never the token library's codes; responses carry no framework banner and are never cached.
import { createApp } from '../../apps/api/src/create-app';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevIssuer, issueDevToken } from '@cmm/auth';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { type JWK, SignJWT, importJWK } from 'jose';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const MAX_LIFETIME = 3600;

describe('token rules', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let privateKeyFile: string;
  let caseId: string;

  const http = () => request(app.getHttpServer());
  /** A token signed by the trusted key, with exactly the times given (seconds from now; null = absent). */
  const signed = async (times: { iat: number | null; exp: number | null }) => {
    const jwk = JSON.parse(await readFile(privateKeyFile, 'utf8')) as JWK;
    const now = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT({ role: 'officer' })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('officer-1');
    if (times.iat !== null) jwt = jwt.setIssuedAt(now + times.iat);
    if (times.exp !== null) jwt = jwt.setExpirationTime(now + times.exp);
    return jwt.sign(await importJWK(jwk, 'ES256'));
  };
  const refused = async (authorization: string, language = 'it') => {
    const response = await http().get(`/cases/${caseId}`).set('Authorization', authorization).set('Accept-Language', language).expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.stringify(response.body)).not.toMatch(/ERR_|JW[STEK]/);
    return response.body.detail as string;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    caseId = (await openTestCase(db.dataSource, { istatCode: '015146' })).id;
    const files = await ensureDevIssuer(await mkdtemp(join(tmpdir(), 'cmm-token-rules-')));
    privateKeyFile = files.privateKeyFile;
    app = await createApp({
      logs: false,
      env: { ...process.env, AUTH_JWKS_FILE: files.jwksFile, DATABASE_URL: db.url, AUTH_MAX_TOKEN_LIFETIME_SECONDS: String(MAX_LIFETIME) },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('accepts a token within the maximum lifetime, under Bearer written in any case', async () => {
    const token = await signed({ iat: 0, exp: MAX_LIFETIME });
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      await http().get(`/cases/${caseId}`).set('Authorization', `${scheme} ${token}`).expect(200);
    }
  });

  it('refuses a token without exp', async () => {
    expect(await refused(`Bearer ${await signed({ iat: 0, exp: null })}`)).toBe('token senza scadenza (exp)');
  });

  it('refuses a token valid for a century, with or without iat', async () => {
    const century = 100 * 365 * 24 * 3600;
    expect(await refused(`Bearer ${await signed({ iat: 0, exp: century })}`, 'en')).toBe(
      `token lifetime exceeds the maximum of ${MAX_LIFETIME} seconds`,
    );
    expect(await refused(`Bearer ${await signed({ iat: null, exp: century })}`)).toBe(
      `durata del token oltre il massimo di ${MAX_LIFETIME} secondi`,
    );
    // Issued long ago so that it expires soon: its lifetime is still too long.
    expect(await refused(`Bearer ${await signed({ iat: -century, exp: 60 })}`)).toMatch(/durata del token/);
  });

  it('says in words why an expired, forged or malformed token is refused', async () => {
    expect(await refused(`Bearer ${await signed({ iat: -600, exp: -300 })}`)).toBe('token scaduto');
    const other = await ensureDevIssuer(await mkdtemp(join(tmpdir(), 'cmm-token-rules-other-')));
    expect(await refused(`Bearer ${await issueDevToken(other.privateKeyFile, { subject: 'x', role: 'officer', expiresIn: '1h' })}`)).toBe(
      'firma del token non riconosciuta',
    );
    expect(await refused('Bearer abc.def.ghi', 'en')).toBe('token is malformed');
    expect(await refused('Basic dXNlcjpwYXNz', 'en')).toBe('missing Bearer token');
  });

  it('sends no X-Powered-By, and Cache-Control: no-store on authenticated answers', async () => {
    const token = await signed({ iat: 0, exp: 600 });
    const ok = await http().get(`/cases/${caseId}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.headers['x-powered-by']).toBeUndefined();
    expect(ok.headers['cache-control']).toBe('no-store');
    const notFound = await http().get('/cases/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`).expect(404);
    expect(notFound.headers['cache-control']).toBe('no-store');
    expect(notFound.headers['x-powered-by']).toBeUndefined();
  });
});
