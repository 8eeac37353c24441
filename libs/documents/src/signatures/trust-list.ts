import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { parseDer } from './signature-algorithms';

/**
 * The certificates the operator trusts to issue signer certificates: a PEM bundle of CA
 * certificates, or an ETSI TS 119 612 trusted list (the AgID national list, IT_TL), from which
 * the digital identities of qualified-certificate CA services in force are taken.
 */
export interface TrustList {
  /** SHA-256 of the file the list was read from: the identity recorded with each verification. */
  id: string;
  loadedAt: string;
  source: string;
  anchors: pkijs.Certificate[];
}

export interface TrustListLogger {
  log(message: string): void;
  warn(message: string): void;
}

// ETSI TS 119 612 §5.5.1 (service type) and §5.5.4 (status); "undersupervision" and "accredited"
// are the statuses of lists published before eIDAS (TS 119 612 v1), still met in older files.
const CA_QC = 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC';
const IN_FORCE_STATUSES = new Set([
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited',
  'http://uri.etsi.org/TrstSvc/eSigDir-1999-93-EC-TrustedList/Svcstatus/undersupervision',
  'http://uri.etsi.org/TrstSvc/eSigDir-1999-93-EC-TrustedList/Svcstatus/accredited',
]);

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
// Element names in a trusted list may carry any namespace prefix (tsl:, ns2:, none).
const element = (name: string) => new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`, 'g');
const SERVICE = element('TSPService');
const SERVICE_HISTORY = /<(?:[\w.-]+:)?ServiceHistory[\s>]/;
const XML_COMMENT = /<!--[\s\S]*?-->/g;

const firstText = (xml: string, name: string): string | null => {
  const match = element(name).exec(xml);
  return match ? match[1].trim() : null;
};

/** Every PEM block of a type in a text file, decoded. */
export function pemBlocks(text: string, type: string): Buffer[] {
  return [...text.matchAll(PEM_BLOCK)].filter((m) => m[1] === type).map((m) => Buffer.from(m[2].replace(/\s+/g, ''), 'base64'));
}

const certificateOf = (der: Uint8Array): pkijs.Certificate | null => {
  const asn = parseDer(der);
  if (!asn) return null;
  try {
    return new pkijs.Certificate({ schema: asn });
  } catch {
    return null;
  }
};

/** The current CA/QC services' certificates of an ETSI TS 119 612 list; history entries are not trust anchors. */
export function trustedListCertificates(xml: string): Buffer[] {
  const found: Buffer[] = [];
  for (const service of xml.replace(XML_COMMENT, '').matchAll(SERVICE)) {
    const current = service[1].split(SERVICE_HISTORY)[0];
    if (firstText(current, 'ServiceTypeIdentifier') !== CA_QC) continue;
    if (!IN_FORCE_STATUSES.has(firstText(current, 'ServiceStatus') ?? '')) continue;
    for (const cert of current.matchAll(element('X509Certificate'))) found.push(Buffer.from(cert[1].replace(/\s+/g, ''), 'base64'));
  }
  return found;
}

/** Reads a trust list's bytes, whichever of the accepted formats it is in. */
export function parseTrustList(bytes: Buffer, source: string, loadedAt = new Date()): TrustList {
  const text = bytes.toString('utf8');
  const ders = /<(?:[\w.-]+:)?TrustServiceStatusList[\s>]/.test(text)
    ? trustedListCertificates(text)
    : text.includes('-----BEGIN CERTIFICATE-----')
      ? pemBlocks(text, 'CERTIFICATE')
      : [bytes];
  const anchors = ders.map(certificateOf).filter((c): c is pkijs.Certificate => c !== null);
  if (anchors.length === 0) throw new Error(`${source}: no CA certificate found (a PEM bundle or an ETSI TS 119 612 trusted list)`);
  return { id: createHash('sha256').update(bytes).digest('hex'), loadedAt: loadedAt.toISOString(), source, anchors };
}

export async function loadTrustList(path: string): Promise<TrustList> {
  return parseTrustList(await readFile(path), path);
}

/** CRLs the operator keeps: files (DER or PEM) or directories of them. */
export async function loadCrlFiles(paths: readonly string[]): Promise<pkijs.CertificateRevocationList[]> {
  const crls: pkijs.CertificateRevocationList[] = [];
  for (const path of paths) {
    const files = (await stat(path)).isDirectory() ? (await readdir(path)).map((f) => join(path, f)) : [path];
    for (const file of files) {
      const bytes = await readFile(file);
      const text = bytes.toString('latin1');
      const ders = text.includes('-----BEGIN X509 CRL-----') ? pemBlocks(text, 'X509 CRL') : [bytes];
      for (const der of ders) {
        const asn = parseDer(der);
        if (!asn) throw new Error(`${file}: not a CRL`);
        crls.push(new pkijs.CertificateRevocationList({ schema: asn }));
      }
    }
  }
  return crls;
}

export interface TrustListSourceOptions {
  /** The file the operator configures; the refresh writes the last good download here. */
  path: string | null;
  /** Where a newer list is published (e.g. AgID's IT_TL); refreshed when the network allows. */
  url: string | null;
  refreshIntervalMs: number;
  logger: TrustListLogger;
  fetch?: typeof fetch;
}

/**
 * Holds the trust list in force. A refresh that fails (network, a file that is not a list)
 * logs a warning and keeps the list already held: a verification never runs against nothing
 * because the publisher's site was down.
 */
export class TrustListSource {
  private list: TrustList | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: TrustListSourceOptions) {}

  current(): TrustList | null {
    return this.list;
  }

  async start(): Promise<void> {
    if (this.options.path) {
      try {
        this.list = await loadTrustList(this.options.path);
        this.options.logger.log(
          `trust list ${this.options.path}: ${this.list.anchors.length} CA certificates (${this.list.id.slice(0, 12)})`,
        );
      } catch (error) {
        // Without its file the service still runs: every chain is then untrusted, and the policy decides.
        this.options.logger.warn(`trust list ${this.options.path} not loaded: ${(error as Error).message}`);
      }
    }
    if (this.options.url) {
      await this.refresh();
      this.timer = setInterval(() => void this.refresh(), this.options.refreshIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<boolean> {
    const { url, path, logger } = this.options;
    if (!url) return false;
    try {
      const response = await (this.options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(60_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const list = parseTrustList(bytes, url);
      if (list.id === this.list?.id) return true;
      if (path) {
        // Written aside and renamed: a crash mid-write never leaves a torn file as the last good list.
        // The API and the workers refresh the same file: each writes its own aside copy.
        const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.download`;
        await writeFile(aside, bytes);
        await rename(aside, path);
      }
      this.list = list;
      logger.log(`trust list refreshed from ${url}: ${list.anchors.length} CA certificates (${list.id.slice(0, 12)})`);
      return true;
    } catch (error) {
      logger.warn(`trust list refresh from ${url} failed, keeping the list in force: ${(error as Error).message}`);
      return false;
    }
  }
}
