import { constants, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Digest algorithms by OID (RFC 5754, RFC 3370) as Node's crypto names them. */
export const DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms that name their digest (RFC 4055, RFC 5758). */
const SIGNATURE_DIGESTS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export class UnsupportedAlgorithmError extends Error {
  override readonly name = 'UnsupportedAlgorithmError';
}

export const publicKeyOf = (certificate: pkijs.Certificate): KeyObject =>
  createPublicKey({ key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });

/**
 * Verifies a signature over data fed by `feed` (so a PDF's byte ranges can stream through it).
 * `digestHint` is the SignerInfo's digestAlgorithm, which CMS uses when the signature
 * algorithm is the bare key algorithm (rsaEncryption, id-ecPublicKey).
 */
export async function verifySignature(
  algorithm: pkijs.AlgorithmIdentifier,
  key: KeyObject,
  signature: Uint8Array,
  feed: (update: (chunk: Uint8Array) => void) => Promise<void> | void,
  digestHint?: string,
): Promise<boolean> {
  const oid = algorithm.algorithmId;
  let digest = SIGNATURE_DIGESTS[oid] ?? (oid === RSA_ENCRYPTION || oid === EC_PUBLIC_KEY ? digestHint : undefined);
  let options: { padding?: number; saltLength?: number } = {};
  if (oid === RSASSA_PSS) {
    const params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    digest = DIGESTS[params.hashAlgorithm.algorithmId];
    options = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength };
  } else if (key.asymmetricKeyType === 'rsa') {
    options = { padding: constants.RSA_PKCS1_PADDING };
  }
  if (!digest) throw new UnsupportedAlgorithmError(`unsupported signature algorithm ${oid}`);
  const verifier = createVerify(digest);
  await feed((chunk) => verifier.update(chunk));
  try {
    return verifier.verify({ key, ...options }, signature);
  } catch {
    // A malformed signature value (wrong length, bad DER) is a signature that does not verify.
    return false;
  }
}

/** Whether `issuer`'s key signed `certificate` (its TBS part). */
export async function certificateSignedBy(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await verifySignature(
      certificate.signatureAlgorithm,
      publicKeyOf(issuer),
      certificate.signatureValue.valueBlock.valueHexView,
      (update) => update(certificate.tbsView),
    );
  } catch {
    return false;
  }
}

/** Whether `issuer`'s key signed the CRL. */
export async function crlSignedBy(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await verifySignature(crl.signature, publicKeyOf(issuer), crl.signatureValue.valueBlock.valueHexView, (update) =>
      update(crl.tbsView),
    );
  } catch {
    return false;
  }
}

/** Parses one DER object, or null when the bytes are not exactly one. */
export const parseDer = (bytes: Uint8Array): asn1js.AsnType | null => {
  const parsed = asn1js.fromBER(bytes);
  return parsed.offset === -1 ? null : parsed.result;
};
