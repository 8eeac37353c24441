import { buildPecEnvelope } from '../certified/pec-envelope.builder';
import { MalformedMimeError, mimeParts } from './mime-parts';

describe('mimeParts', () => {
  it('keeps the attached original message whole (postacert.eml byte for byte) next to daticert.xml', async () => {
    const { raw, original } = await buildPecEnvelope({
      sender: 'protocollo@postacert.comune.milano.it',
      recipient: 'protocollo@pec.cittametropolitana.milano.it',
      subject: 'Integrazioni – pratica VC-2026-000001',
      text: 'In allegato.',
      sentAt: new Date('2026-03-04T10:15:00Z'),
      attachments: [{ filename: 'relazione.pdf', content: Buffer.from('%PDF-1.7\n%%EOF\n'), contentType: 'application/pdf' }],
    });
    const parts = mimeParts(raw);
    expect(parts.map((p) => [p.contentType, p.filename])).toEqual([
      ['text/plain', null],
      ['message/rfc822', 'postacert.eml'],
      ['application/xml', 'daticert.xml'],
    ]);
    expect(parts[1].body.equals(original)).toBe(true);
    expect(parts[2].body.toString('utf8')).toContain('<postacert tipo="posta-certificata" errore="nessuno">');
  });

  it('opens nested multiparts (a signed envelope) and decodes base64 and quoted-printable bodies', () => {
    const raw = Buffer.from(
      [
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="outer"',
        '',
        '--outer',
        'Content-Type: multipart/mixed; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Citt=C3=A0 metropolitana',
        '--inner',
        'Content-Type: application/xml; name="daticert.xml"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: inline;',
        ' filename="daticert.xml"',
        '',
        Buffer.from('<postacert tipo="posta-certificata"/>').toString('base64'),
        '--inner--',
        '--outer',
        'Content-Type: application/pkcs7-signature; name=smime.p7s',
        'Content-Transfer-Encoding: base64',
        '',
        'AAEC',
        '--outer--',
        '',
      ].join('\r\n'),
    );
    const parts = mimeParts(raw);
    expect(parts.map((p) => p.filename)).toEqual([null, 'daticert.xml', 'smime.p7s']);
    expect(parts[0].body.toString('utf8')).toBe('Città metropolitana');
    expect(parts[1].body.toString('utf8')).toBe('<postacert tipo="posta-certificata"/>');
    expect([...parts[2].body]).toEqual([0, 1, 2]);
  });

  it('names what is wrong with a broken multipart instead of guessing', () => {
    expect(() => mimeParts(Buffer.from('Content-Type: multipart/mixed\r\n\r\nbody'))).toThrow(
      new MalformedMimeError('multipart/mixed without a boundary'),
    );
    expect(() => mimeParts(Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nx\r\n'))).toThrow(
      'multipart ends without its closing boundary',
    );
  });
});
