// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * A certification authority and Italian-style signer certificates made by the tests, and
 * CAdES/PAdES signatures made with them: real keys, real signatures, nothing precomputed.
 */
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto;
x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
pkijs.setEngine(
  'testWebcrypto',
  new pkijs.CryptoEngine({ name: 'testWebcrypto', crypto: crypto as unknown as pkijs.ICryptoEngine['crypto'] }),
);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const DAY = 86_400_000;

export interface TestCredential {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** The CA that issued it (null for a root). */
  issuer: TestCredential | null;
}

const pkijsCertificate = (c: x509.X509Certificate) => new pkijs.Certificate({ schema: asn1js.fromBER(c.rawData).result });

const generate = (algorithm: 'rsa' | 'ec') =>
  crypto.subtle.generateKey(algorithm === 'rsa' ? RSA : ECDSA, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

/** A root CA, as a qualified trust service's would be. */
export async function createTestCa(
  name = 'CA Qualificata di Prova',
  options: { notBefore?: Date; notAfter?: Date } = {},
): Promise<TestCredential> {
  const keys = await generate('rsa');
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ C: ['IT'] }, { O: ['Prova Trust Services S.p.A.'] }, { CN: [name] }],
    keys,
    notBefore: options.notBefore ?? new Date(Date.now() - 3650 * DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys, issuer: null };
}

// ETSI EN 319 412-5: QcCompliance, QcSSCD, QcType esign.
function qcStatementsValue(): ArrayBuffer {
  const statement = (oid: string, info?: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), ...(info ? [info] : [])] });
  return new asn1js.Sequence({
    value: [
      statement('0.4.0.1862.1.1'),
      statement('0.4.0.1862.1.4'),
      statement('0.4.0.1862.1.6', new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.1862.1.6.1' })] })),
    ],
  }).toBER();
}

export interface SignerOptions {
  givenName?: string;
  surname?: string;
  fiscalCode?: string;
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
  algorithm?: 'rsa' | 'ec';
  /** Issue it as a CA (an intermediate). */
  ca?: boolean;
}

/** A natural person's qualified signature certificate: serialNumber TINIT-<fiscal code>, givenName, surname, QC statements. */
export async function issueSignerCertificate(ca: TestCredential, options: SignerOptions = {}): Promise<TestCredential> {
  const givenName = options.givenName ?? 'Mario';
  const surname = options.surname ?? 'Rossi';
  const fiscalCode = options.fiscalCode ?? 'RSSMRA80A01F205X';
  const keys = await generate(options.algorithm ?? 'rsa');
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: createHash('sha256')
      .update(`${fiscalCode}/${Math.random()}`)
      .digest('hex')
      .slice(0, 16)
      .replace(/^[89a-f]/, '1'),
    subject: [
      { C: ['IT'] },
      ...(options.organization ? [{ O: [options.organization] }] : []),
      { '2.5.4.4': [surname] },
      { '2.5.4.42': [givenName] },
      { '2.5.4.5': [`TINIT-${fiscalCode}`] },
      { CN: [`${givenName} ${surname}`] },
    ],
    issuer: ca.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - 365 * DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 3 * 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: options.ca
      ? [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ]
      : [
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.nonRepudiation, true),
          new x509.Extension('1.3.6.1.5.5.7.1.3', false, qcStatementsValue()),
          await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
  });
  return { certificate, keys, issuer: ca };
}

/** A CRL the CA signs, revoking certificates at the dates given. */
export async function createTestCrl(ca: TestCredential, revoked: Array<{ certificate: x509.X509Certificate; at: Date }>): Promise<Buffer> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: new Date(Date.now() + 30 * DAY),
    // A reason code, as CAs write one: pkijs reads an entry with an empty extensions list as malformed.
    entries: revoked.map((r) => ({
      serialNumber: r.certificate.serialNumber,
      revocationDate: r.at,
      reason: x509.X509CrlReason.keyCompromise,
    })),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: RSA,
  });
  return Buffer.from(crl.rawData);
}

