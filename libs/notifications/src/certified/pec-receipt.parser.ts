import { simpleParser } from 'mailparser';
import { normaliseMessageId } from '../message-id';
import {
  CERTIFIED_RECEIPT_KINDS,
  type CertifiedReceipt,
  type CertifiedReceiptKind,
  type CertifiedReceiptParser,
} from './certified-receipt.port';
import { parseDaticert } from './daticert';

const headerText = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && 'value' in value) return headerText((value as { value: unknown }).value);
  return null;
};

const isKind = (value: string | null): value is CertifiedReceiptKind =>
  !!value && (CERTIFIED_RECEIPT_KINDS as readonly string[]).includes(value);

/**
 * Italian PEC receipts: the X-Ricevuta and X-Riferimento-Message-ID headers name the kind
 * and our message; daticert.xml carries the certified time, the recipient and the error.
 * When both are present they must agree, since a receipt moves a legal term.
 */
export class PecReceiptParser implements CertifiedReceiptParser {
  async parse(raw: Buffer): Promise<CertifiedReceipt | null> {
    const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const headerKind = headerText(mail.headers.get('x-ricevuta'));
    const headerReference = headerText(mail.headers.get('x-riferimento-message-id'));
    const attachment = mail.attachments.find((a) => a.filename?.toLowerCase() === 'daticert.xml');
    const daticert = attachment ? parseDaticert(attachment.content.toString('utf8')) : null;
    const kind = daticert?.tipo ?? headerKind;
    if (!isKind(kind)) return null;
    if (headerKind && daticert && headerKind !== daticert.tipo) {
      throw new Error(`receipt kind disagrees: X-Ricevuta ${headerKind}, daticert ${daticert.tipo}`);
    }
    const reference = daticert?.msgid ?? headerReference;
    if (!reference) return null;
    if (headerReference && daticert?.msgid && normaliseMessageId(headerReference) !== normaliseMessageId(daticert.msgid)) {
      throw new Error('receipt reference disagrees between X-Riferimento-Message-ID and daticert msgid');
    }
    const receiptMessageId = mail.messageId ? normaliseMessageId(mail.messageId) : null;
    if (!receiptMessageId) throw new Error('receipt without Message-ID');
    return {
      kind,
      receiptMessageId,
      referencedMessageId: normaliseMessageId(reference),
      issuedAt: daticert?.data ? new Date(daticert.data) : (mail.date ?? null),
      recipient: daticert?.consegna ?? null,
      error: daticert?.errore ?? null,
      errorDetail: daticert?.erroreEsteso ?? null,
      provider: daticert?.gestoreEmittente ?? null,
      providerMessageId: daticert?.identificativo ?? null,
    };
  }
}
