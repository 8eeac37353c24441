import { type DevTokenClaims, ensureDevIssuer, issueDevToken } from '@cmm/auth';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestIssuer {
  /** Environment for the API: the issuer's JWKS file. */
  env: { AUTH_JWKS_FILE: string };
  token(claims: DevTokenClaims): Promise<string>;
  bearer(claims: DevTokenClaims): Promise<string>;
}

/** A real signing key per test file; tokens are verified by the API like production ones. */
export async function createTestIssuer(): Promise<TestIssuer> {
  const files = await ensureDevIssuer(await mkdtemp(join(tmpdir(), 'cmm-issuer-')));
  const token = (claims: DevTokenClaims) => issueDevToken(files.privateKeyFile, claims);
  return {
    env: { AUTH_JWKS_FILE: files.jwksFile },
    token,
    bearer: async (claims) => `Bearer ${await token(claims)}`,
  };
}
