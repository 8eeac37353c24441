import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_CLAIM_MAPPING, applyClaimMapping, claimMappingFrom, parseRoleMap } from './claim-mapping';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

describe('claim mapping', () => {
  const keycloak = claimMappingFrom({
    roleClaim: 'realm_access.roles',
    istatClaim: 'org.istat',
    roleMap: 'cmm-funzionario=officer, cmm-dirigente=manager,ufficio-tecnico=comune',
  });

  it('is the identity with our own claim names and no role map', () => {
    expect(claimMappingFrom({ roleClaim: 'role', istatClaim: 'istat' })).toBe(IDENTITY_CLAIM_MAPPING);
    const payload = { sub: 'a', role: 'officer' };
    expect(applyClaimMapping(payload, IDENTITY_CLAIM_MAPPING)).toBe(payload);
  });

  it('reads nested claims and translates provider role values', () => {
    expect(
      applyClaimMapping({ sub: 'u', realm_access: { roles: ['offline_access', 'ufficio-tecnico'] }, org: { istat: '015146' } }, keycloak),
    ).toMatchObject({
      role: 'comune',
      istat: '015146',
    });
  });

  it('picks the same role whatever order the provider lists them in', () => {
    const a = applyClaimMapping({ sub: 'u', realm_access: { roles: ['cmm-funzionario', 'cmm-dirigente'] } }, keycloak);
    const b = applyClaimMapping({ sub: 'u', realm_access: { roles: ['cmm-dirigente', 'cmm-funzionario'] } }, keycloak);
    expect(a.role).toBe(b.role);
  });

  it('never takes an unmapped provider value verbatim, even when it spells one of our roles', () => {
    const mapped = applyClaimMapping({ sub: 'u', realm_access: { roles: ['admin'] } }, keycloak);
    expect(mapped.role).not.toBe('admin');
  });

  it('pads a numeric ISTAT code to six digits', () => {
    expect(applyClaimMapping({ sub: 'u', realm_access: { roles: ['ufficio-tecnico'] }, org: { istat: 15146 } }, keycloak).istat).toBe(
      '015146',
    );
  });

  it('refuses a role map naming a role we do not have', () => {
    expect(() => parseRoleMap('x=superuser')).toThrow(/superuser/);
  });

  describe('in the token verifier', () => {
    let jwksFile: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    beforeAll(async () => {
      const pair = await generateKeyPair('ES256', { extractable: true });
      privateKey = pair.privateKey;
      jwksFile = join(await mkdtemp(join(tmpdir(), 'cmm-claims-')), 'jwks.json');
      const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
      await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
    });
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://idp.test')
        .setAudience('cmm')
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);

    it("accepts a provider's token through the mapping and refuses one whose role maps to nothing", async () => {
      const verifier = new TokenVerifier({
        issuer: 'https://idp.test',
        audience: 'cmm',
        jwksFile,
        maxLifetimeSeconds: 3600,
        claimMapping: keycloak,
      });
      await expect(
        verifier.verify(await sign({ realm_access: { roles: ['ufficio-tecnico'] }, org: { istat: '015182' } })),
      ).resolves.toMatchObject({
        role: 'comune',
        istatCode: '015182',
      });
      await expect(verifier.verify(await sign({ realm_access: { roles: ['guest'] } }))).rejects.toThrow(InvalidTokenError);
    });
  });
});
