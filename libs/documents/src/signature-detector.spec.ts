import { Readable } from 'node:stream';
import { SignatureDetector, detectSignature } from './signature-detector';

const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${'x'.repeat(600)}\n${body}\n%%EOF\n`, 'latin1');
const PADES =
  '5 0 obj<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 840 960 240] /Contents <3082>>>endobj';
// ContentInfo { OID signedData ... }: the start of a CAdES envelope.
const P7M = Buffer.concat([Buffer.from('3082' + '1a2b' + '06092a864886f70d010702' + 'a082' + '1a1c', 'hex'), Buffer.alloc(600, 0x41)]);

describe('signature detector', () => {
  it('accepts a PAdES PDF and a P7M envelope', async () => {
    expect(await detectSignature(Readable.from([pdf(PADES)]))).toMatchObject({ signed: true, format: 'pades' });
    expect(await detectSignature(Readable.from([P7M]))).toMatchObject({
      signed: true,
      format: 'p7m',
      contentType: 'application/pkcs7-mime',
    });
  });

  it('finds the signature dictionary split across chunks, at the end of a long file', () => {
    const bytes = Buffer.concat([pdf('1 0 obj<</Type/Catalog>>endobj'), Buffer.alloc(200_000, 0x20), Buffer.from(PADES, 'latin1')]);
    const detector = new SignatureDetector();
    const cut = bytes.length - PADES.length + 12;
    detector.push(bytes.subarray(0, cut));
    detector.push(bytes.subarray(cut));
    expect(detector.finish()).toMatchObject({ signed: true, format: 'pades' });
  });

  it('refuses an unsigned PDF, one with only an empty signature field, and other types, saying why', async () => {
    const unsigned = await detectSignature(Readable.from([pdf('1 0 obj<</Type/Catalog>>endobj')]));
    expect(unsigned).toMatchObject({ signed: false, reason: expect.stringMatching(/no digital signature/) });
    // Italian first for the signer, English on request: the same reason in both.
    expect(unsigned.reasonText).toEqual({ it: expect.stringMatching(/^il PDF non reca alcuna firma digitale/), en: unsigned.reason });
    // An AcroForm with /SigFlags and a field awaiting a signature, but no signature dictionary.
    const emptyField = await detectSignature(Readable.from([pdf('<</AcroForm <</SigFlags 3 /Fields [6 0 R]>> /FT /Sig>>')]));
    expect(emptyField.signed).toBe(false);
    const png = await detectSignature(
      Readable.from([Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600)])]),
    );
    expect(png).toMatchObject({ signed: false, reason: expect.stringMatching(/image\/png is not a signed document/) });
    expect(png.reasonText?.it).toMatch(/image\/png non è un documento firmato/);
  });
});
