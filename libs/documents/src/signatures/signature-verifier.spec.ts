import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type TestCredential,
  bytesSource,
  createTestCa,
  createTestCrl,
  etsiTrustedList,
  issueSignerCertificate,
  minimalPdf,
  pemOf,
  signCades,
  signPdf,
  tamperCades,
} from '@cmm/test-support';
import { MEDIA_TYPES } from '../content-sniffer';
import { SignatureVerifier } from './signature-verifier';
import { loadCrlFiles, parseTrustList, type TrustList } from './trust-list';

const DAY = 86_400_000;
const content = Buffer.from('%PDF-1.7\nAccordo territoriale — testo firmato\n%%EOF\n');

describe('SignatureVerifier (real keys and signatures from a test CA)', () => {
  let ca: TestCredential;
  let otherCa: TestCredential;
  let mario: TestCredential;
  let giulia: TestCredential;
  let trusted: TrustList;

  beforeAll(async () => {
    ca = await createTestCa();
    otherCa = await createTestCa('CA Sconosciuta');
    mario = await issueSignerCertificate(ca, { organization: 'Comune di Rozzano' });
    giulia = await issueSignerCertificate(ca, { givenName: 'Giulia', surname: 'Bianchi', fiscalCode: 'BNCGLI85M41F205Z', algorithm: 'ec' });
    trusted = parseTrustList(Buffer.from(pemOf(ca)), 'test-bundle.pem');
  }, 60_000);

  const verifier = (list: TrustList | null = trusted, crls: Awaited<ReturnType<typeof loadCrlFiles>> = []) =>
    new SignatureVerifier({ trustList: () => list, crls: () => crls });
  const p7m = (bytes: Buffer, list?: TrustList | null) => verifier(list).verify(bytesSource(bytes), MEDIA_TYPES.p7m);
  const pdf = (bytes: Buffer, list?: TrustList | null) => verifier(list).verify(bytesSource(bytes), MEDIA_TYPES.pdf);

  it('accepts a CAdES .p7m signed by a trusted CA and names the signer', async () => {
    const signingTime = new Date(Date.now() - DAY);
    const report = await p7m(await signCades(content, mario, { signingTime }));
    expect(report).toMatchObject({ format: 'cades', trustList: { id: trusted.id, source: 'test-bundle.pem' } });
    expect(report.signatures).toHaveLength(1);
    const [signature] = report.signatures;
    expect(signature).toMatchObject({
      index: 0,
      format: 'cades',
      status: 'valid-trusted',
      signingTimeSource: 'signer',
      digestAlgorithm: 'sha256',
      signer: {
        commonName: 'Mario Rossi',
        givenName: 'Mario',
        surname: 'Rossi',
        serialNumber: 'TINIT-RSSMRA80A01F205X',
        fiscalCode: 'RSSMRA80A01F205X',
        organization: 'Comune di Rozzano',
        issuer: 'C=IT, O=Prova Trust Services S.p.A., CN=CA Qualificata di Prova',
        certificateSerial: mario.certificate.serialNumber.toUpperCase(),
        nonRepudiation: true,
        qualified: true,
      },
    });
    // UTCTime keeps seconds: the declared time comes back to the second.
    expect(Date.parse(signature.signingTime!)).toBe(Math.floor(signingTime.getTime() / 1000) * 1000);
    expect(signature.signer!.qcStatements).toEqual([
      { oid: '0.4.0.1862.1.1', name: 'QcCompliance' },
      { oid: '0.4.0.1862.1.4', name: 'QcSSCD' },
      { oid: '0.4.0.1862.1.6', name: 'QcType', types: ['esign'] },
    ]);
    expect(signature.chain).toEqual([
      'C=IT, O=Comune di Rozzano, SN=Rossi, GN=Mario, serialNumber=TINIT-RSSMRA80A01F205X, CN=Mario Rossi',
      'C=IT, O=Prova Trust Services S.p.A., CN=CA Qualificata di Prova',
    ]);
  });

  it('reads a base64 .p7m with PEM armour as the same signature', async () => {
    const report = await p7m(await signCades(content, mario, { base64: true }));
    expect(report.signatures.map((s) => s.status)).toEqual(['valid-trusted']);
  });

  it('gives one result per co-signature (RSA and ECDSA signers)', async () => {
    const report = await p7m(await signCades(content, [mario, giulia]));
    expect(report.signatures.map((s) => [s.index, s.status, s.signer?.fiscalCode])).toEqual([
      [0, 'valid-trusted', 'RSSMRA80A01F205X'],
      [1, 'valid-trusted', 'BNCGLI85M41F205Z'],
    ]);
  });

  it('refuses a .p7m whose content was changed after signing', async () => {
    const tampered = tamperCades(await signCades(content, mario), Buffer.from('%PDF-1.7\nAccordo con un importo diverso\n%%EOF\n'));
    const [signature] = (await p7m(tampered)).signatures;
    expect(signature).toMatchObject({ status: 'invalid', reason: { en: 'the content was modified after signing (digest mismatch)' } });
    expect(signature.signer?.fiscalCode).toBe('RSSMRA80A01F205X');
  });

  it('refuses a signature made with a key that is not the certificate’s', async () => {
    const [signature] = (await p7m(await signCades(content, mario, { signingKey: giulia.keys.privateKey }))).signatures;
    expect(signature).toMatchObject({
      status: 'invalid',
      reason: { it: 'la firma non corrisponde alla chiave del certificato del firmatario' },
    });
  });

  it('says expired when the signing time falls outside the certificate’s validity', async () => {
    const expiredCert = await issueSignerCertificate(ca, {
      notBefore: new Date(Date.now() - 800 * DAY),
      notAfter: new Date(Date.now() - 30 * DAY),
    });
    const [signature] = (await p7m(await signCades(content, expiredCert, { signingTime: new Date() }))).signatures;
    expect(signature.status).toBe('expired');
    expect(signature.reason.it).toMatch(/^alla data di firma \(\d{4}-\d{2}-\d{2}\) il certificato .*Mario Rossi non era valido/);
  });

  it('says valid but untrusted when the CA is not in the trust list, and when no list is configured', async () => {
    const stranger = await issueSignerCertificate(otherCa, { givenName: 'Luca', surname: 'Verdi', fiscalCode: 'VRDLCU70A01F205Y' });
    const [untrusted] = (await p7m(await signCades(content, stranger))).signatures;
    expect(untrusted).toMatchObject({
      status: 'valid-untrusted',
      reason: { en: 'signature intact, but untrusted certificate chain: the root certificate is not in the trusted list' },
      signer: { fiscalCode: 'VRDLCU70A01F205Y' },
    });
    const [noList] = (await p7m(await signCades(content, mario), null)).signatures;
    expect(noList).toMatchObject({
      status: 'valid-untrusted',
      reason: { en: 'signature intact, but untrusted certificate chain: no trusted list is configured' },
    });
  });

  it('finds the signer certificate named by its subjectKeyIdentifier', async () => {
    const [signature] = (await p7m(await signCades(content, mario, { bySubjectKeyIdentifier: true }))).signatures;
    expect(signature).toMatchObject({ status: 'valid-trusted', signer: { fiscalCode: 'RSSMRA80A01F205X' } });
  });

  it('finds the issuer in the trust list when the envelope does not carry it', async () => {
    const [signature] = (await p7m(await signCades(content, mario, { withoutIssuer: true }))).signatures;
    expect(signature.status).toBe('valid-trusted');
  });

  it('says revoked when a CRL (embedded, or from the operator) revoked the certificate before signing', async () => {
    const revokedCert = await issueSignerCertificate(ca, { fiscalCode: 'RSSMRA80A01F205X' });
    const crl = await createTestCrl(ca, [{ certificate: revokedCert.certificate, at: new Date(Date.now() - 2 * DAY) }]);
    const [embedded] = (await p7m(await signCades(content, revokedCert, { crls: [crl] }))).signatures;
    expect(embedded).toMatchObject({ status: 'revoked', reason: { en: expect.stringMatching(/was revoked on .* before signing/) } });

    const dir = await mkdtemp(join(tmpdir(), 'crl-'));
    await writeFile(join(dir, 'ca.crl'), crl);
    const operatorCrls = await loadCrlFiles([dir]);
    const envelope = await signCades(content, revokedCert);
    const [fromFile] = (await verifier(trusted, operatorCrls).verify(bytesSource(envelope), MEDIA_TYPES.p7m)).signatures;
    expect(fromFile.status).toBe('revoked');
    // Signed before the revocation: the signature stands, and the officer is told of the later revocation.
    const earlier = await signCades(content, revokedCert, { signingTime: new Date(Date.now() - 5 * DAY) });
    const [before] = (await verifier(trusted, operatorCrls).verify(bytesSource(earlier), MEDIA_TYPES.p7m)).signatures;
    expect(before).toMatchObject({ status: 'valid-trusted', reason: { en: expect.stringMatching(/revoked after signing/) } });
  });

  it('ignores a CRL the certificate’s issuer did not sign', async () => {
    const revokedCert = await issueSignerCertificate(ca);
    // Named after the signer's CA but signed with another key.
    const forged = await createTestCrl({ ...ca, keys: otherCa.keys }, [
      { certificate: revokedCert.certificate, at: new Date(Date.now() - DAY) },
    ]);
    const [signature] = (await p7m(await signCades(content, revokedCert, { crls: [forged] }))).signatures;
    expect(signature.status).toBe('valid-trusted');
  });

  it('verifies a PAdES signature on the two byte ranges', async () => {
    const signed = await signPdf('Accordo territoriale', mario);
    const report = await pdf(signed);
    expect(report.format).toBe('pades');
    expect(report.signatures).toMatchObject([
      { index: 0, format: 'pades', status: 'valid-trusted', signer: { fiscalCode: 'RSSMRA80A01F205X' } },
    ]);
  });

  it('refuses a PAdES PDF with content appended after signing', async () => {
    const signed = await signPdf('Accordo territoriale', mario);
    const appended = Buffer.concat([signed, Buffer.from('\n3 0 obj\n<</Type/Page/Contents (altro testo)>>\nendobj\n%%EOF\n')]);
    const [signature] = (await pdf(appended)).signatures;
    expect(signature).toMatchObject({
      status: 'invalid',
      reason: { en: expect.stringMatching(/^the document was modified after the last signature: \d+ bytes appended/) },
    });
  });

  it('refuses a PAdES PDF whose signed bytes were changed', async () => {
    const signed = await signPdf('Accordo territoriale 1000 euro', mario);
    const changed = Buffer.from(signed.toString('latin1').replace('1000 euro', '9000 euro'), 'latin1');
    const [signature] = (await pdf(changed)).signatures;
    expect(signature).toMatchObject({ status: 'invalid', reason: { en: 'the content was modified after signing (digest mismatch)' } });
  });

  it('refuses a /ByteRange that does not leave out exactly /Contents, or points outside the file', async () => {
    const signed = (await signPdf('Accordo', mario)).toString('latin1');
    const [, a, b, c, d] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(signed)!.map(Number);
    const shifted = signed.replace(`[${a} ${b} ${c} ${d}]`, `[${a} ${b - 5} ${c} ${d}]`.padEnd(`[${a} ${b} ${c} ${d}]`.length));
    expect((await pdf(Buffer.from(shifted, 'latin1'))).signatures[0]).toMatchObject({
      status: 'invalid',
      reason: { en: expect.stringMatching(/leave out exactly/) },
    });
    const outside = signed.replace(`[${a} ${b} ${c} ${d}]`, `[${a} ${b} ${c} ${d + 999}]`);
    expect((await pdf(Buffer.from(outside, 'latin1'))).signatures[0]).toMatchObject({
      status: 'invalid',
      reason: { en: expect.stringMatching(/ranges outside/) },
    });
  });

  it('finds no signature in an unsigned PDF or in garbage, and never throws on it', async () => {
    expect(await pdf(minimalPdf('non firmato'))).toMatchObject({ format: null, signatures: [] });
    const [garbage] = (await p7m(Buffer.from('MIIBogus-not-a-cms'))).signatures;
    expect(garbage).toMatchObject({ status: 'invalid', reason: { en: 'the .p7m envelope cannot be read (CMS SignedData)' } });
  });

  it('takes as trust anchors the granted CA/QC services of an ETSI TS 119 612 trusted list, not the withdrawn ones', async () => {
    const list = parseTrustList(
      Buffer.from(
        etsiTrustedList([
          { ca, status: 'granted' },
          { ca: otherCa, status: 'withdrawn' },
        ]),
      ),
      'IT_TL.xml',
    );
    expect(list.anchors).toHaveLength(1);
    const stranger = await issueSignerCertificate(otherCa);
    expect((await p7m(await signCades(content, mario), list)).signatures[0].status).toBe('valid-trusted');
    expect((await p7m(await signCades(content, stranger), list)).signatures[0].status).toBe('valid-untrusted');
  });
});
