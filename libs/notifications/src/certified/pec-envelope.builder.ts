import MailComposer from 'nodemailer/lib/mail-composer';
import { randomUUID } from 'node:crypto';
import { buildDaticert } from './pec-receipt.builder';

export interface PecEnvelopeSpec {
  /** The sender's PEC address (e.g. a municipality's protocol mailbox). */
  sender: string;
  /** CMM's PEC address. */
  recipient: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
  /** The certified sending time (daticert data). */
  sentAt: Date;
  /** Message-ID of the sender's original message (postacert.eml). */
  originalMessageId?: string;
  /** Message-ID the provider gives the envelope. */
  envelopeMessageId?: string;
  provider?: string;
}

/**
 * A PEC transport envelope ("busta di trasporto", DM 2 novembre 2005 technical rules §4.1) as
 * the recipient's provider delivers it: a text part, the original message whole as
 * postacert.eml and daticert.xml of type "posta-certificata". A real envelope is also S/MIME
 * signed by the provider (multipart/signed around these parts); this test builder does not
 * sign, and the ingester does not verify that signature.
 */
export async function buildPecEnvelope(spec: PecEnvelopeSpec): Promise<{ raw: Buffer; original: Buffer; envelopeMessageId: string }> {
  const originalMessageId = spec.originalMessageId ?? `<${randomUUID()}@${spec.sender.split('@')[1] ?? 'pec.test'}>`;
  const original = await new MailComposer({
    from: spec.sender,
    to: spec.recipient,
    subject: spec.subject,
    date: spec.sentAt,
    messageId: originalMessageId,
    text: spec.text,
    attachments: spec.attachments,
  })
    .compile()
    .build();
  const envelopeMessageId = spec.envelopeMessageId ?? `<opec-${randomUUID()}@pec.test>`;
  const daticert = buildDaticert({
    kind: 'posta-certificata',
    sender: spec.sender,
    recipient: spec.recipient,
    subject: spec.subject,
    issuedAt: spec.sentAt,
    referencedMessageId: originalMessageId,
    provider: spec.provider,
  });
  const raw = await new MailComposer({
    from: `"Per conto di: ${spec.sender}" <posta-certificata@pec.test>`,
    replyTo: spec.sender,
    to: spec.recipient,
    subject: `POSTA CERTIFICATA: ${spec.subject}`,
    date: spec.sentAt,
    messageId: envelopeMessageId,
    headers: { 'X-Trasporto': 'posta-certificata', 'X-Riferimento-Message-ID': originalMessageId },
    text: `Messaggio di posta certificata inviato da ${spec.sender} il ${spec.sentAt.toISOString()}.`,
    attachments: [
      { filename: 'postacert.eml', content: original, contentType: 'message/rfc822', contentDisposition: 'inline' },
      { filename: 'daticert.xml', content: daticert, contentType: 'application/xml', contentDisposition: 'inline' },
    ],
  })
    .compile()
    .build();
  return { raw, original, envelopeMessageId };
}
