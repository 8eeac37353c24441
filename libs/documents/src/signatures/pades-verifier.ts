import { createHash } from 'node:crypto';
import type { ByteRange, DocumentStorage } from '../document-storage';
import { ByteRangeScanner, MAX_SIGNATURE_DICTIONARIES, type PdfByteRange } from './byte-range-scanner';
import { type TrustContext, signedDataOf, unreadableSignature, verifySignerInfos } from './cms-signatures';
import { DIGESTS, parseDer } from './signature-algorithms';
import type { LocalizedText, SignatureVerification } from './signature-verification';

/** The signature dictionaries of a PDF as a ByteRangeScanner found them. */
export type ScannedByteRanges = ReturnType<ByteRangeScanner['result']>;

/** The stored bytes, read whole or by inclusive range, streaming. */
export interface StoredBytes {
  size: number;
  read(range?: ByteRange): Promise<AsyncIterable<Buffer> | Iterable<Buffer>>;
  /**
   * The /ByteRange dictionaries, when they were already found on these very bytes (while
   * they streamed to storage): then an unsigned PDF is not read again to look for them.
   */
  scanned?: ScannedByteRanges;
}

/** A stored content as the verifiers read it. */
export const storedBytes = (storage: DocumentStorage, key: string, size: number, scanned?: ScannedByteRanges): StoredBytes => ({
  size,
  // An empty range cannot be asked of a store (inclusive ends): there is nothing to read.
  read: async (range) => (range && range.end < range.start ? [] : storage.read(key, range)),
  ...(scanned ? { scanned } : {}),
});

// PDF 32000-1 §12.8.1: the document timestamp's SubFilter; its CMS is a timestamp token, not a signer's signature.
const DOC_TIMESTAMP = /\/SubFilter\s*\/ETSI\.RFC3161/;
/** A CMS signature with its certificates and CRLs: real ones are tens of KB; more is not a signature. */
const MAX_CONTENTS_BYTES = 4 * 1024 * 1024;

