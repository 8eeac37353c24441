import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type CertificatePath, certificatePath, chainNames } from './certificate-path';
import { DIGESTS, UnsupportedAlgorithmError, publicKeyOf, verifySignature } from './signature-algorithms';
import type { LocalizedText, SignatureFormat, SignatureVerification } from './signature-verification';
import { nameText, signerIdentity } from './signer-identity';

// CMS attributes, RFC 5652 §11 and RFC 3161 Appendix A.
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';
const SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';
export const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Hashes the signed content with one algorithm: the attached content, or a PDF's byte ranges streamed. */
export type ContentDigester = (algorithm: string) => Promise<Buffer>;

/** Feeds the signed content itself to a verifier: needed only by a SignerInfo without signed attributes. */
export type ContentFeeder = (update: (chunk: Uint8Array) => void) => Promise<void>;

export interface TrustContext {
  anchors: readonly pkijs.Certificate[] | null;
  crls: readonly pkijs.CertificateRevocationList[];
  /** Used for the certificate checks when the signer declared no signing time. */
  now: Date;
}

const text = (it: string, en: string): LocalizedText => ({ it, en });

const attribute = (info: pkijs.SignerInfo, type: string) => info.signedAttrs?.attributes.find((a) => a.type === type);

function signingTimeOf(info: pkijs.SignerInfo): Date | null {
  const value = attribute(info, SIGNING_TIME)?.values[0];
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/** The certificate a SignerInfo names by issuer and serial or by subject key identifier. */
function signerCertificate(info: pkijs.SignerInfo, certificates: readonly pkijs.Certificate[]): pkijs.Certificate | null {
  const sid = info.sid as pkijs.IssuerAndSerialNumber | asn1js.Constructed;
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  // subjectKeyIdentifier [0]: primitive in DER, or wrapping the OCTET STRING when parsed as constructed.
  const tagged = sid as unknown as {
    valueBlock: { valueHexView?: Uint8Array; value?: Array<{ valueBlock: { valueHexView?: Uint8Array } }> };
  };
  const keyId = Buffer.from(
    tagged.valueBlock.valueHexView?.length ? tagged.valueBlock.valueHexView : (tagged.valueBlock.value?.[0]?.valueBlock.valueHexView ?? []),
  );
  if (keyId.length === 0) return null;
  return (
    certificates.find((c) => {
      const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14');
      const parsed = ski ? asn1js.fromBER(ski.extnValue.valueBlock.valueHexView) : null;
      return parsed && parsed.result instanceof asn1js.OctetString && Buffer.from(parsed.result.valueBlock.valueHexView).equals(keyId);
    }) ?? null
  );
}

/** An envelope or a signature that cannot be checked at all. */
export const unreadableSignature = (index: number, format: SignatureFormat, reason: LocalizedText): SignatureVerification => ({
  index,
  format,
  status: 'invalid',
  reason,
  signer: null,
  signingTime: null,
  signingTimeSource: 'verification',
  timestampTokenPresent: false,
  digestAlgorithm: null,
  chain: [],
});

const day = (d: Date) => d.toISOString().slice(0, 10);

function chainVerdict(path: CertificatePath, signingTime: Date): Pick<SignatureVerification, 'status' | 'reason'> {
  if (path.revoked) {
    const who = nameText(path.revoked.certificate.subject);
    return {
      status: 'revoked',
      reason: text(
        `il certificato ${who} è stato revocato il ${day(path.revoked.at)}, prima della firma (${day(signingTime)})`,
        `certificate ${who} was revoked on ${day(path.revoked.at)}, before signing (${day(signingTime)})`,
      ),
    };
  }
  if (path.expired) {
    const c = path.expired;
    return {
      status: 'expired',
      reason: text(
        `alla data di firma (${day(signingTime)}) il certificato ${nameText(c.subject)} non era valido (dal ${day(c.notBefore.value)} al ${day(c.notAfter.value)})`,
        `at signing time (${day(signingTime)}) certificate ${nameText(c.subject)} was not valid (${day(c.notBefore.value)} to ${day(c.notAfter.value)})`,
      ),
    };
  }
  const later = path.revokedLater
    ? text(
        `; il certificato è stato revocato dopo la firma, il ${day(path.revokedLater.at)}`,
        `; the certificate was revoked after signing, on ${day(path.revokedLater.at)}`,
      )
    : text('', '');
  if (path.trusted)
    return {
      status: 'valid-trusted',
      reason: text(
        `firma valida, certificato emesso da un'autorità dell'elenco di fiducia${later.it}`,
        `valid signature, certificate issued by a trusted-list authority${later.en}`,
      ),
    };
  const why: Record<NonNullable<CertificatePath['untrustedReason']>, LocalizedText> = {
    'no-trust-list': text('nessun elenco di fiducia configurato', 'no trusted list is configured'),
    'no-issuer': text("l'autorità emittente non è nell'elenco di fiducia", 'the issuing authority is not in the trusted list'),
    'self-signed': text("il certificato radice non è nell'elenco di fiducia", 'the root certificate is not in the trusted list'),
    'not-a-ca': text(
      "l'emittente del certificato non è un'autorità di certificazione",
      "the certificate's issuer is not a certification authority",
    ),
  };
  const because = why[path.untrustedReason ?? 'no-issuer'];
  return {
    status: 'valid-untrusted',
    reason: text(
      `firma integra, ma catena di certificati non fidata: ${because.it}${later.it}`,
      `signature intact, but untrusted certificate chain: ${because.en}${later.en}`,
    ),
  };
}

/**
 * Verifies each SignerInfo of a SignedData: the messageDigest attribute against the content's
 * digest, the signature over the signed attributes against the signer certificate's key, then
 * the certificate path at the signing time.
 */
export async function verifySignerInfos(
  signedData: pkijs.SignedData,
  format: SignatureFormat,
  firstIndex: number,
  digest: ContentDigester,
  feed: ContentFeeder,
  trust: TrustContext,
): Promise<SignatureVerification[]> {
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const crls = [
    ...trust.crls,
    ...(signedData.crls ?? []).filter((c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList),
  ];
  const results: SignatureVerification[] = [];
  for (const [i, info] of signedData.signerInfos.entries()) {
    const index = firstIndex + i;
    const certificate = signerCertificate(info, certificates);
    const declared = signingTimeOf(info);
    const signingTime = declared ?? trust.now;
    const digestAlgorithm = DIGESTS[info.digestAlgorithm.algorithmId] ?? null;
    const base = {
      index,
      format,
      signer: certificate ? signerIdentity(certificate) : null,
      signingTime: declared?.toISOString() ?? null,
      signingTimeSource: declared ? ('signer' as const) : ('verification' as const),
      timestampTokenPresent: info.unsignedAttrs?.attributes.some((a) => a.type === SIGNATURE_TIME_STAMP) ?? false,
      digestAlgorithm,
      chain: certificate ? chainNames([certificate]) : [],
    };
    const invalid = (reason: LocalizedText): SignatureVerification => ({ ...base, status: 'invalid', reason });
    if (!certificate) {
      results.push(
        invalid(
          text('il certificato del firmatario non è incluso nella firma', "the signer's certificate is not included in the signature"),
        ),
      );
      continue;
    }
    if (!digestAlgorithm) {
      results.push(
        invalid(
          text(
            `algoritmo di impronta non supportato (${info.digestAlgorithm.algorithmId})`,
            `unsupported digest algorithm (${info.digestAlgorithm.algorithmId})`,
          ),
        ),
      );
      continue;
    }
    let signatureHolds: boolean;
    try {
      if (info.signedAttrs) {
        const declaredDigest = attribute(info, MESSAGE_DIGEST)?.values[0];
        const contentType = attribute(info, CONTENT_TYPE);
        if (!(declaredDigest instanceof asn1js.OctetString) || !contentType) {
          results.push(
            invalid(
              text(
                'attributi firmati incompleti (messageDigest, contentType)',
                'incomplete signed attributes (messageDigest, contentType)',
              ),
            ),
          );
          continue;
        }
        if (!Buffer.from(declaredDigest.valueBlock.valueHexView).equals(await digest(digestAlgorithm))) {
          results.push(
            invalid(
              text(
                'il contenuto è stato modificato dopo la firma (impronta diversa)',
                'the content was modified after signing (digest mismatch)',
              ),
            ),
          );
          continue;
        }
        const signedAttributes = new Uint8Array(info.signedAttrs.encodedValue);
        signatureHolds = await verifySignature(
          info.signatureAlgorithm,
          publicKeyOf(certificate),
          info.signature.valueBlock.valueHexView,
          (update) => update(signedAttributes),
          digestAlgorithm,
        );
      } else {
        signatureHolds = await verifySignature(
          info.signatureAlgorithm,
          publicKeyOf(certificate),
          info.signature.valueBlock.valueHexView,
          feed,
          digestAlgorithm,
        );
      }
    } catch (error) {
      if (!(error instanceof UnsupportedAlgorithmError)) throw error;
      results.push(
        invalid(
          text(
            `algoritmo di firma non supportato (${info.signatureAlgorithm.algorithmId})`,
            `unsupported signature algorithm (${info.signatureAlgorithm.algorithmId})`,
          ),
        ),
      );
      continue;
    }
    if (!signatureHolds) {
      results.push(
        invalid(
          text(
            'la firma non corrisponde alla chiave del certificato del firmatario',
            "the signature does not match the signer certificate's key",
          ),
        ),
      );
      continue;
    }
    const path = await certificatePath(certificate, certificates, trust.anchors, crls, signingTime);
    results.push({ ...base, chain: chainNames(path.chain), ...chainVerdict(path, signingTime) });
  }
  return results;
}

/** The SignedData of a ContentInfo, or null when the bytes are something else. */
export function signedDataOf(asn: asn1js.AsnType): pkijs.SignedData | null {
  try {
    const info = new pkijs.ContentInfo({ schema: asn });
    if (info.contentType !== SIGNED_DATA) return null;
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    return null;
  }
}
