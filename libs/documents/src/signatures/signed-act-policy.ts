import { signerName } from './signer-identity';
import { type LocalizedText, type SignatureReport, type SignatureVerification, isValidSignature } from './signature-verification';

/** What an act that requires a signature does with a valid signature whose chain is not trusted. */
export type UntrustedChainPolicy = 'warn' | 'refuse';

export interface SignedActVerdict {
  accepted: boolean;
  /** Why the document is refused as a signed act (null when accepted). */
  refusal: LocalizedText | null;
  /** Accepted, but the officer should look: untrusted chains, revocations after signing. */
  warnings: LocalizedText[];
}

const who = (s: SignatureVerification): string =>
  s.signer ? `${signerName(s.signer)}${s.signer.fiscalCode ? ` (${s.signer.fiscalCode})` : ''}` : `n. ${s.index + 1}`;

const NOT_SIGNED: Record<'pdf' | 'other', LocalizedText> = {
  pdf: {
    it: 'il PDF non reca alcuna firma digitale (nessun dizionario /Sig con /ByteRange): firmarlo (PAdES) o inviare il file .p7m',
    en: 'the PDF carries no digital signature (no /Sig dictionary with a /ByteRange): sign it (PAdES) or send the .p7m',
  },
  other: {
    it: 'il documento non è firmato digitalmente: inviare un .p7m (CAdES) o un PDF firmato (PAdES)',
    en: 'the document is not digitally signed: send a .p7m (CAdES) or a signed PDF (PAdES)',
  },
};

/**
 * Decides whether a verified document stands as a signed act: every signature must be valid
 * (an invalid, expired or revoked one refuses the document: a legal act is as good as its
 * weakest signature); an untrusted chain is a warning or a refusal as the operator configured.
 */
export function signedActVerdict(report: SignatureReport, policy: UntrustedChainPolicy, contentType: string): SignedActVerdict {
  if (report.signatures.length === 0)
    return { accepted: false, refusal: NOT_SIGNED[contentType === 'application/pdf' ? 'pdf' : 'other'], warnings: [] };
  const bad = report.signatures.find((s) => !isValidSignature(s.status));
  if (bad)
    return {
      accepted: false,
      refusal: { it: `firma di ${who(bad)}: ${bad.reason.it}`, en: `signature of ${who(bad)}: ${bad.reason.en}` },
      warnings: [],
    };
  const untrusted = report.signatures.filter((s) => s.status === 'valid-untrusted');
  if (untrusted.length > 0 && policy === 'refuse') {
    const first = untrusted[0];
    return {
      accepted: false,
      refusal: { it: `firma di ${who(first)}: ${first.reason.it}`, en: `signature of ${who(first)}: ${first.reason.en}` },
      warnings: [],
    };
  }
  const warnings = report.signatures
    .filter((s) => s.status === 'valid-untrusted' || /revocato|revoked/.test(s.reason.en))
    .map((s) => ({ it: `firma di ${who(s)}: ${s.reason.it}`, en: `signature of ${who(s)}: ${s.reason.en}` }));
  return { accepted: true, refusal: null, warnings };
}
