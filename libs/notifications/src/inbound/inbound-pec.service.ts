import type { DocumentStorage } from '@cmm/documents';
import {
  type DocumentRepository,
  type MailboxPlace,
  type MunicipalityRepository,
  type PecInboundMessageView,
  type PecMailboxRepository,
  type PecReason,
  type PecStoredPart,
  type RegistryRepository,
  type TimelineRepository,
  municipalityOfficialName,
} from '@cmm/persistence';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { CertifiedReceiptParser } from '../certified/certified-receipt.port';
import { parseDaticert } from '../certified/daticert';
import type { IngestResult, ReceiptIngestService } from '../certified/receipt-ingest.service';
import { normaliseMessageId } from '../message-id';
import { type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';
import { MalformedMimeError, mimeParts } from './mime-parts';
import { type CaseTarget, PEC_INBOUND_ACTOR, PecFiling } from './pec-filing';
import { PEC_REASONS } from './pec-inbound-reasons';

/** Case references as the case repository writes them: PREFIX-YYYY-NNNNNN (libs/contracts procedures). */
const CASE_REFERENCE = /\b([A-Z]{2,5}-\d{4}-\d{6})\b/g;

export type InboundOutcome =
  | { outcome: 'already-taken'; id: string | null }
  | { outcome: 'receipt'; id: string; receipt: IngestResult['outcome'] }
  | { outcome: 'filed'; id: string; caseId: string; protocolNumber: string }
  | { outcome: 'triage'; id: string; protocolNumber: string; reason: PecReason }
  | { outcome: 'quarantined'; id: string; reason: PecReason | null };

export interface InboundPecOptions {
  mailbox: PecMailboxRepository;
  receipts: ReceiptIngestService;
  receiptParser: CertifiedReceiptParser;
  registry: RegistryRepository;
  municipalities: MunicipalityRepository;
  timeline: TimelineRepository;
  documents: { repository: DocumentRepository; storage: DocumentStorage };
  logger?: NotifierLogger;
}

/** A message that cannot be taken as a receipt or a certified message: quarantined with this reason. */
class Unusable extends Error {
  constructor(readonly reason: PecReason) {
    super(reason.en);
  }
}

interface CertifiedMessage {
  messageId: string;
  sender: string;
  subject: string;
  text: string;
  certifiedSentAt: Date;
  providerMessageId: string | null;
  original: Buffer;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

const addressOf = (text: string): string => (/<([^>]+)>/.exec(text)?.[1] ?? text).trim().toLowerCase();

/**
 * What arrives in CMM's PEC mailbox, taken once each: receipts go to the receipt flow;
 * a certified message (envelope with postacert.eml and daticert.xml) is registered in the
 * protocol as inbound and, when its sender is a municipality on file and it names one of that
 * municipality's cases, filed to that case (documents, timeline, the workflow told); otherwise
 * it waits for an officer in triage. Anything else is quarantined with the reason, raw bytes
 * kept. Each outcome commits with the mailbox cursor, so a message is stored at most once
 * (by its Message-ID and by its place in the mailbox) and taken again after any failure.
 */
export class InboundPecService {
  private readonly logger: NotifierLogger;
  private readonly filing: PecFiling;

  constructor(private readonly options: InboundPecOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.filing = new PecFiling({ mailbox: options.mailbox, timeline: options.timeline, documents: options.documents.repository });
  }

  async take(raw: Buffer, place: MailboxPlace, receivedAt: Date = new Date()): Promise<InboundOutcome> {
    const head = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true }).catch(
      () => null,
    );
    const messageId = head?.messageId ? normaliseMessageId(head.messageId) : null;
    const taken = await this.options.mailbox.taken(place, messageId);
    if (taken) {
      await this.options.mailbox.transaction((tx) => this.options.mailbox.advanceCursor(place, tx));
      return { outcome: 'already-taken', id: taken.id };
    }
    if (!head) return this.quarantine(raw, place, null, PEC_REASONS.unreadable, receivedAt);
    if (!messageId) return this.quarantine(raw, place, null, PEC_REASONS.noMessageId, receivedAt);

    let receiptKind: string | null;
    try {
      receiptKind = (await this.options.receiptParser.parse(raw))?.kind ?? null;
    } catch (error) {
      return this.quarantine(raw, place, messageId, PEC_REASONS.unreadableReceipt((error as Error).message), receivedAt);
    }
    if (receiptKind) return this.receipt(raw, place, messageId, receivedAt);

    let certified: CertifiedMessage;
    try {
      certified = await this.certified(raw, messageId);
    } catch (error) {
      if (error instanceof Unusable) return this.quarantine(raw, place, messageId, error.reason, receivedAt);
      if (error instanceof MalformedMimeError)
        return this.quarantine(raw, place, messageId, PEC_REASONS.malformedMime(error.message), receivedAt);
      throw error;
    }
    return this.register(raw, place, certified, receivedAt);
  }

  private async certified(raw: Buffer, messageId: string): Promise<CertifiedMessage> {
    const parts = mimeParts(raw);
    const daticertPart = parts.find((p) => p.filename?.toLowerCase() === 'daticert.xml');
    if (!daticertPart) throw new Unusable(PEC_REASONS.noDaticert);
    const daticert = parseDaticert(daticertPart.body.toString('utf8'));
    if (!daticert) throw new Unusable(PEC_REASONS.daticertUnreadable);
    if (daticert.tipo !== 'posta-certificata') throw new Unusable(PEC_REASONS.daticertType(daticert.tipo));
    if (!daticert.data) throw new Unusable(PEC_REASONS.daticertTime);
    if (!daticert.mittente) throw new Unusable(PEC_REASONS.daticertSender);
    const postacert = parts.find((p) => p.contentType === 'message/rfc822' || p.filename?.toLowerCase() === 'postacert.eml');
    if (!postacert) throw new Unusable(PEC_REASONS.noPostacert);
    const original = await simpleParser(postacert.body, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
    return {
      messageId,
      sender: addressOf(daticert.mittente),
      subject: original.subject ?? daticert.oggetto ?? '',
      text: original.text ?? '',
      certifiedSentAt: new Date(daticert.data),
      providerMessageId: daticert.identificativo,
      original: postacert.body,
      attachments: original.attachments.map((a, index) => ({
        filename: a.filename ?? `allegato-${index + 1}`,
        contentType: a.contentType || 'application/octet-stream',
        content: a.content,
      })),
    };
  }

  private async store(bytes: Buffer): Promise<{ key: string; sha256: string; size: number }> {
    return this.options.documents.storage.stage(Readable.from([bytes])).then((staged) => staged.commit());
  }

  private async receipt(raw: Buffer, place: MailboxPlace, messageId: string, receivedAt: Date): Promise<InboundOutcome> {
    // The receipt flow is idempotent on the receipt's Message-ID: a crash before the row below
    // commits makes the next round find it a duplicate, and the row is written then.
    const result = await this.options.receipts.ingest(raw);
    const stored = await this.store(raw);
    const id = randomUUID();
    return this.options.mailbox.transaction(async (tx) => {
      const inserted = await this.options.mailbox.insertMessage(
        {
          id,
          messageId,
          place,
          kind: 'receipt',
          status: 'receipt',
          reason: PEC_REASONS.receipt[result.outcome],
          sender: null,
          istatCode: null,
          subject: null,
          certifiedSentAt: result.outcome === 'stored' || result.outcome === 'unmatched' ? result.receipt.issuedAt : null,
          providerMessageId: null,
          storageKey: stored.key,
          sha256: stored.sha256,
          sizeBytes: stored.size,
          attachments: [],
          receivedAt,
        },
        tx,
      );
      await this.options.mailbox.advanceCursor(place, tx);
      return inserted ? ({ outcome: 'receipt', id, receipt: result.outcome } as const) : ({ outcome: 'already-taken', id: null } as const);
    });
  }

  /** Keeps the message with the reason it could not be taken; the ingester moves it to the quarantine folder. */
  async quarantine(raw: Buffer, place: MailboxPlace, messageId: string | null, reason: PecReason, receivedAt: Date) {
    const stored = await this.store(raw);
    const id = randomUUID();
    this.logger.warn({ folder: place.folder, uid: place.uid, reason: reason.en }, 'PEC mailbox message quarantined');
    return this.options.mailbox.transaction(async (tx): Promise<InboundOutcome> => {
      const inserted = await this.options.mailbox.insertMessage(
        {
          id,
          // Without a Message-ID the content stands for it, so the same bytes are still kept once.
          messageId: messageId ?? `<sha256-${stored.sha256}@quarantine.invalid>`,
          place,
          kind: 'malformed',
          status: 'quarantined',
          reason,
          sender: null,
          istatCode: null,
          subject: null,
          certifiedSentAt: null,
          providerMessageId: null,
          storageKey: stored.key,
          sha256: stored.sha256,
          sizeBytes: stored.size,
          attachments: [],
          receivedAt,
        },
        tx,
      );
      await this.options.mailbox.advanceCursor(place, tx);
      return inserted ? { outcome: 'quarantined', id, reason } : { outcome: 'already-taken', id: null };
    });
  }

  private async register(raw: Buffer, place: MailboxPlace, message: CertifiedMessage, receivedAt: Date): Promise<InboundOutcome> {
    const { mailbox, registry } = this.options;
    // Contents first: content-addressed, so a rollback leaves at most an unreferenced copy.
    const envelope = await this.store(raw);
    const postacert = await this.store(message.original);
    const parts: PecStoredPart[] = [
      { role: 'postacert', filename: 'postacert.eml', contentType: 'message/rfc822', ...this.part(postacert) },
    ];
    for (const attachment of message.attachments) {
      const stored = await this.store(attachment.content);
      parts.push({ role: 'attachment', filename: attachment.filename, contentType: attachment.contentType, ...this.part(stored) });
    }
    const municipality = (await this.options.municipalities.withPec()).find((m) => addressOf(m.pec) === message.sender) ?? null;
    const id = randomUUID();

    return mailbox.transaction(async (tx): Promise<InboundOutcome> => {
      const { target, reason } = municipality
        ? await this.caseNamed(message, municipality.istatCode, tx)
        : { target: null, reason: PEC_REASONS.unknownSender(message.sender) };
      const inserted = await mailbox.insertMessage(
        {
          id,
          messageId: message.messageId,
          place,
          kind: 'certified',
          status: 'triage',
          reason,
          sender: message.sender,
          istatCode: municipality?.istatCode ?? null,
          subject: message.subject,
          certifiedSentAt: message.certifiedSentAt,
          providerMessageId: message.providerMessageId,
          storageKey: envelope.key,
          sha256: envelope.sha256,
          sizeBytes: envelope.size,
          attachments: parts,
          receivedAt,
        },
        tx,
      );
      await mailbox.advanceCursor(place, tx);
      if (!inserted) return { outcome: 'already-taken', id: null };
      const entry = await registry.register(
        {
          direction: 'in',
          correspondent: municipality ? municipalityOfficialName(municipality.name) : message.sender,
          subject: message.subject || '(senza oggetto)',
          caseId: target?.id ?? null,
          documentSha256: envelope.sha256,
          registeredBy: PEC_INBOUND_ACTOR.subject,
          // The provider's certified sending time, not when the mailbox was read.
          receivedAt: message.certifiedSentAt,
        },
        tx,
      );
      await mailbox.setRegistryEntry(id, entry.id, tx);
      if (!target) {
        this.logger.info({ id, protocolNumber: entry.protocolNumber, reason: reason?.en }, 'PEC waits in triage');
        return { outcome: 'triage', id, protocolNumber: entry.protocolNumber, reason: reason as PecReason };
      }
      const view = (await mailbox.find(id, tx)) as PecInboundMessageView;
      await this.filing.fileInto(view, target, PEC_INBOUND_ACTOR, tx);
      this.logger.info({ id, protocolNumber: entry.protocolNumber, caseId: target.id }, 'PEC filed to its case');
      return { outcome: 'filed', id, caseId: target.id, protocolNumber: entry.protocolNumber };
    });
  }

  private part(stored: { key: string; sha256: string; size: number }) {
    return { sha256: stored.sha256, sizeBytes: stored.size, storageKey: stored.key };
  }

  /**
   * The first case reference in the subject, then the body, that names a case of the sending
   * municipality (its own, or one it is a party to). A reference to another municipality's
   * case is not followed: the message waits in triage and the reason says why.
   */
  private async caseNamed(
    message: CertifiedMessage,
    istatCode: string,
    tx: EntityManager,
  ): Promise<{ target: CaseTarget | null; reason: PecReason | null }> {
    const references = [...new Set([...`${message.subject}\n${message.text}`.matchAll(CASE_REFERENCE)].map((m) => m[1]))];
    if (references.length === 0) return { target: null, reason: PEC_REASONS.noReference };
    const foreign: string[] = [];
    for (const reference of references) {
      const [row] = await tx.query(
        `SELECT c.id, c.type, c.workflow_id, c.istat_code,
                (c.istat_code = $2 OR EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.istat_code = $2)) AS own
           FROM cases c WHERE c.reference = $1`,
        [reference, istatCode],
      );
      if (row?.own) return { target: { id: row.id, type: row.type, workflowId: row.workflow_id, istatCode: row.istat_code }, reason: null };
      if (row) foreign.push(reference);
    }
    return {
      target: null,
      reason: foreign.length ? PEC_REASONS.foreignCase(foreign) : PEC_REASONS.unknownCase(references),
    };
  }
}
