import { ensureDevIssuer } from '@cmm/auth';
import type { JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProviderSecrets {
  /** ES256 private key (JWK) that signs ID and access tokens. */
  signingKey: JWK;
  /** Keys of the provider's session and interaction cookies. */
  cookieKeys: string[];
}

/** Written next to the key so the CLI's `token` command issues tokens the API accepts under `npm start`. */
export const ISSUER_FILE = 'issuer';

/**
 * The provider signs with the development issuer's ES256 key (libs/auth dev-issuer), created
 * once under .data/dev-issuer and shared with the CLI's `token` command: one key, so tokens
 * from the sign-in page and from scripts are verified alike. Tests give each run its own dirs.
 */
export async function ensureProviderSecrets(keyDir: string, dataDir: string, issuer: string): Promise<ProviderSecrets> {
  const files = await ensureDevIssuer(keyDir);
  const signingKey = { ...(JSON.parse(await readFile(files.privateKeyFile, 'utf8')) as JWK), use: 'sig' };
  await writeFile(join(keyDir, ISSUER_FILE), `${issuer}\n`);
  const cookieFile = join(dataDir, 'cookie-keys.json');
  if (existsSync(cookieFile)) return { signingKey, cookieKeys: JSON.parse(await readFile(cookieFile, 'utf8')) as string[] };
  await mkdir(dataDir, { recursive: true });
  const cookieKeys = [randomBytes(32).toString('hex')];
  await writeFile(`${cookieFile}.tmp`, JSON.stringify(cookieKeys), { mode: 0o600 });
  await rename(`${cookieFile}.tmp`, cookieFile);
  return { signingKey, cookieKeys };
}
