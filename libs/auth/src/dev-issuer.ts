import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from './principal';

/**
 * A local token issuer for development and tests: the same verification path as a real
 * OIDC provider (signed JWT, JWKS), with a key kept under .data/dev-issuer.
 */
export const DEV_ISSUER = 'cmm-dev-issuer';
export const DEV_AUDIENCE = 'cmm-procedures';

export interface DevIssuerFiles {
  privateKeyFile: string;
  jwksFile: string;
}

export const devIssuerFiles = (dir: string): DevIssuerFiles => ({
  privateKeyFile: join(dir, 'private.jwk.json'),
  jwksFile: join(dir, 'jwks.json'),
});

/** Creates the key pair once; later calls keep it, so issued tokens stay valid across restarts. */
export async function ensureDevIssuer(dir: string): Promise<DevIssuerFiles> {
  const files = devIssuerFiles(dir);
  if (existsSync(files.privateKeyFile) && existsSync(files.jwksFile)) return files;
  await mkdir(dir, { recursive: true });
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
  await writeFile(`${files.jwksFile}.tmp`, JSON.stringify({ keys: [publicJwk] }, null, 2));
  await writeFile(`${files.privateKeyFile}.tmp`, JSON.stringify(privateJwk), { mode: 0o600 });
  await rename(`${files.jwksFile}.tmp`, files.jwksFile);
  await rename(`${files.privateKeyFile}.tmp`, files.privateKeyFile);
  return files;
}

export interface DevTokenClaims {
  subject: string;
  role: Role;
  istatCode?: string;
  name?: string;
  email?: string;
  expiresIn?: string;
  /** `iss` of the token: the development identity provider's URL under `npm start`; DEV_ISSUER otherwise. */
  issuer?: string;
}

export async function issueDevToken(privateKeyFile: string, claims: DevTokenClaims): Promise<string> {
  const jwk = JSON.parse(await readFile(privateKeyFile, 'utf8')) as JWK;
  const key = await importJWK(jwk, 'ES256');
  return new SignJWT({
    role: claims.role,
    ...(claims.istatCode ? { istat: claims.istatCode } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.email ? { email: claims.email } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer(claims.issuer ?? DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}