export interface SignOptions {
  /** The signingTime attribute; default now. */
  signingTime?: Date;
  /** Sign with this key instead of the certificate's own (a signature that cannot verify). */
  signingKey?: CryptoKey;
  /** CRLs (DER) carried in the envelope. */
  crls?: Buffer[];
  /** Leave out the issuing CA's certificate (the verifier must find it in the trust list). */
  withoutIssuer?: boolean;
  /** Name the signer certificate by its subjectKeyIdentifier rather than issuer and serial (RFC 5652 §5.3). */
  bySubjectKeyIdentifier?: boolean;
}

const hashName = (key: CryptoKey) => (key.algorithm as { hash?: { name: string } }).hash?.name ?? 'SHA-256';

async function signerInfo(signer: TestCredential, digest: Buffer, options: SignOptions): Promise<pkijs.SignerInfo> {
  const certificate = pkijsCertificate(signer.certificate);
  const ski = signer.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const bySki = options.bySubjectKeyIdentifier && ski;
  return new pkijs.SignerInfo({
    version: bySki ? 3 : 1,
    sid: bySki
      ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: Buffer.from(ski.keyId, 'hex') })
      : new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: DATA })] }),
        new pkijs.Attribute({
          type: '1.2.840.113549.1.9.5',
          values: [new asn1js.UTCTime({ valueDate: options.signingTime ?? new Date() })],
        }),
        new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
      ],
    }),
  });
}

/** A CMS SignedData over `content` by each signer (co-signatures), attached or detached, as DER. */
export async function signCms(content: Buffer, signers: TestCredential[], options: SignOptions & { attached: boolean }): Promise<Buffer> {
  const digest = createHash('sha256').update(content).digest();
  const certificates = new Map<string, pkijs.Certificate>();
  for (const s of signers) {
    certificates.set(s.certificate.serialNumber, pkijsCertificate(s.certificate));
    if (s.issuer && !options.withoutIssuer) certificates.set(s.issuer.certificate.serialNumber, pkijsCertificate(s.issuer.certificate));
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: DATA,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: content }) } : {}),
    }),
    signerInfos: await Promise.all(signers.map((s) => signerInfo(s, digest, options))),
    certificates: [...certificates.values()],
    ...(options.crls?.length
      ? { crls: options.crls.map((der) => new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(der).result })) }
      : {}),
  });
  for (const [i, s] of signers.entries()) {
    const key = options.signingKey ?? s.keys.privateKey;
    await signedData.sign(key, i, hashName(key));
  }
  return Buffer.from(new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: signedData.toSchema(true) }).toSchema().toBER());
}

