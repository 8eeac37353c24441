/** A signature dictionary's /ByteRange [a b c d]: bytes a…a+b and c…c+d are signed, the hole is /Contents. */
export interface PdfByteRange {
  /** Where the /ByteRange token sits in the file. */
  at: number;
  ranges: [number, number, number, number];
}

// What is searched for: a token is "/" followed by these bytes. Five bytes and not the whole
// "/ByteRange": Node searches patterns shorter than seven bytes with a first-byte scan that ran
// about five times faster here than its Boyer-Moore for longer ones; "B" is rarer in PDF syntax than "/".
const NEEDLE = Buffer.from('ByteR', 'latin1');
const SLASH = 0x2f;
// Sticky: it is tried exactly where a /ByteRange token was found by byte search.
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/y;
// Longer than any /ByteRange token with 15-digit numbers: one split across two chunks is found whole.
const CARRY = 128;
// How far after a token its numbers are looked for; whitespace runs longer than this are not a signature writer's.
const TOKEN_WINDOW = 1024;
/** More signature dictionaries than any real document has: past this the file is refused as unverifiable, not held in memory. */
export const MAX_SIGNATURE_DICTIONARIES = 1000;

/**
 * Finds the /ByteRange tokens of a PDF fed chunk by chunk, in order: while an upload streams
 * to storage, so that verifying an unsigned PDF needs no second read of the file. The bytes
 * are searched as bytes (no decoding of the whole chunk into a string); only the few bytes
 * after a token are decoded. Memory: a carry-over of CARRY bytes and the dictionaries found.
 */
export class ByteRangeScanner {
  private readonly found = new Map<number, PdfByteRange>();
  private carry = Buffer.alloc(0);
  private offset = 0;
  private overflow = false;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.carry.length > 0) {
      // Tokens that start in the carry-over, with the chunk's first bytes for their numbers: a
      // small seam, so that the chunk itself is searched in place and never copied.
      const seam = Buffer.concat([this.carry, chunk.subarray(0, TOKEN_WINDOW)]);
      this.search(seam, this.offset - this.carry.length, this.carry.length);
    }
    this.search(chunk, this.offset, chunk.length);
    this.offset += chunk.length;
    const tail = chunk.subarray(Math.max(0, chunk.length - CARRY));
    // A copy: keeping a view would pin the caller's whole chunk in memory.
    this.carry = tail.length < CARRY && this.carry.length > 0 ? Buffer.concat([this.carry, tail]).subarray(-CARRY) : Buffer.from(tail);
  }

  /** Tokens of `bytes` (which starts at file offset `base`) that begin before `startsBefore`. */
  private search(bytes: Buffer, base: number, startsBefore: number): void {
    for (let hit = bytes.indexOf(NEEDLE, 1); hit !== -1 && hit - 1 < startsBefore && !this.overflow; hit = bytes.indexOf(NEEDLE, hit + 1)) {
      const at = hit - 1;
      if (bytes[at] !== SLASH || this.found.has(base + at)) continue;
      BYTE_RANGE.lastIndex = 0;
      const match = BYTE_RANGE.exec(bytes.toString('latin1', at, Math.min(bytes.length, at + TOKEN_WINDOW)));
      // No match near the end of the bytes: the token may be cut, the carry brings it back whole.
      if (!match) continue;
      if (this.found.size >= MAX_SIGNATURE_DICTIONARIES) {
        this.overflow = true;
        return;
      }
      this.found.set(base + at, { at: base + at, ranges: [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])] });
    }
  }

  /** The dictionaries found, in file order; `overflow` when there were more than MAX_SIGNATURE_DICTIONARIES. */
  result(): { byteRanges: PdfByteRange[]; overflow: boolean } {
    return { byteRanges: [...this.found.values()].sort((a, b) => a.at - b.at), overflow: this.overflow };
  }
}
