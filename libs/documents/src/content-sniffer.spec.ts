import { ContentSniffer, MEDIA_TYPES, isDerSignedData, sniffContent } from './content-sniffer';

// --- real byte samples, built here so every byte is visible -------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (data: Buffer): number => {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};

/** A valid ZIP with "stored" (uncompressed) entries: local headers, central directory, end record. */
const zip = (entries: { name: string; data: string | Buffer }[]): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

const minimalPdf = (extra = ''): Buffer =>
  Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n' +
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
      extra +
      'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );

const xmp = (body: string) =>
  `3 0 obj\n<< /Type /Metadata /Subtype /XML >>\nstream\n<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${body}</rdf:RDF></x:xmpmeta>` +
  `<?xpacket end="w"?>\nendstream\nendobj\n`;

const pdfaElements = minimalPdf(
  xmp(
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>',
  ),
);
const pdfaAttributes = minimalPdf(
  xmp('<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="1" pdfaid:conformance="a"/>'),
);

// ContentInfo { OID signedData, [0] SignedData … }: the start of every CAdES .p7m.
const p7mDer = Buffer.concat([
  Buffer.from('3082' + '1a2b' + '06092a864886f70d010702' + 'a082' + '1a1c' + '3082' + '1a18' + '020101', 'hex'),
  Buffer.alloc(600, 0x41),
]);
const p7mBer = Buffer.concat([Buffer.from('3080' + '06092a864886f70d010702' + 'a080' + '3080' + '020101', 'hex'), Buffer.alloc(600, 0x42)]);
const base64Lines = (der: Buffer): string => der.toString('base64').replace(/(.{64})/g, '$1\n');

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)]);
const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(64)]);
const tiffLittle = Buffer.concat([Buffer.from('49492a0008000000', 'hex'), Buffer.alloc(64)]);
const tiffBig = Buffer.concat([Buffer.from('4d4d002a00000008', 'hex'), Buffer.alloc(64)]);
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(1024)]);

