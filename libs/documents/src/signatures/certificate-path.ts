import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { certificateSignedBy, crlSignedBy } from './signature-algorithms';
import { nameText, serialHex } from './signer-identity';

/** RFC 5280 §6.1 allows any depth; real qualified hierarchies are two or three deep. */
const MAX_DEPTH = 8;
const BASIC_CONSTRAINTS = '2.5.29.19';

export interface CertificatePath {
  /** Signer first; ends at a trust anchor when trusted. */
  chain: pkijs.Certificate[];
  trusted: boolean;
  /** Why the chain is not trusted (English; the caller words it for people). */
  untrustedReason: 'no-trust-list' | 'no-issuer' | 'self-signed' | 'not-a-ca' | null;
  /** The first certificate of the chain whose validity does not include the signing time. */
  expired: pkijs.Certificate | null;
  revoked: { certificate: pkijs.Certificate; at: Date } | null;
  /** Revoked after the signing time: the signature stands, the officer is told. */
  revokedLater: { certificate: pkijs.Certificate; at: Date } | null;
}

const der = (c: pkijs.Certificate) => Buffer.from(c.toSchema().toBER());
const sameCertificate = (a: pkijs.Certificate, b: pkijs.Certificate) => der(a).equals(der(b));
const sameName = (a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames) => a.isEqual(b);

function isCa(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === BASIC_CONSTRAINTS);
  if (!extension) return false;
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return false;
  const first = parsed.result.valueBlock.value[0];
  return first instanceof asn1js.Boolean && first.getValue();
}

const validAt = (certificate: pkijs.Certificate, at: Date) =>
  certificate.notBefore.value.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.value.getTime();

async function issuerOf(certificate: pkijs.Certificate, pool: readonly pkijs.Certificate[]): Promise<pkijs.Certificate | null> {
  for (const candidate of pool) {
    if (!sameName(candidate.subject, certificate.issuer)) continue;
    if (await certificateSignedBy(certificate, candidate)) return candidate;
  }
  return null;
}

/** The revocation of a certificate by a CRL its issuer signed, if any. */
async function revocationOf(
  certificate: pkijs.Certificate,
  issuer: pkijs.Certificate | null,
  crls: readonly pkijs.CertificateRevocationList[],
): Promise<Date | null> {
  if (!issuer) return null;
  const serial = serialHex(certificate);
  for (const crl of crls) {
    if (!sameName(crl.issuer, certificate.issuer)) continue;
    const entry = crl.revokedCertificates?.find(
      (r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex').toUpperCase() === serial,
    );
    // A CRL is evidence only if the certificate's issuer signed it.
    if (entry && (await crlSignedBy(crl, issuer))) return entry.revocationDate.value;
  }
  return null;
}

/**
 * Builds the path from the signer certificate to a trust anchor with the certificates the
 * envelope carries, checking at each step the issuer's signature, the issuer being a CA
 * (basicConstraints), each certificate's validity at the signing time, and revocation by
 * the CRLs given (those embedded in the envelope and those the operator keeps; none is
 * downloaded).
 */
export async function certificatePath(
  signer: pkijs.Certificate,
  carried: readonly pkijs.Certificate[],
  anchors: readonly pkijs.Certificate[] | null,
  crls: readonly pkijs.CertificateRevocationList[],
  signingTime: Date,
): Promise<CertificatePath> {
  const chain = [signer];
  const pool = [...(anchors ?? []), ...carried];
  let trusted = false;
  let untrustedReason: CertificatePath['untrustedReason'] = anchors ? null : 'no-trust-list';
  let revoked: CertificatePath['revoked'] = null;
  let revokedLater: CertificatePath['revokedLater'] = null;
  for (let current = signer; chain.length <= MAX_DEPTH;) {
    if (anchors?.some((a) => sameCertificate(a, current))) {
      trusted = true;
      break;
    }
    const issuer = await issuerOf(current, pool);
    const revokedAt = await revocationOf(current, issuer, crls);
    if (revokedAt && revokedAt.getTime() <= signingTime.getTime()) revoked ??= { certificate: current, at: revokedAt };
    else if (revokedAt) revokedLater ??= { certificate: current, at: revokedAt };
    if (!issuer) {
      untrustedReason ??= 'no-issuer';
      break;
    }
    if (sameCertificate(issuer, current)) {
      untrustedReason ??= 'self-signed';
      break;
    }
    if (!isCa(issuer)) {
      untrustedReason ??= 'not-a-ca';
      break;
    }
    chain.push(issuer);
    current = issuer;
  }
  if (trusted) untrustedReason = null;
  else untrustedReason ??= 'no-issuer';
  return { chain, trusted, untrustedReason, expired: chain.find((c) => !validAt(c, signingTime)) ?? null, revoked, revokedLater };
}

export const chainNames = (chain: readonly pkijs.Certificate[]): string[] => chain.map((c) => nameText(c.subject));
