import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestCredential, createTestCa, etsiTrustedList, pemOf } from '@cmm/test-support';
import { TrustListSource, parseTrustList, trustedListCertificates } from './trust-list';

describe('trust list', () => {
  let ca: TestCredential;
  let other: TestCredential;

  beforeAll(async () => {
    ca = await createTestCa();
    other = await createTestCa('Altra CA');
  }, 60_000);

  it('reads a PEM bundle, a single DER certificate and an ETSI TS 119 612 list; refuses a file with no certificate', () => {
    expect(parseTrustList(Buffer.from(pemOf(ca, other)), 'bundle.pem').anchors).toHaveLength(2);
    expect(parseTrustList(Buffer.from(ca.certificate.rawData), 'ca.cer').anchors).toHaveLength(1);
    const xml = etsiTrustedList([{ ca, status: 'granted' }]);
    expect(trustedListCertificates(xml)).toEqual([Buffer.from(ca.certificate.rawData)]);
    expect(() => parseTrustList(Buffer.from('<html>not a list</html>'), 'page.html')).toThrow(/no CA certificate found/);
  });

  it('ignores the history of a service: only its current status and identity count', () => {
    const xml = etsiTrustedList([{ ca, status: 'withdrawn' }]).replace(
      '</tsl:ServiceInformation>',
      `</tsl:ServiceInformation><tsl:ServiceHistory><tsl:ServiceHistoryInstance><tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier><tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus></tsl:ServiceHistoryInstance></tsl:ServiceHistory>`,
    );
    expect(trustedListCertificates(xml)).toEqual([]);
  });

  it('refreshes from the URL into the file, and keeps the list in force when a refresh fails', async () => {
    let answer: { status: number; body: string } = { status: 200, body: pemOf(ca, other) };
    const server = createServer((_, response) => response.writeHead(answer.status).end(answer.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/TSL-IT.xml`;
    const path = join(await mkdtemp(join(tmpdir(), 'trust-')), 'trusted.pem');
    await writeFile(path, pemOf(ca));
    const messages: string[] = [];
    const source = new TrustListSource({
      path,
      url,
      refreshIntervalMs: 3_600_000,
      logger: { log: (m) => messages.push(`log ${m}`), warn: (m) => messages.push(`warn ${m}`) },
    });
    try {
      await source.start();
      expect(source.current()?.anchors).toHaveLength(2);
      expect(await readFile(path, 'utf8')).toBe(pemOf(ca, other));
      const inForce = source.current()?.id;

      answer = { status: 503, body: 'maintenance' };
      expect(await source.refresh()).toBe(false);
      answer = { status: 200, body: '<html>captive portal</html>' };
      expect(await source.refresh()).toBe(false);
      expect(source.current()?.id).toBe(inForce);
      expect(await readFile(path, 'utf8')).toBe(pemOf(ca, other));
      expect(messages.filter((m) => m.startsWith('warn'))).toEqual([
        expect.stringMatching(/refresh from .* failed, keeping the list in force: HTTP 503/),
        expect.stringMatching(/refresh from .* failed, keeping the list in force: .*no CA certificate found/),
      ]);
    } finally {
      source.stop();
      server.close();
    }
  });
});
