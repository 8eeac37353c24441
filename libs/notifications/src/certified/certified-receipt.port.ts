/**
 * Receipt kinds of Italian PEC (DPR 68/2005, DM 2 novembre 2005), as in the X-Ricevuta
 * header and the `tipo` of daticert.xml. "Mancata consegna" is `errore-consegna`.
 */
export const CERTIFIED_RECEIPT_KINDS = [
  'accettazione',
  'non-accettazione',
  'presa-in-carico',
  'avvenuta-consegna',
  'errore-consegna',
  'preavviso-errore-consegna',
  'rilevazione-virus',
] as const;
export type CertifiedReceiptKind = (typeof CERTIFIED_RECEIPT_KINDS)[number];

export interface CertifiedReceipt {
  kind: CertifiedReceiptKind;
  /** The receipt's own Message-ID (a provider that repeats a receipt repeats it too). */
  receiptMessageId: string;
  /** Message-ID of our message the receipt is about, with angle brackets. */
  referencedMessageId: string;
  /** When the provider recorded the event: for avvenuta-consegna, the legal notification time. */
  issuedAt: Date | null;
  /** The recipient address the event concerns (dati/consegna). */
  recipient: string | null;
  /** `errore` of daticert ('nessuno' becomes null). */
  error: string | null;
  errorDetail: string | null;
  provider: string | null;
  providerMessageId: string | null;
}

/**
 * The certified channel's inbound side behind a port: PEC receipts today; the European REM
 * (ETSI EN 319 532) evidence is another parser producing the same record.
 */
export interface CertifiedReceiptParser {
  /** null when the message is not a receipt of this channel. */
  parse(raw: Buffer): Promise<CertifiedReceipt | null>;
}
