import { InvalidAnswerLinkError, signAnswerLink, verifyAnswerLink } from './answer-links';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const claims = {
  jti: '5f0e6c1e-2b8a-4b8e-9a51-3f7c2d1e0a11',
  caseId: '3b2f8a4c-0d1e-4f5a-8b9c-1d2e3f4a5b6c',
  sessionId: 's1',
  istatCode: '015146',
  sequence: 2,
};
const issued = new Date('2026-11-02T09:00:00Z');
const sessionEnd = new Date('2026-11-20T12:00:00Z');

describe('answer links', () => {
  it('round-trips the claims and signs the same link twice for the same inputs', async () => {
    const token = await signAnswerLink(SECRET, claims, issued, sessionEnd);
    expect(await signAnswerLink(SECRET, claims, issued, sessionEnd)).toBe(token);
    expect(await verifyAnswerLink(SECRET, token, new Date('2026-11-10T00:00:00Z'))).toEqual(claims);
  });

  it('refuses a link after the session, signed with another secret, or tampered with', async () => {
    const token = await signAnswerLink(SECRET, claims, issued, sessionEnd);
    await expect(verifyAnswerLink(SECRET, token, new Date('2026-11-20T12:00:01Z'))).rejects.toMatchObject({ expired: true });
    await expect(verifyAnswerLink(`${SECRET}-other`, token, issued)).rejects.toBeInstanceOf(InvalidAnswerLinkError);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ist: '015002' })).toString(
      'base64url',
    );
    await expect(verifyAnswerLink(SECRET, `${header}.${forged}.${signature}`, issued)).rejects.toMatchObject({ expired: false });
  });
});
