import { SignJWT, errors, jwtVerify } from 'jose';

/**
 * The link in a conference convocation that lets a mayor's office answer without logging in:
 * an HMAC-signed token naming one municipality and one session, valid until the session ends.
 * Single use is enforced by the API against the table of issued links (the token's jti).
 */
export interface AnswerLinkClaims {
  jti: string;
  caseId: string;
  sessionId: string;
  istatCode: string;
  /** The invitation's SEQUENCE: a link of an older invitation no longer answers. */
  sequence: number;
}

const AUDIENCE = 'conference-answer';
const ISSUER = 'cmm-procedures';

export class InvalidAnswerLinkError extends Error {
  override readonly name = 'InvalidAnswerLinkError';
  constructor(
    message: string,
    readonly expired: boolean,
  ) {
    super(message);
  }
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Deterministic for the same inputs: a retried activity writes the same link in the same notice. */
export function signAnswerLink(secret: string, claims: AnswerLinkClaims, issuedAt: Date, expiresAt: Date): Promise<string> {
  return new SignJWT({ cid: claims.caseId, sid: claims.sessionId, ist: claims.istatCode, seq: claims.sequence })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(claims.jti)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

export async function verifyAnswerLink(secret: string, token: string, now: Date = new Date()): Promise<AnswerLinkClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
      currentDate: now,
    });
    const { jti, cid, sid, ist, seq } = payload as Record<string, unknown>;
    if (
      typeof jti !== 'string' ||
      typeof cid !== 'string' ||
      typeof sid !== 'string' ||
      typeof ist !== 'string' ||
      typeof seq !== 'number'
    ) {
      throw new InvalidAnswerLinkError('the link is incomplete', false);
    }
    return { jti, caseId: cid, sessionId: sid, istatCode: ist, sequence: seq };
  } catch (error) {
    if (error instanceof InvalidAnswerLinkError) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidAnswerLinkError('the link has expired: the session is over', true);
    throw new InvalidAnswerLinkError('the link is not valid', false);
  }
}
