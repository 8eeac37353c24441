import { bytesSource, createTestCa, issueSignerCertificate, minimalPdf, pemOf, signPdf, type TestCredential } from '@cmm/test-support';
import { randomBytes } from 'node:crypto';
import { MEDIA_TYPES } from '../content-sniffer';
import { ByteRangeScanner, MAX_SIGNATURE_DICTIONARIES } from './byte-range-scanner';
import { scanByteRanges } from './pades-verifier';
import { SignatureVerifier } from './signature-verifier';
import { parseTrustList } from './trust-list';

/** Feeds the bytes in pieces of `size`, as an upload's chunks arrive. */
const scanInChunks = (bytes: Buffer, size: number) => {
  const scanner = new ByteRangeScanner();
  for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
  return scanner.result();
};

/** Where the real signed PDF's /ByteRange token is and what it says, read from the file itself. */
const rangeIn = (pdf: Buffer) => {
  const text = pdf.toString('latin1');
  const at = text.indexOf('/ByteRange');
  const numbers = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at)) as RegExpExecArray;
  return { at, ranges: numbers.slice(1, 5).map(Number) };
};

describe('ByteRangeScanner (signature dictionaries found while the bytes stream)', () => {
  let ca: TestCredential;
  let mario: TestCredential;
  let signed: Buffer;

  beforeAll(async () => {
    ca = await createTestCa();
    mario = await issueSignerCertificate(ca);
    signed = await signPdf('Accordo territoriale', mario);
  }, 60_000);

  it('finds the same dictionary whatever the chunk size, also when a chunk boundary cuts the token', async () => {
    const expected = rangeIn(signed);
    const whole = scanInChunks(signed, signed.length);
    expect(whole).toEqual({ byteRanges: [expected], overflow: false });
    // Every boundary inside the token and its numbers, then ordinary socket-sized chunks.
    for (let cut = expected.at - 2; cut < expected.at + 45; cut++) {
      const scanner = new ByteRangeScanner();
      scanner.push(signed.subarray(0, cut));
      scanner.push(signed.subarray(cut));
      expect(scanner.result()).toEqual(whole);
    }
    for (const size of [1, 7, 100, 4096, 65_536]) expect(scanInChunks(signed, size)).toEqual(whole);
  });

  it('agrees with a scan of the stored bytes, and finds nothing in an unsigned PDF', async () => {
    expect(await scanByteRanges(bytesSource(signed))).toEqual(scanInChunks(signed, 65_536));
    const unsigned = Buffer.concat([minimalPdf('Relazione'), randomBytes(300_000)]);
    expect(scanInChunks(unsigned, 65_536)).toEqual({ byteRanges: [], overflow: false });
  });

  it('finds every dictionary of a PDF signed twice, in file order, once each', async () => {
    const two = Buffer.concat([signed, Buffer.from('\n'), signed]);
    const first = rangeIn(signed);
    const result = scanInChunks(two, 1000);
    expect(result.byteRanges).toEqual([first, { at: signed.length + 1 + first.at, ranges: first.ranges }]);
  });

  it('stops recording past MAX_SIGNATURE_DICTIONARIES and says so, instead of growing with the file', () => {
    const token = Buffer.from('/ByteRange [0 10 20 30]\n', 'latin1');
    const many = Buffer.concat(Array.from({ length: MAX_SIGNATURE_DICTIONARIES + 5 }, () => token));
    const result = scanInChunks(many, 65_536);
    expect(result.overflow).toBe(true);
    expect(result.byteRanges).toHaveLength(MAX_SIGNATURE_DICTIONARIES);
  });

  it('gives the verifier what it would find itself: the same report, and no second read of an unsigned PDF', async () => {
    const trusted = parseTrustList(Buffer.from(pemOf(ca)), 'test-bundle.pem');
    // One instant for both reports, so that they can be compared whole.
    const now = new Date();
    const verifier = new SignatureVerifier({ trustList: () => trusted, now: () => now });
    const fromStore = await verifier.verify(bytesSource(signed), MEDIA_TYPES.pdf);
    const fromUpload = await verifier.verify({ ...bytesSource(signed), scanned: scanInChunks(signed, 65_536) }, MEDIA_TYPES.pdf);
    expect(fromUpload).toEqual(fromStore);
    expect(fromStore.signatures).toHaveLength(1);
    expect(fromStore.signatures[0].status).toBe('valid-trusted');

    const unsigned = minimalPdf('Relazione tecnica');
    const reads: Array<{ start: number; end: number } | undefined> = [];
    const counted = {
      ...bytesSource(unsigned),
      read: async (range?: { start: number; end: number }) => {
        reads.push(range);
        return bytesSource(unsigned).read(range);
      },
    };
    const report = await verifier.verify({ ...counted, scanned: scanInChunks(unsigned, 65_536) }, MEDIA_TYPES.pdf);
    expect(report).toMatchObject({ format: null, signatures: [] });
    expect(reads).toEqual([]);
    await verifier.verify(counted, MEDIA_TYPES.pdf);
    expect(reads).toEqual([undefined]);
  });

  it('reports a PDF with too many signature dictionaries as not verifiable', async () => {
    const token = Buffer.from('/ByteRange [0 10 20 30]\n', 'latin1');
    const many = Buffer.concat([minimalPdf('x'), ...Array.from({ length: MAX_SIGNATURE_DICTIONARIES + 1 }, () => token)]);
    const report = await new SignatureVerifier({ trustList: () => null }).verify(bytesSource(many), MEDIA_TYPES.pdf);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      status: 'invalid',
      reason: { en: `the document has more than ${MAX_SIGNATURE_DICTIONARIES} signature dictionaries: it cannot be verified` },
    });
  });
});
