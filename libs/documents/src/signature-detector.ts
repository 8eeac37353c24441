import { ContentSniffer, MEDIA_TYPES } from './content-sniffer';

/**
 * Tells a signed document from an unsigned one by its bytes, as the signer's tools produce
 * them: a CAdES envelope (.p7m, DER or base64) or a PAdES PDF, whose signature field is a
 * dictionary of /Type /Sig with a /ByteRange naming the signed bytes. It does not verify the
 * signature cryptographically (that needs the qualified trust list): it refuses the common
 * mistake of sending the unsigned text.
 */
export interface SignatureVerdict {
  signed: boolean;
  format: 'p7m' | 'pades' | null;
  contentType: string;
  /** Why the content is not a signed document, for the signer (English: logs and the CLI). */
  reason: string | null;
  /** The same reason in Italian and English: the API answers the signer in their language. */
  reasonText: { it: string; en: string } | null;
}

// A name token ends at whitespace or a delimiter (PDF 32000-1 §7.2.2): /Sig but not /SigFlags.
const SIG_TYPE = /\/Type\s*\/Sig(?![A-Za-z0-9#])|\/Sig(?=[\s/<>[\]()%])/;
const BYTE_RANGE = /\/ByteRange\s*\[/;
// Tokens never get longer than this; the overlap finds one split across two chunks.
const CARRY = 64;

const unsigned = (contentType: string, reasonText: { it: string; en: string }): SignatureVerdict => ({
  signed: false,
  format: null,
  contentType,
  reason: reasonText.en,
  reasonText,
});

export class SignatureDetector {
  private readonly sniffer = new ContentSniffer();
  private carry = '';
  private sawSig = false;
  private sawByteRange = false;

  push(chunk: Buffer): void {
    this.sniffer.push(chunk);
    if (this.sawSig && this.sawByteRange) return;
    // Signature dictionaries sit in the incremental update at the end: the whole file is scanned.
    const text = this.carry + chunk.toString('latin1');
    this.sawSig ||= SIG_TYPE.test(text);
    this.sawByteRange ||= BYTE_RANGE.test(text);
    this.carry = text.slice(-CARRY);
  }

  finish(): SignatureVerdict {
    const { contentType } = this.sniffer.finish();
    if (contentType === MEDIA_TYPES.p7m) return { signed: true, format: 'p7m', contentType, reason: null, reasonText: null };
    if (contentType === MEDIA_TYPES.pdf) {
      if (this.sawSig && this.sawByteRange) return { signed: true, format: 'pades', contentType, reason: null, reasonText: null };
      return unsigned(contentType, {
        it: 'il PDF non reca alcuna firma digitale (nessun dizionario /Sig con /ByteRange): firmarlo (PAdES) o inviare il file .p7m',
        en: 'the PDF carries no digital signature (no /Sig dictionary with a /ByteRange): sign it (PAdES) or send the .p7m',
      });
    }
    return unsigned(contentType, {
      it: `un file ${contentType} non è un documento firmato: inviare un .p7m (CAdES) o un PDF firmato (PAdES)`,
      en: `a ${contentType} is not a signed document: send a .p7m (CAdES) or a signed PDF (PAdES)`,
    });
  }
}

/** Reads a stream to its end and says whether it is a signed document. */
export async function detectSignature(source: AsyncIterable<Buffer | string>): Promise<SignatureVerdict> {
  const detector = new SignatureDetector();
  for await (const chunk of source) detector.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  return detector.finish();
}