/** An enveloping .p7m (CAdES-BES) of the content, DER or base64 with PEM armour. */
export async function signCades(
  content: Buffer,
  signers: TestCredential | TestCredential[],
  options: SignOptions & { base64?: boolean } = {},
): Promise<Buffer> {
  const der = await signCms(content, Array.isArray(signers) ? signers : [signers], { ...options, attached: true });
  if (!options.base64) return der;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN PKCS7-----\r\n${lines.join('\r\n')}\r\n-----END PKCS7-----\r\n`, 'latin1');
}

/** The same .p7m with its attached content replaced: the signature no longer matches it. */
export function tamperCades(p7m: Buffer, content: Buffer): Buffer {
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(p7m).result });
  const signedData = new pkijs.SignedData({ schema: info.content });
  signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  return Buffer.from(new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: signedData.toSchema(true) }).toSchema().toBER());
}

/** A one-page PDF 1.7 showing the text, with its cross-reference table (no signature). */
export function minimalPdf(text: string): Buffer {
  return pdfWith(text, null).bytes;
}

const CONTENTS_HEX_LENGTH = 32_768;
const RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

function pdfWith(text: string, signatureObject: string | null): { bytes: Buffer } {
  const stream = `BT /F1 12 Tf 72 770 Td (${text.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj ET`;
  const objects = [
    `<</Type/Catalog/Pages 2 0 R${signatureObject ? '/AcroForm<</Fields[5 0 R]/SigFlags 3>>' : ''}>>`,
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    `<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>/Contents 4 0 R${signatureObject ? '/Annots[5 0 R]' : ''}>>`,
    `<</Length ${stream.length}>>\nstream\n${stream}\nendstream`,
    ...(signatureObject ? ['<</FT/Sig/Type/Annot/Subtype/Widget/Rect[0 0 0 0]/F 132/T(Firma1)/P 3 0 R/V 6 0 R>>', signatureObject] : []),
  ];
  let body = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return { bytes: Buffer.from(body, 'latin1') };
}

/**
 * A PAdES-B signed PDF: a signature dictionary whose /ByteRange covers the whole file but the
 * /Contents hex string, which holds a detached CMS signature of those two ranges.
 */
export async function signPdf(text: string, signer: TestCredential | TestCredential[], options: SignOptions = {}): Promise<Buffer> {
  const placeholder = `<${'0'.repeat(CONTENTS_HEX_LENGTH)}>`;
  const dictionary = `<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange ${RANGE_PLACEHOLDER}/Contents ${placeholder}/M(D:20261203100000Z)>>`;
  const { bytes } = pdfWith(text, dictionary);
  const latin = bytes.toString('latin1');
  const b = latin.indexOf(placeholder);
  const c = b + placeholder.length;
  const ranges = `[0 ${b} ${c} ${bytes.length - c}]`.padEnd(RANGE_PLACEHOLDER.length, ' ');
  const withRanges = Buffer.from(latin.replace(RANGE_PLACEHOLDER, ranges), 'latin1');
  const signed = Buffer.concat([withRanges.subarray(0, b), withRanges.subarray(c)]);
  const cms = await signCms(signed, Array.isArray(signer) ? signer : [signer], { ...options, attached: false });
  const hex = cms.toString('hex').toUpperCase().padEnd(CONTENTS_HEX_LENGTH, '0');
  if (hex.length > CONTENTS_HEX_LENGTH) throw new Error('the test signature does not fit its placeholder');
  return Buffer.concat([withRanges.subarray(0, b), Buffer.from(`<${hex}>`, 'latin1'), withRanges.subarray(c)]);
}

/** The CA certificate as a PEM bundle, what an operator configures as trust list. */
export const pemOf = (...credentials: TestCredential[]): string => credentials.map((c) => c.certificate.toString('pem')).join('\n') + '\n';

/** An ETSI TS 119 612 trusted list naming the CAs as CA/QC services with the given status. */
export function etsiTrustedList(services: Array<{ ca: TestCredential; status: 'granted' | 'withdrawn' }>): string {
  const service = ({ ca, status }: (typeof services)[number]) => `
      <tsl:TSPService>
        <tsl:ServiceInformation>
          <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
          <tsl:ServiceName><tsl:Name xml:lang="it">${ca.certificate.subject}</tsl:Name></tsl:ServiceName>
          <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>${Buffer.from(ca.certificate.rawData).toString('base64')}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
          <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${status}</tsl:ServiceStatus>
          <tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>
        </tsl:ServiceInformation>
      </tsl:TSPService>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation><tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier><tsl:SchemeTerritory>IT</tsl:SchemeTerritory></tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="it">Prova Trust Services S.p.A.</tsl:Name></tsl:TSPName></tsl:TSPInformation>
      <tsl:TSPServices>${services.map(service).join('')}
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
`;
}

/** The bytes as the verifier reads stored content: whole, or an inclusive range. */
export const bytesSource = (bytes: Buffer) => ({
  size: bytes.length,
  read: async (range?: { start: number; end: number }) => [range ? bytes.subarray(range.start, range.end + 1) : bytes],
});

let defaultSigner: Promise<TestCredential> | null = null;

/** One test CA and its signer Mario Rossi per process, for fixtures that need a real signature, not a particular one. */
export function testSigner(): Promise<TestCredential> {
  defaultSigner ??= createTestCa().then((ca) => issueSignerCertificate(ca));
  return defaultSigner;
}

/** A PAdES PDF signed by the test signer (a valid signature whose CA no trust list names unless the test configures it). */
export const signedTestPdf = async (text: string): Promise<Buffer> => signPdf(text, await testSigner());

/** A .p7m of a small PDF, signed by the test signer. */
export const signedTestP7m = async (text = 'atto firmato'): Promise<Buffer> => signCades(minimalPdf(text), await testSigner());
