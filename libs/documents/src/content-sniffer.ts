/**
 * Recognises a document by its bytes, never by its name or declared Content-Type: a clerk
 * may rename anything to ".pdf", and a type decided by the client is a type an attacker
 * chooses. Fed chunk by chunk while the upload streams, it keeps at most HEAD_BYTES plus
 * a small carry-over in memory, so it adds nothing proportional to the file.
 */

/** What is recorded for an accepted content, or named in the refusal of another. */
export interface SniffResult {
  /** IANA media type: recorded for the version and sent back on download. */
  contentType: string;
  allowed: boolean;
  /**
   * PDF/A identification from the XMP metadata (`pdfaid:part`, `pdfaid:conformance`) when
   * found in the first MiB. PDF/A has no media type of its own: the type stays application/pdf.
   */
  pdfa?: { part: number; conformance: string | null };
  /** A P7M that arrived base64-armoured (with or without a PEM header) rather than DER. */
  encoding?: 'base64';
}

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  p7m: 'application/pkcs7-mime',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
} as const;

/** The families accepted for case documents (ODF types are accepted as ZIP-based too). */
export const ALLOWED_FAMILIES = ['PDF (PDF/A)', 'P7M (CAdES)', 'ZIP (ODF, OOXML)', 'PNG', 'JPEG', 'TIFF'] as const;

