/**
 * What a verified signature says, in terms the officer acts on. One result per signature:
 * a co-signed .p7m has several SignerInfos, a PDF several signature dictionaries.
 */

/**
 * - `valid-trusted`: digest and signature hold and the certificate chains to the operator's trusted list;
 * - `valid-untrusted`: digest and signature hold, but the chain does not reach a trusted certificate;
 * - `invalid`: the content changed after signing, the signature does not match the certificate's key,
 *   or the envelope cannot be read;
 * - `expired`: the signing time falls outside the validity of a certificate in the chain;
 * - `revoked`: a CRL revoked a certificate of the chain before the signing time.
 */
export type SignatureStatus = 'valid-trusted' | 'valid-untrusted' | 'invalid' | 'expired' | 'revoked';

export type SignatureFormat = 'cades' | 'pades';

export interface LocalizedText {
  it: string;
  en: string;
}

/** A QCStatement of the certificate (ETSI EN 319 412-5), by OID and, when known, by name. */
export interface QcStatement {
  oid: string;
  name: string | null;
  /** QcType's types (esign, eseal, web), by name. */
  types?: string[];
}

export interface SignerIdentity {
  commonName: string | null;
  givenName: string | null;
  surname: string | null;
  /** The subject's serialNumber as written, e.g. TINIT-RSSMRA80A01F205X (ETSI EN 319 412-1 §5.1.3). */
  serialNumber: string | null;
  /** The bare Italian fiscal code taken from serialNumber (TINIT- or IT: prefix), else null. */
  fiscalCode: string | null;
  organization: string | null;
  /** The issuer's distinguished name, most significant first (C, O, CN …). */
  issuer: string;
  /** The certificate's serial, hexadecimal. */
  certificateSerial: string;
  notBefore: string;
  notAfter: string;
  qcStatements: QcStatement[];
  /** The certificate allows non-repudiation (keyUsage contentCommitment), as qualified signature certificates do. */
  nonRepudiation: boolean;
  /** QcCompliance is present: the issuer declares the certificate qualified (eIDAS art. 28). */
  qualified: boolean;
}

export interface SignatureVerification {
  /** Position of the signature in the document (SignerInfo order; PDF signatures in file order). */
  index: number;
  format: SignatureFormat;
  status: SignatureStatus;
  /** Why the status is what it is, for the officer. */
  reason: LocalizedText;
  signer: SignerIdentity | null;
  /** ISO instant; see signingTimeSource. */
  signingTime: string | null;
  /**
   * `signer`: the signingTime signed attribute, declared by the signer's own clock;
   * `verification`: no signingTime, the time of verification was used for the certificate checks.
   */
  signingTimeSource: 'signer' | 'verification';
  /** A signature timestamp token (RFC 3161) is attached; it is not verified here. */
  timestampTokenPresent: boolean;
  digestAlgorithm: string | null;
  /** The signer certificate's chain as built, signer first (subject names). */
  chain: string[];
}

export interface SignatureReport {
  /** null when the content carries no signature at all. */
  format: SignatureFormat | null;
  signatures: SignatureVerification[];
  /** The trusted list the chains were checked against (null when none is configured). */
  trustList: { id: string; loadedAt: string; source: string } | null;
  verifiedAt: string;
}

/** The verdict of the weakest signature: a document is as good as its worst signature. */
export const STATUS_RANK: Readonly<Record<SignatureStatus, number>> = {
  'valid-trusted': 0,
  'valid-untrusted': 1,
  expired: 2,
  revoked: 3,
  invalid: 4,
};

export const isValidSignature = (status: SignatureStatus): boolean => status === 'valid-trusted' || status === 'valid-untrusted';
