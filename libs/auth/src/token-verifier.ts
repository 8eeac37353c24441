import { type JWTPayload, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { type ClaimMapping, IDENTITY_CLAIM_MAPPING, applyClaimMapping } from './claim-mapping';
import { MUNICIPAL_ROLES, type Principal, ROLES, type Role } from './principal';

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** An OIDC provider's JWKS endpoint (SPID/CIE through a regional IdP plugs in here)… */
  jwksUrl?: string;
  /** …or a local JWKS file (the development issuer of the CLI). */
  jwksFile?: string;
  /** Which provider claims carry role and ISTAT code (claim-mapping.ts); default: ours. */
  claimMapping?: ClaimMapping;
}

// Claim names: `role` and `istat` are ours; an OIDC provider maps its own claims to them.
const principalFrom = (payload: JWTPayload): Principal => {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('token has no subject');
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) throw new InvalidTokenError(`token role "${String(role)}" is not one of ${ROLES.join(', ')}`);
  const istat = payload.istat;
  const municipal = MUNICIPAL_ROLES.includes(role as Role);
  if (municipal && (typeof istat !== 'string' || !/^\d{6}$/.test(istat))) {
    throw new InvalidTokenError(`role ${role} needs a six-digit istat claim`);
  }
  return {
    subject: payload.sub,
    name: typeof payload.name === 'string' ? payload.name : payload.sub,
    email: typeof payload.email === 'string' ? payload.email : null,
    role: role as Role,
    istatCode: municipal ? (istat as string) : null,
  };
};

export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile, 'utf8')));
    else throw new Error('TokenVerifier needs jwksUrl or jwksFile');
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 30,
      });
      return principalFrom(applyClaimMapping(payload, this.options.claimMapping ?? IDENTITY_CLAIM_MAPPING));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
