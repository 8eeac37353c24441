import * as pkijs from 'pkijs';
import { webcrypto } from 'node:crypto';
import { MEDIA_TYPES } from '../content-sniffer';
import { ContentNotFoundError } from '../document-storage';
import { verifyCades } from './cades-verifier';
import { type TrustContext, unreadableSignature } from './cms-signatures';
import { type StoredBytes, verifyPades } from './pades-verifier';
import type { SignatureReport } from './signature-verification';
import type { TrustList } from './trust-list';

// pkijs parses; the cryptography runs on Node's own implementation, also for what pkijs computes itself.
pkijs.setEngine(
  'nodeWebcrypto',
  new pkijs.CryptoEngine({ name: 'nodeWebcrypto', crypto: webcrypto as unknown as pkijs.ICryptoEngine['crypto'] }),
);

/** A .p7m is read whole to reach its attached content; beyond this it is refused rather than held in memory. */
export const MAX_P7M_BYTES = 256 * 1024 * 1024;

export interface SignatureVerifierOptions {
  trustList: () => TrustList | null;
  crls?: () => readonly pkijs.CertificateRevocationList[];
  now?: () => Date;
}

async function whole(bytes: StoredBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await bytes.read()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Verifies the signatures a stored document carries, by its recognised type: the SignerInfos
 * of a .p7m, the signature dictionaries of a PDF. Other types carry none.
 */
export class SignatureVerifier {
  constructor(private readonly options: SignatureVerifierOptions) {}

  async verify(bytes: StoredBytes, contentType: string): Promise<SignatureReport> {
    const list = this.options.trustList();
    const now = this.options.now?.() ?? new Date();
    const trust: TrustContext = { anchors: list?.anchors ?? null, crls: this.options.crls?.() ?? [], now };
    const report = (format: SignatureReport['format'], signatures: SignatureReport['signatures']): SignatureReport => ({
      format: signatures.length > 0 ? format : null,
      signatures,
      trustList: list ? { id: list.id, loadedAt: list.loadedAt, source: list.source } : null,
      verifiedAt: now.toISOString(),
    });
    if (contentType !== MEDIA_TYPES.p7m && contentType !== MEDIA_TYPES.pdf) return report(null, []);
    const format = contentType === MEDIA_TYPES.p7m ? 'cades' : 'pades';
    if (format === 'cades' && bytes.size > MAX_P7M_BYTES)
      return report(format, [
        unreadableSignature(0, format, {
          it: 'la busta .p7m è troppo grande per essere verificata',
          en: 'the .p7m envelope is too large to verify',
        }),
      ]);
    try {
      return report(format, format === 'cades' ? await verifyCades(await whole(bytes), trust) : await verifyPades(bytes, trust));
    } catch (error) {
      // Missing bytes are the store's fault, said as such by the caller; anything else is a
      // structure the parsers could not follow: the signature cannot be verified, so it is not valid.
      if (error instanceof ContentNotFoundError) throw error;
      return report(format, [
        unreadableSignature(0, format, {
          it: `la firma non è verificabile: struttura non valida (${(error as Error).message})`,
          en: `the signature cannot be verified: malformed structure (${(error as Error).message})`,
        }),
      ]);
    }
  }
}