async function collect(source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Every /ByteRange of the file, in file order, found by streaming it once. */
export async function scanByteRanges(bytes: StoredBytes): Promise<ScannedByteRanges> {
  const scanner = new ByteRangeScanner();
  for await (const chunk of await bytes.read()) scanner.push(chunk);
  return scanner.result();
}

const text = (it: string, en: string): LocalizedText => ({ it, en });

/** Why a /ByteRange does not cover the file as a signature must, or null when it does (its own revision). */
function coverageProblem([a, b, c, d]: PdfByteRange['ranges'], size: number): LocalizedText | null {
  if (a !== 0 || b <= 0 || c <= b + 1 || d < 0 || c + d > size)
    return text(
      'il /ByteRange della firma non descrive il file (intervalli fuori dal documento)',
      "the signature's /ByteRange does not describe the file (ranges outside the document)",
    );
  if (c - b > MAX_CONTENTS_BYTES * 2 + 2)
    return text('il campo /Contents della firma è troppo grande', "the signature's /Contents is too large");
  return null;
}

const signedRanges = ([, b, c, d]: PdfByteRange['ranges']): ByteRange[] => [
  { start: 0, end: b - 1 },
  ...(d > 0 ? [{ start: c, end: c + d - 1 }] : []),
];

async function hashRanges(
  bytes: StoredBytes,
  [, b, c, d]: PdfByteRange['ranges'],
  algorithms: readonly string[],
): Promise<Map<string, Buffer>> {
  const hashes = algorithms.map((algorithm) => createHash(algorithm));
  for (const range of signedRanges([0, b, c, d]))
    for await (const chunk of await bytes.read(range)) for (const hash of hashes) hash.update(chunk);
  return new Map(algorithms.map((algorithm, i) => [algorithm, hashes[i].digest()]));
}

/**
 * Verifies the PAdES signatures of a PDF on its stored bytes. For each signature dictionary:
 * the byte range must start at 0 and leave out exactly the /Contents hex string; the two
 * ranges are hashed streaming; the CMS in /Contents is verified as a detached signature of
 * them. Bytes after the range are an incremental update made after signing: accepted when a
 * later signature covers them (a co-signature signs the earlier ones), else the signature is
 * invalid ("modified after signing").
 */
export async function verifyPades(bytes: StoredBytes, trust: TrustContext): Promise<SignatureVerification[]> {
  const { byteRanges: dictionaries, overflow } = bytes.scanned ?? (await scanByteRanges(bytes));
  if (overflow)
    return [
      unreadableSignature(
        0,
        'pades',
        text(
          `il documento ha più di ${MAX_SIGNATURE_DICTIONARIES} dizionari di firma: non è verificabile`,
          `the document has more than ${MAX_SIGNATURE_DICTIONARIES} signature dictionaries: it cannot be verified`,
        ),
      ),
    ];
  const results: SignatureVerification[] = [];
  const coveredTo = Math.max(0, ...dictionaries.map(({ ranges: [, , c, d] }) => c + d));
  for (const [index, { ranges }] of dictionaries.entries()) {
    const [, b, c] = ranges;
    const problem = coverageProblem(ranges, bytes.size);
    if (problem) {
      results.push(unreadableSignature(index, 'pades', problem));
      continue;
    }
    const hole = await collect(await bytes.read({ start: Math.max(0, b - 16), end: c - 1 }));
    const lead = hole.subarray(0, hole.length - (c - b)).toString('latin1');
    const hex = hole.subarray(hole.length - (c - b)).toString('latin1');
    if (!/\/Contents\s*$/.test(lead) || !/^<[0-9A-Fa-f\s]*>$/.test(hex)) {
      results.push(
        unreadableSignature(
          index,
          'pades',
          text(
            'il /ByteRange non esclude esattamente il campo /Contents della firma',
            "the /ByteRange does not leave out exactly the signature's /Contents",
          ),
        ),
      );
      continue;
    }
    const dictionaryTail = (await collect(await bytes.read({ start: c, end: Math.min(bytes.size - 1, c + 512) }))).toString('latin1');
    const dictionaryHead = (await collect(await bytes.read({ start: Math.max(0, b - 1024), end: b - 1 }))).toString('latin1');
    if (DOC_TIMESTAMP.test(dictionaryHead.slice(dictionaryHead.lastIndexOf('<<'))) || DOC_TIMESTAMP.test(dictionaryTail.split('>>')[0]))
      continue;
    const der = Buffer.from(hex.slice(1, -1).replace(/\s+/g, ''), 'hex');
    const asn = parseDer(der);
    const signedData = asn ? signedDataOf(asn) : null;
    if (!signedData || signedData.signerInfos.length === 0) {
      results.push(
        unreadableSignature(
          index,
          'pades',
          text('il campo /Contents non contiene una firma CMS leggibile', 'the /Contents does not hold a readable CMS signature'),
        ),
      );
      continue;
    }
    const algorithms = [...new Set(signedData.signerInfos.map((i) => i.digestAlgorithm.algorithmId))];
    const digests = await hashRanges(bytes, ranges, algorithms.map((oid) => DIGESTS[oid]).filter(Boolean));
    const [first] = await verifySignerInfos(
      signedData,
      'pades',
      index,
      async (algorithm) => digests.get(algorithm) ?? (await hashRanges(bytes, ranges, [algorithm])).get(algorithm)!,
      async (update) => {
        for (const range of signedRanges(ranges)) for await (const chunk of await bytes.read(range)) update(chunk);
      },
      trust,
    );
    results.push(first);
  }
  // A later signature covers the earlier ones' additions only if it covers the whole file itself.
  if (coveredTo < bytes.size)
    for (const result of results)
      if (result.status !== 'invalid')
        Object.assign(result, {
          status: 'invalid',
          reason: text(
            `il documento è stato modificato dopo l'ultima firma: ${bytes.size - coveredTo} byte aggiunti dopo la parte firmata`,
            `the document was modified after the last signature: ${bytes.size - coveredTo} bytes appended after the signed part`,
          ),
        });
  return results.map((r, i) => ({ ...r, index: i }));
}
