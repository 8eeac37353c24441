import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { type TrustContext, signedDataOf, unreadableSignature, verifySignerInfos } from './cms-signatures';
import { parseDer } from './signature-algorithms';
import type { LocalizedText, SignatureVerification } from './signature-verification';

const PEM_ARMOUR = /-----(?:BEGIN|END) [A-Z0-9 ]+-----/g;
const BOM = /^\uFEFF/;

/** A .p7m as stored: DER (or BER) as most tools write it, or base64 with or without PEM armour. */
export function p7mBytes(stored: Buffer): Buffer {
  if (stored[0] === 0x30) return stored;
  return Buffer.from(stored.toString('latin1').replace(BOM, '').replace(PEM_ARMOUR, '').replace(/\s+/g, ''), 'base64');
}

const unreadable = (reason: LocalizedText): SignatureVerification[] => [unreadableSignature(0, 'cades', reason)];

/** The signed content of an enveloping .p7m (whole, also when written as BER chunks). */
function attachedContent(eContent: asn1js.OctetString): Buffer {
  return Buffer.from(eContent.getValue());
}

/**
 * Verifies a CAdES envelope with attached content (.p7m): every SignerInfo is a signature of
 * the same content (co-signatures), each with its own result.
 */
export async function verifyCades(stored: Buffer, trust: TrustContext): Promise<SignatureVerification[]> {
  const asn = parseDer(p7mBytes(stored));
  const signedData = asn ? signedDataOf(asn) : null;
  if (!signedData)
    return unreadable({ it: 'la busta .p7m non è leggibile (CMS SignedData)', en: 'the .p7m envelope cannot be read (CMS SignedData)' });
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent)
    return unreadable({
      it: 'la busta .p7m non contiene il documento firmato (firma separata): inviare il .p7m con il documento incluso',
      en: 'the .p7m does not contain the signed document (detached signature): send the .p7m with the document enclosed',
    });
  if (signedData.signerInfos.length === 0)
    return unreadable({ it: 'la busta .p7m non contiene firme', en: 'the .p7m envelope contains no signature' });
  const content = attachedContent(eContent);
  return verifySignerInfos(
    signedData,
    'cades',
    0,
    async (algorithm) => createHash(algorithm).update(content).digest(),
    async (update) => update(content),
    trust,
  );
}
