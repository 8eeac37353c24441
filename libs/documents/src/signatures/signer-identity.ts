import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import type { QcStatement, SignatureStatus, SignatureVerification, SignerIdentity } from './signature-verification';

/** Attribute types of X.520 and RFC 5280 that an Italian signer certificate carries. */
const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.97': 'organizationIdentifier',
};

/** QCStatement identifiers, ETSI EN 319 412-5 §4 and RFC 3739. */
const QC_STATEMENTS: Readonly<Record<string, string>> = {
  '0.4.0.1862.1.1': 'QcCompliance',
  '0.4.0.1862.1.2': 'QcLimitValue',
  '0.4.0.1862.1.3': 'QcRetentionPeriod',
  '0.4.0.1862.1.4': 'QcSSCD',
  '0.4.0.1862.1.5': 'QcPDS',
  '0.4.0.1862.1.6': 'QcType',
  '0.4.0.1862.1.7': 'QcCClegislation',
  '1.3.6.1.5.5.7.11.2': 'QcSemanticsV2',
};
const QC_TYPES: Readonly<Record<string, string>> = {
  '0.4.0.1862.1.6.1': 'esign',
  '0.4.0.1862.1.6.2': 'eseal',
  '0.4.0.1862.1.6.3': 'web',
};
const QC_STATEMENTS_EXTENSION = '1.3.6.1.5.5.7.1.3';
const KEY_USAGE_EXTENSION = '2.5.29.15';
const QC_COMPLIANCE = '0.4.0.1862.1.1';
const QC_TYPE = '0.4.0.1862.1.6';

// ETSI EN 319 412-1 §5.1.3: "TIN" + ISO country + "-" + the national tax identifier; older Italian certificates wrote "IT:".
const ITALIAN_TAX_ID = /^(?:TINIT-|IT:)([A-Z0-9]{11,16})$/i;

const attributeText = (value: unknown): string => {
  const block = value as { valueBlock?: { value?: unknown } };
  return typeof block.valueBlock?.value === 'string' ? block.valueBlock.value : '';
};

/** The values of a distinguished name, by short name; repeated types keep their first value. */
export function nameAttributes(name: pkijs.RelativeDistinguishedNames): Map<string, string> {
  const values = new Map<string, string>();
  for (const attribute of name.typesAndValues) {
    const key = NAME_ATTRIBUTES[attribute.type] ?? attribute.type;
    if (!values.has(key)) values.set(key, attributeText(attribute.value));
  }
  return values;
}

/** A distinguished name as people read it: "C=IT, O=…, CN=…" in the order written. */
export function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((a) => `${NAME_ATTRIBUTES[a.type] ?? a.type}=${attributeText(a.value)}`).join(', ');
}

export const fiscalCodeOf = (serialNumber: string | null): string | null =>
  serialNumber ? (ITALIAN_TAX_ID.exec(serialNumber.trim())?.[1]?.toUpperCase() ?? null) : null;

function qcStatements(certificate: pkijs.Certificate): QcStatement[] {
  const extension = certificate.extensions?.find((e) => e.extnID === QC_STATEMENTS_EXTENSION);
  if (!extension) return [];
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return [];
  const statements: QcStatement[] = [];
  for (const statement of parsed.result.valueBlock.value) {
    if (!(statement instanceof asn1js.Sequence)) continue;
    const [id, info] = statement.valueBlock.value;
    if (!(id instanceof asn1js.ObjectIdentifier)) continue;
    const oid = id.valueBlock.toString();
    const entry: QcStatement = { oid, name: QC_STATEMENTS[oid] ?? null };
    if (oid === QC_TYPE && info instanceof asn1js.Sequence)
      entry.types = info.valueBlock.value
        .filter((t): t is asn1js.ObjectIdentifier => t instanceof asn1js.ObjectIdentifier)
        .map((t) => QC_TYPES[t.valueBlock.toString()] ?? t.valueBlock.toString());
    statements.push(entry);
  }
  return statements;
}

/** keyUsage bit 1, nonRepudiation (contentCommitment in RFC 5280 §4.2.1.3). */
function nonRepudiation(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === KEY_USAGE_EXTENSION);
  if (!extension) return false;
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.BitString)) return false;
  const bits = parsed.result.valueBlock.valueHexView;
  return bits.length > 0 && (bits[0] & 0x40) !== 0;
}

export const serialHex = (certificate: pkijs.Certificate): string =>
  Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase();

/** Who the certificate names, and what its issuer declares of it. */
export function signerIdentity(certificate: pkijs.Certificate): SignerIdentity {
  const subject = nameAttributes(certificate.subject);
  const serialNumber = subject.get('serialNumber') ?? null;
  const statements = qcStatements(certificate);
  return {
    commonName: subject.get('CN') ?? null,
    givenName: subject.get('GN') ?? null,
    surname: subject.get('SN') ?? null,
    serialNumber,
    fiscalCode: fiscalCodeOf(serialNumber),
    organization: subject.get('O') ?? null,
    issuer: nameText(certificate.issuer),
    certificateSerial: serialHex(certificate),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
    qcStatements: statements,
    nonRepudiation: nonRepudiation(certificate),
    qualified: statements.some((s) => s.oid === QC_COMPLIANCE),
  };
}

/** "Mario Rossi" from givenName and surname, else the common name. */
export const signerName = (signer: SignerIdentity): string =>
  [signer.givenName, signer.surname].filter(Boolean).join(' ') || signer.commonName || signer.serialNumber || signer.certificateSerial;

/** What the timeline, the agreement view and the activity result say of one signature: who, when, how it verified. */
export interface SignatureSummary {
  status: SignatureStatus;
  signer: string | null;
  fiscalCode: string | null;
  signingTime: string | null;
  qualified: boolean;
}

export const signatureSummary = (s: SignatureVerification): SignatureSummary => ({
  status: s.status,
  signer: s.signer ? signerName(s.signer) : null,
  fiscalCode: s.signer?.fiscalCode ?? null,
  signingTime: s.signingTime,
  qualified: s.signer?.qualified ?? false,
});
