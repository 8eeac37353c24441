import { type JWTPayload, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { type ClaimMapping, IDENTITY_CLAIM_MAPPING, applyClaimMapping } from './claim-mapping';
import { MUNICIPAL_ROLES, type Principal, ROLES, type Role } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

/** A refused token; `message` in English, `italian` for the Italian answer. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(
    message: string,
    readonly italian: string = message,
  ) {
    super(message);
  }
}

type Reason = [en: string, it: string];

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** An OIDC provider's JWKS endpoint (SPID/CIE through a regional IdP plugs in here)… */
  jwksUrl?: string;
  /** …or a local JWKS file (the development issuer of the CLI). */
  jwksFile?: string;
  /** Longest validity a token may claim (exp − iat, and exp − now): a stolen token must not last a century. */
  maxLifetimeSeconds: number;
  /** Which provider claims carry role and ISTAT code (claim-mapping.ts); default: ours. */
  claimMapping?: ClaimMapping;
  /** Remembers verified tokens until their `exp` (verified-token-cache.ts); none: every call verifies. */
  cache?: VerifiedTokenCache;
}

// Seconds of disagreement between our clock and the issuer's that we tolerate.
const CLOCK_TOLERANCE_SECONDS = 30;

// Claim names: `role` and `istat` are ours; an OIDC provider maps its own claims to them.
const principalFrom = (payload: JWTPayload): Principal => {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || payload.sub === '')
    throw new InvalidTokenError('token has no subject', 'token senza soggetto (sub)');
  if (typeof role !== 'string' || !ROLES.includes(role as Role))
    throw new InvalidTokenError(
      `token role "${String(role)}" is not one of ${ROLES.join(', ')}`,
      `il ruolo "${String(role)}" del token non è tra ${ROLES.join(', ')}`,
    );
  const istat = payload.istat;
  const municipal = MUNICIPAL_ROLES.includes(role as Role);
  if (municipal && (typeof istat !== 'string' || !/^\d{6}$/.test(istat))) {
    throw new InvalidTokenError(`role ${role} needs a six-digit istat claim`, `il ruolo ${role} richiede l'attributo istat di sei cifre`);
  }
  return {
    subject: payload.sub,
    name: typeof payload.name === 'string' ? payload.name : payload.sub,
    email: typeof payload.email === 'string' ? payload.email : null,
    role: role as Role,
    istatCode: municipal ? (istat as string) : null,
  };
};

/**
 * Plain words for a refused token: the library's codes (ERR_JWT_…) tell a client which
 * library we run and nothing it can act on.
 */
const reasonOf = (error: InstanceType<typeof errors.JOSEError>): Reason => {
  if (error instanceof errors.JWTExpired) return ['token expired', 'token scaduto'];
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return ['token has no expiry (exp)', 'token senza scadenza (exp)'];
    if (error.claim === 'iss' || error.claim === 'aud')
      return ['token issued by or for someone else', 'token emesso da o per un altro soggetto'];
    if (error.claim === 'nbf' || error.claim === 'iat') return ['token not valid yet', 'token non ancora valido'];
    return ['token claims are not valid', 'attributi del token non validi'];
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return ['token signature not recognised', 'firma del token non riconosciuta'];
  if (error instanceof errors.JWKSTimeout) return ['token keys not reachable now', 'chiavi dei token non raggiungibili ora'];
  return ['token is malformed', 'token malformato'];
};

export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile, 'utf8')));
    else throw new Error('TokenVerifier needs jwksUrl or jwksFile');
  }

  async verify(token: string): Promise<Principal> {
    const cache = this.options.cache;
    const key = cache ? VerifiedTokenCache.keyOf(token) : '';
    const known = cache?.get(key);
    if (known) return known;
    const { principal, exp } = await this.verifyAfresh(token);
    if (!cache) return principal;
    cache.set(key, principal, exp);
    // The cached copy is frozen: no request can alter what the next one is served.
    return cache.get(key) ?? principal;
  }

  private async verifyAfresh(token: string): Promise<{ principal: Principal; exp: number }> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      this.requireBoundedLifetime(payload);
      const principal = principalFrom(applyClaimMapping(payload, this.options.claimMapping ?? IDENTITY_CLAIM_MAPPING));
      return { principal, exp: payload.exp as number };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(...reasonOf(error));
      throw error;
    }
  }

  private requireBoundedLifetime(payload: JWTPayload): void {
    const exp = payload.exp as number; // required above
    const now = Math.floor(Date.now() / 1000);
    const max = this.options.maxLifetimeSeconds;
    const fromIssue = typeof payload.iat === 'number' ? exp - payload.iat : 0;
    if (fromIssue > max || exp - now > max + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidTokenError(
        `token lifetime exceeds the maximum of ${max} seconds`,
        `durata del token oltre il massimo di ${max} secondi`,
      );
    }
  }
}