// Magic numbers, the DER prefix, an ODF "mimetype" entry and a PEM header all fit here.
const HEAD_BYTES = 4096;
// Enough leading bytes to tell the family apart (the base64 P7M test needs the most).
const DECIDE_BYTES = 512;
// PDF/A metadata and ZIP entry names are looked for only this far into the content.
const SCAN_BYTES = 1024 * 1024;
// Overlap between chunks, so a ZIP local header or an XMP tag split across two chunks is seen.
const CARRY_BYTES = 512;
// Bounds the memory an adversarial ZIP full of tiny entries can make us spend.
const MAX_ENTRY_NAMES = 4096;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
// OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (PKCS #7 signedData), tag and length included.
const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');
const ODF_MIME = /^application\/vnd\.oasis\.opendocument\.[a-z0-9.+-]+$/;
const PEM_HEADER = /^-----BEGIN (?:PKCS7|CMS|PKCS #7 SIGNED DATA)-----\r?\n/;
const PDFA_PART = /pdfaid:part\s*(?:=\s*["']|>)\s*(\d{1,2})/;
const PDFA_CONFORMANCE = /pdfaid:conformance\s*(?:=\s*["']|>)\s*([A-Za-z]{1,2})\b/;

/** Signatures of common types we refuse, so the 415 names what was actually sent. */
const REFUSED_SIGNATURES: readonly [Buffer, string][] = [
  [Buffer.from('MZ', 'latin1'), 'application/vnd.microsoft.portable-executable'],
  [Buffer.from('\x7fELF', 'latin1'), 'application/x-elf'],
  [Buffer.from('GIF87a', 'latin1'), 'image/gif'],
  [Buffer.from('GIF89a', 'latin1'), 'image/gif'],
  [Buffer.from([0x1f, 0x8b]), 'application/gzip'],
  [Buffer.from('Rar!\x1a\x07', 'latin1'), 'application/vnd.rar'],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), 'application/x-7z-compressed'],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'application/x-ole-storage'],
  [Buffer.from('{\\rtf', 'latin1'), 'application/rtf'],
  [Buffer.from('PK\x05\x06', 'latin1'), 'application/zip'], // an empty archive: nothing to examine
];

const startsWith = (bytes: Buffer, prefix: Buffer): boolean =>
  bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);

/** ContentInfo ::= SEQUENCE { contentType OID signedData, ... } in DER (or BER, indefinite length). */
export const isDerSignedData = (bytes: Buffer): boolean => {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  const length = bytes[1];
  let offset: number;
  if (length === 0x80 || length < 0x80) offset = 2;
  else if (length <= 0x84) offset = 2 + (length & 0x7f);
  else return false;
  return bytes.subarray(offset, offset + SIGNED_DATA_OID.length).equals(SIGNED_DATA_OID);
};

/**
 * Base64 P7M, as some signing tools and PEC gateways produce it: optional PEM header, then
 * base64 whose decoded prefix is a DER signedData. The OID match makes a false positive on
 * ordinary text practically impossible.
 */
const isBase64SignedData = (head: Buffer): boolean => {
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const body = text.replace(PEM_HEADER, '');
  const run = /^[A-Za-z0-9+/=\r\n]+/.exec(body);
  if (!run) return false;
  const chars = run[0].replace(/[\r\n]/g, '');
  const usable = chars.slice(0, Math.min(chars.length, 64) - (Math.min(chars.length, 64) % 4));
  if (usable.length < 24) return false;
  return isDerSignedData(Buffer.from(usable, 'base64'));
};

const looksLikeText = (head: Buffer): boolean => {
  if (head.includes(0)) return false;
  // A multi-byte character cut at the end of the head is not a reason to call it binary.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const bad = (decoded.match(/[\uFFFD\u0001-\u0008\u000E-\u001F]/g) ?? []).length;
  return bad <= 2;
};

const describeRefused = (head: Buffer): string => {
  if (head.length === 0) return 'application/x-empty';
  for (const [signature, type] of REFUSED_SIGNATURES) if (startsWith(head, signature)) return type;
  if (looksLikeText(head)) {
    const start = head
      .toString('utf8', 0, 256)
      .replace(/^\uFEFF/, '')
      .trimStart()
      .toLowerCase();
    if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'text/html';
    if (start.startsWith('<?xml')) return 'application/xml';
    return 'text/plain';
  }
  return 'application/octet-stream';
};

type Family = { contentType: string; allowed: boolean; kind: 'pdf' | 'zip' | 'p7m' | 'p7m-base64' | 'image' | 'refused' };

export class ContentSniffer {
  private head = Buffer.alloc(0);
  private seen = 0;
  private carry = Buffer.alloc(0);
  private readonly zipEntries = new Map<number, string>();
  private pdfaPart: number | null = null;
  private pdfaConformance: string | null = null;
  private family: Family | null = null;

  /** Feeds the next bytes of the content, in order. */
  push(chunk: Buffer): void {
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    if (this.seen < SCAN_BYTES) this.scan(chunk.subarray(0, SCAN_BYTES - this.seen));
    this.seen += chunk.length;
  }

  /**
   * The family once enough leading bytes arrived (null before): lets an upload of a refused
   * type stop after its first half KiB instead of after gigabytes.
   */
  early(): { contentType: string; allowed: boolean } | null {
    if (!this.family) {
      if (this.head.length < DECIDE_BYTES) return null;
      this.family = this.classify();
    }
    return { contentType: this.family.contentType, allowed: this.family.allowed };
  }

  /** The verdict on everything pushed; call when the content has ended. */
  finish(): SniffResult {
    const family = this.family ?? this.classify();
    switch (family.kind) {
      case 'pdf':
        return this.pdfaPart === null
          ? { contentType: MEDIA_TYPES.pdf, allowed: true }
          : { contentType: MEDIA_TYPES.pdf, allowed: true, pdfa: { part: this.pdfaPart, conformance: this.pdfaConformance } };
      case 'zip':
        return { contentType: this.zipType(), allowed: true };
      case 'p7m-base64':
        return { contentType: MEDIA_TYPES.p7m, allowed: true, encoding: 'base64' };
      default:
        return { contentType: family.contentType, allowed: family.allowed };
    }
  }

  private classify(): Family {
    const head = this.head;
    if (startsWith(head, Buffer.from('%PDF-', 'latin1'))) return { kind: 'pdf', contentType: MEDIA_TYPES.pdf, allowed: true };
    if (startsWith(head, ZIP_LOCAL_HEADER)) return { kind: 'zip', contentType: MEDIA_TYPES.zip, allowed: true };
    if (startsWith(head, PNG_SIGNATURE)) return { kind: 'image', contentType: MEDIA_TYPES.png, allowed: true };
    if (startsWith(head, Buffer.from([0xff, 0xd8, 0xff]))) return { kind: 'image', contentType: MEDIA_TYPES.jpeg, allowed: true };
    // Little- and big-endian TIFF, and BigTIFF (large GeoTIFF plans).
    for (const magic of ['49492a00', '4d4d002a', '49492b00', '4d4d002b']) {
      if (startsWith(head, Buffer.from(magic, 'hex'))) return { kind: 'image', contentType: MEDIA_TYPES.tiff, allowed: true };
    }
    if (isDerSignedData(head)) return { kind: 'p7m', contentType: MEDIA_TYPES.p7m, allowed: true };
    if (isBase64SignedData(head)) return { kind: 'p7m-base64', contentType: MEDIA_TYPES.p7m, allowed: true };
    return { kind: 'refused', contentType: describeRefused(head), allowed: false };
  }

  private scan(part: Buffer): void {
    if (part.length === 0) return;
    const window = this.carry.length > 0 ? Buffer.concat([this.carry, part]) : part;
    const base = this.seen - this.carry.length;

    for (let at = window.indexOf(ZIP_LOCAL_HEADER); at !== -1; at = window.indexOf(ZIP_LOCAL_HEADER, at + 1)) {
      if (this.zipEntries.size >= MAX_ENTRY_NAMES) break;
      if (this.zipEntries.has(base + at) || at + 30 > window.length) continue;
      const nameLength = window.readUInt16LE(at + 26);
      if (at + 30 + nameLength > window.length) continue;
      this.zipEntries.set(base + at, window.toString('utf8', at + 30, at + 30 + nameLength));
    }

    if (this.pdfaPart === null || this.pdfaConformance === null) {
      const text = window.toString('latin1');
      const part = this.pdfaPart === null ? PDFA_PART.exec(text) : null;
      if (part) this.pdfaPart = Number(part[1]);
      const conformance = this.pdfaConformance === null ? PDFA_CONFORMANCE.exec(text) : null;
      if (conformance) this.pdfaConformance = conformance[1].toUpperCase();
    }

    // A copy: keeping a view would pin the caller's whole chunk in memory.
    this.carry = Buffer.from(window.subarray(Math.max(0, window.length - CARRY_BYTES)));
  }

  /**
   * ODF: the first entry is an uncompressed "mimetype" whose content is the ODF media type
   * (ODF 1.2 part 3 §3.3). OOXML: a "[Content_Types].xml" entry; the main part's folder
   * tells Word, Excel and PowerPoint apart. Anything else is a plain ZIP (e.g. shapefiles).
   */
  private zipType(): string {
    const head = this.head;
    if (this.zipEntries.get(0) === 'mimetype' && head.length >= 30) {
      const method = head.readUInt16LE(8);
      const size = head.readUInt32LE(18);
      const start = 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      if (method === 0 && size <= 100 && start + size <= head.length) {
        const mime = head.toString('ascii', start, start + size);
        if (ODF_MIME.test(mime)) return mime;
      }
    }
    const names = [...this.zipEntries.values()];
    if (names.includes('[Content_Types].xml')) {
      if (names.some((n) => n.startsWith('word/'))) return MEDIA_TYPES.docx;
      if (names.some((n) => n.startsWith('xl/'))) return MEDIA_TYPES.xlsx;
      if (names.some((n) => n.startsWith('ppt/'))) return MEDIA_TYPES.pptx;
    }
    return MEDIA_TYPES.zip;
  }
}

/** Convenience for content already in memory (tests, small payloads). */
export const sniffContent = (bytes: Buffer): SniffResult => {
  const sniffer = new ContentSniffer();
  sniffer.push(bytes);
  return sniffer.finish();
};