const odt = zip([
  { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
  { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
  { name: 'content.xml', data: '<office:document-content/>' },
]);
const docx = zip([
  { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
  { name: '_rels/.rels', data: '<Relationships/>' },
  { name: 'word/document.xml', data: '<w:document/>' },
]);
const xlsx = zip([
  { name: '_rels/.rels', data: '<Relationships/>' },
  { name: 'xl/workbook.xml', data: '<workbook/>' },
  { name: '[Content_Types].xml', data: '<Types/>' },
]);
const shapefiles = zip([
  { name: 'tavola-1.shp', data: Buffer.from('0000270a', 'hex') },
  { name: 'tavola-1.shx', data: Buffer.from('0000270a', 'hex') },
  { name: 'tavola-1.dbf', data: Buffer.from('03', 'hex') },
]);

/** Feeds the sample in chunks of `size` bytes, as a network upload would arrive. */
const sniffInChunks = (bytes: Buffer, size: number) => {
  const sniffer = new ContentSniffer();
  for (let i = 0; i < bytes.length; i += size) sniffer.push(bytes.subarray(i, i + size));
  return sniffer.finish();
};

describe('content sniffer', () => {
  it('accepts a minimal PDF as application/pdf, without a PDF/A claim', () => {
    expect(sniffContent(minimalPdf())).toEqual({ contentType: 'application/pdf', allowed: true });
  });

  it.each([
    ['XMP elements', pdfaElements, { part: 2, conformance: 'B' }],
    ['XMP attributes', pdfaAttributes, { part: 1, conformance: 'A' }],
  ])('reads the PDF/A identification from %s, also when split across chunks', (_, sample, pdfa) => {
    expect(sniffContent(sample)).toEqual({ contentType: 'application/pdf', allowed: true, pdfa });
    expect(sniffInChunks(sample, 7)).toEqual({ contentType: 'application/pdf', allowed: true, pdfa });
  });

  it('looks for the PDF/A identification only in the first MiB', () => {
    const late = minimalPdf(`% ${'x'.repeat(1024 * 1024)}\n` + xmp('<pdfaid:part>3</pdfaid:part>'));
    expect(sniffInChunks(late, 64 * 1024)).toEqual({ contentType: 'application/pdf', allowed: true });
  });

  it('recognises an ODF document by its first, uncompressed mimetype entry', () => {
    expect(sniffContent(odt)).toEqual({ contentType: 'application/vnd.oasis.opendocument.text', allowed: true });
    expect(sniffInChunks(odt, 5).contentType).toBe('application/vnd.oasis.opendocument.text');
  });

  it('recognises OOXML by [Content_Types].xml and its main part, wherever the entry is', () => {
    expect(sniffContent(docx)).toEqual({ contentType: MEDIA_TYPES.docx, allowed: true });
    expect(sniffInChunks(docx, 3).contentType).toBe(MEDIA_TYPES.docx);
    expect(sniffContent(xlsx).contentType).toBe(MEDIA_TYPES.xlsx);
  });

  it('keeps a ZIP of shapefiles as application/zip', () => {
    expect(sniffContent(shapefiles)).toEqual({ contentType: 'application/zip', allowed: true });
  });

  it('does not take a ZIP with a mimetype entry that is not ODF for an ODF document', () => {
    const epub = zip([{ name: 'mimetype', data: 'application/epub+zip' }]);
    expect(sniffContent(epub).contentType).toBe('application/zip');
  });

  it.each([
    ['PNG', png, 'image/png'],
    ['JPEG', jpeg, 'image/jpeg'],
    ['little-endian TIFF', tiffLittle, 'image/tiff'],
    ['big-endian TIFF', tiffBig, 'image/tiff'],
  ])('accepts %s by its signature', (_, sample, type) => {
    expect(sniffContent(sample)).toEqual({ contentType: type, allowed: true });
  });

  it('accepts a DER P7M (CAdES) by the signedData OID after the outer SEQUENCE, and its BER form', () => {
    expect(sniffContent(p7mDer)).toEqual({ contentType: 'application/pkcs7-mime', allowed: true });
    expect(sniffContent(p7mBer)).toEqual({ contentType: 'application/pkcs7-mime', allowed: true });
  });

  it('accepts a base64 P7M, with and without the PEM header, and says it is base64', () => {
    const armoured = Buffer.from(`-----BEGIN PKCS7-----\n${base64Lines(p7mDer)}\n-----END PKCS7-----\n`);
    const bare = Buffer.from(base64Lines(p7mDer));
    expect(sniffContent(armoured)).toEqual({ contentType: 'application/pkcs7-mime', allowed: true, encoding: 'base64' });
    expect(sniffContent(bare)).toEqual({ contentType: 'application/pkcs7-mime', allowed: true, encoding: 'base64' });
  });

  it('refuses a DER structure that is not signedData, and base64 text that does not decode to one', () => {
    const envelopedData = Buffer.concat([Buffer.from('3082010006092a864886f70d010703', 'hex'), Buffer.alloc(32)]);
    expect(isDerSignedData(envelopedData)).toBe(false);
    expect(sniffContent(envelopedData)).toEqual({ contentType: 'application/octet-stream', allowed: false });
    expect(sniffContent(Buffer.from('TWFuIGlzIGRpc3Rpbmd1aXNoZWQsIG5vdCBvbmx5IGJ5IGhpcyByZWFzb24='))).toEqual({
      contentType: 'text/plain',
      allowed: false,
    });
  });

  it('refuses an executable, naming it, however it is called', () => {
    expect(sniffContent(exe)).toEqual({ contentType: 'application/vnd.microsoft.portable-executable', allowed: false });
  });

  it('refuses plain text, HTML and an empty file', () => {
    expect(sniffContent(Buffer.from('Delibera n. 12 del 3 marzo: testo già approvato.\n'))).toEqual({
      contentType: 'text/plain',
      allowed: false,
    });
    expect(sniffContent(Buffer.from('<!DOCTYPE html><html><body>ciao</body></html>'))).toEqual({
      contentType: 'text/html',
      allowed: false,
    });
    expect(sniffContent(Buffer.alloc(0))).toEqual({ contentType: 'application/x-empty', allowed: false });
  });

  it('decides the family after the first 512 bytes, so a refused upload stops early', () => {
    const sniffer = new ContentSniffer();
    sniffer.push(exe.subarray(0, 100));
    expect(sniffer.early()).toBeNull();
    sniffer.push(exe.subarray(100, 600));
    expect(sniffer.early()).toEqual({ contentType: 'application/vnd.microsoft.portable-executable', allowed: false });
  });
});
