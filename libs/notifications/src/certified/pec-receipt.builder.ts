import MailComposer from 'nodemailer/lib/mail-composer';
import { randomUUID } from 'node:crypto';
import type { CertifiedReceiptKind } from './certified-receipt.port';

export interface PecReceiptSpec {
  kind: CertifiedReceiptKind;
  /** Our message's Message-ID, with angle brackets. */
  referencedMessageId: string;
  /** Sender of the original message (receipts go back to it). */
  sender: string;
  recipient: string;
  subject: string;
  issuedAt: Date;
  provider?: string;
  /** daticert `errore` (nessuno, no-dest, no-dominio, virus, altro). */
  error?: string;
  errorDetail?: string;
  receiptMessageId?: string;
}

const SUBJECT_PREFIX: Record<CertifiedReceiptKind, string> = {
  accettazione: 'ACCETTAZIONE',
  'non-accettazione': 'AVVISO DI NON ACCETTAZIONE',
  'presa-in-carico': 'PRESA IN CARICO',
  'avvenuta-consegna': 'CONSEGNA',
  'errore-consegna': 'AVVISO DI MANCATA CONSEGNA',
  'preavviso-errore-consegna': 'AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO',
  'rilevazione-virus': 'PROBLEMA DI SICUREZZA',
};

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ROME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** daticert.xml as a PEC provider writes it (postacert.dtd of the DM 2 novembre 2005 technical rules). */
export function buildDaticert(spec: Omit<PecReceiptSpec, 'kind'> & { kind: CertifiedReceiptKind | 'posta-certificata' }): string {
  const parts = Object.fromEntries(ROME.formatToParts(spec.issuedAt).map((p) => [p.type, p.value]));
  const zone = (parts.timeZoneName ?? 'GMT+01:00').replace('GMT', '').replace(':', '') || '+0000';
  const error =
    spec.error ?? (['non-accettazione', 'errore-consegna', 'preavviso-errore-consegna'].includes(spec.kind) ? 'altro' : 'nessuno');
  const provider = spec.provider ?? 'Gestore PEC di prova';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<postacert tipo="${spec.kind}" errore="${error}">`,
    '  <intestazione>',
    `    <mittente>${xml(spec.sender)}</mittente>`,
    `    <destinatari tipo="certificato">${xml(spec.recipient)}</destinatari>`,
    `    <risposte>${xml(spec.sender)}</risposte>`,
    `    <oggetto>${xml(spec.subject)}</oggetto>`,
    '  </intestazione>',
    '  <dati>',
    `    <gestore-emittente>${xml(provider)}</gestore-emittente>`,
    `    <data zona="${zone}">`,
    `      <giorno>${parts.day}/${parts.month}/${parts.year}</giorno>`,
    `      <ora>${parts.hour}:${parts.minute}:${parts.second}</ora>`,
    '    </data>',
    `    <identificativo>opec-${randomUUID()}@pec.test</identificativo>`,
    `    <msgid>${xml(spec.referencedMessageId)}</msgid>`,
    ...(spec.kind === 'avvenuta-consegna' ? ['    <ricevuta tipo="completa" />'] : []),
    ...(['avvenuta-consegna', 'errore-consegna', 'preavviso-errore-consegna'].includes(spec.kind)
      ? [`    <consegna>${xml(spec.recipient)}</consegna>`]
      : []),
    ...(spec.errorDetail ? [`    <errore-esteso>${xml(spec.errorDetail)}</errore-esteso>`] : []),
    '  </dati>',
    '</postacert>',
    '',
  ].join('\n');
}

/**
 * A complete PEC receipt message (X-Ricevuta and X-Riferimento-Message-ID headers, daticert.xml
 * attached) as a provider sends it: what the tests' local PEC peer and development use.
 */
export async function buildPecReceipt(spec: PecReceiptSpec): Promise<Buffer> {
  const composer = new MailComposer({
    from: `"Per conto di: ${spec.recipient}" <posta-certificata@pec.test>`,
    to: spec.sender,
    subject: `${SUBJECT_PREFIX[spec.kind]}: ${spec.subject}`,
    date: spec.issuedAt,
    messageId: spec.receiptMessageId ?? `<opec-${randomUUID()}@pec.test>`,
    headers: {
      'X-Ricevuta': spec.kind,
      'X-Riferimento-Message-ID': spec.referencedMessageId,
      ...(spec.kind === 'avvenuta-consegna' ? { 'X-Tipo-Ricevuta': 'completa' } : {}),
    },
    text: `Ricevuta di ${spec.kind} del messaggio "${spec.subject}" (${spec.referencedMessageId}) per ${spec.recipient}.`,
    attachments: [{ filename: 'daticert.xml', content: buildDaticert(spec), contentType: 'application/xml' }],
  });
  return composer.compile().build();
}
