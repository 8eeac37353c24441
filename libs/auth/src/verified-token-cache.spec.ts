import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const officer = (subject: string): Principal => ({ subject, name: subject, email: null, role: 'officer', istatCode: null });

describe('verified-token cache', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = Date.UTC(2026, 11, 2, 12)));
  const expIn = (seconds: number) => Math.floor(clock / 1000) + seconds;

  it('never holds more than maxEntries, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 3, now });
    for (const name of ['a', 'b', 'c']) cache.set(name, officer(name), expIn(600));
    expect(cache.get('a')?.subject).toBe('a'); // a is now the most recently used
    cache.set('d', officer('d'), expIn(600));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => cache.get(k)?.subject)).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, officer(`k${i}`), expIn(600));
    expect(cache.size).toBe(3);
  });

  it("serves an entry until the token's exp and not one millisecond after", () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, now });
    const exp = expIn(120);
    cache.set('t', officer('u'), exp);
    clock = exp * 1000 - 1;
    expect(cache.get('t')?.subject).toBe('u');
    clock = exp * 1000;
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores nothing already expired, nothing when turned off, and refuses a negative bound', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, now });
    cache.set('old', officer('u'), expIn(0));
    expect(cache.get('old')).toBeUndefined();
    const off = new VerifiedTokenCache({ maxEntries: 0, now });
    off.set('t', officer('u'), expIn(600));
    expect(off.size).toBe(0);
    expect(() => new VerifiedTokenCache({ maxEntries: -1 })).toThrow(RangeError);
  });

  it('hands out a frozen copy, so one request cannot change what the next is served', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, now });
    const original = officer('u');
    cache.set('t', original, expIn(600));
    const served = cache.get('t') as Principal;
    expect(Object.isFrozen(served)).toBe(true);
    expect(() => Object.assign(served, { role: 'admin' })).toThrow(TypeError);
    original.role = 'admin';
    expect(cache.get('t')?.role).toBe('officer');
  });

  describe('in the token verifier (real ES256 signatures)', () => {
    let jwksFile: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    beforeAll(async () => {
      const pair = await generateKeyPair('ES256', { extractable: true });
      privateKey = pair.privateKey;
      jwksFile = join(await mkdtemp(join(tmpdir(), 'cmm-token-cache-')), 'jwks.json');
      const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
      await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
    });
    const sign = (claims: Record<string, unknown>, audience = 'cmm') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://idp.test')
        .setAudience(audience)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const verifierWith = (cache: VerifiedTokenCache) =>
      new TokenVerifier({ issuer: 'https://idp.test', audience: 'cmm', jwksFile, maxLifetimeSeconds: 3600, cache });

    it('serves a repeated token from the cache until its exp, then verifies it again', async () => {
      clock = Date.now();
      const cache = new VerifiedTokenCache({ maxEntries: 10, now });
      const verifier = verifierWith(cache);
      const token = await sign({ role: 'officer' });
      const first = await verifier.verify(token);
      expect(first).toMatchObject({ subject: 'user-1', role: 'officer', istatCode: null });
      // The same instance back: it came from the cache, not from a new verification.
      expect(await verifier.verify(token)).toBe(first);
      clock += 5 * 60_000;
      const after = await verifier.verify(token).catch((error: unknown) => error);
      // Past exp by our clock the cache is bypassed: jose verifies against the real clock, so the
      // token (still valid in real time) yields a fresh principal.
      expect(after).not.toBe(first);
      expect(after).toMatchObject({ subject: 'user-1', role: 'officer' });
    });

    it('never serves a tampered token from the cache, nor caches a refused one', async () => {
      clock = Date.now();
      const cache = new VerifiedTokenCache({ maxEntries: 10, now });
      const verifier = verifierWith(cache);
      const token = await sign({ role: 'officer' });
      await verifier.verify(token);
      const [header, payload, signature] = token.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
      ).toString('base64url');
      await expect(verifier.verify(`${header}.${forgedPayload}.${signature}`)).rejects.toThrow(InvalidTokenError);
      const flipped = signature.slice(0, -2) + (signature.endsWith('A') ? 'B' : 'A') + signature.slice(-1);
      await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toThrow(InvalidTokenError);

      const foreign = await sign({ role: 'officer' }, 'someone-else');
      await expect(verifier.verify(foreign)).rejects.toThrow(/someone else/);
      await expect(verifier.verify(foreign)).rejects.toThrow(/someone else/);
      expect(cache.size).toBe(1);
    });
  });
});
