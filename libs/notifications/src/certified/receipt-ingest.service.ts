import type { DocumentStorage } from '@cmm/documents';
import type {
  DeliveryAlertRepository,
  DeliveryAttemptRepository,
  DeliveryReceiptRepository,
  DeliveryStatus,
  DeliveryWork,
  DocumentRepository,
  TimelineRepository,
} from '@cmm/persistence';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { raiseFailureAlert } from '../delivery/delivery.service';
import { NOTIFIER_ACTOR, type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';
import type { CertifiedReceipt, CertifiedReceiptKind, CertifiedReceiptParser } from './certified-receipt.port';

export interface ReceiptIngestOptions {
  receipts: DeliveryReceiptRepository;
  attempts: DeliveryAttemptRepository;
  alerts: DeliveryAlertRepository;
  timeline: TimelineRepository;
  parser: CertifiedReceiptParser;
  /** When given, every matched receipt of a case is kept as a document of that case. */
  documents?: { repository: DocumentRepository; storage: DocumentStorage };
  logger?: NotifierLogger;
}

export type IngestResult =
  | { outcome: 'not-a-receipt' }
  | { outcome: 'duplicate'; receiptMessageId: string }
  | { outcome: 'unmatched'; receipt: CertifiedReceipt }
  | {
      outcome: 'stored';
      receipt: CertifiedReceipt;
      deliveryId: string;
      status: DeliveryStatus;
      statusChanged: boolean;
      documentId: string | null;
    };

/** What each receipt does to the delivery; null keeps the status (the receipt is still stored). */
const STATUS_OF: Record<CertifiedReceiptKind, DeliveryStatus | null> = {
  accettazione: 'accepted',
  'presa-in-carico': null,
  'avvenuta-consegna': 'delivered',
  'non-accettazione': 'failed',
  'errore-consegna': 'bounced',
  'preavviso-errore-consegna': null,
  'rilevazione-virus': null,
};

const LABEL: Record<CertifiedReceiptKind, string> = {
  accettazione: 'accettazione',
  'presa-in-carico': 'presa in carico',
  'avvenuta-consegna': 'avvenuta consegna',
  'non-accettazione': 'non accettazione',
  'errore-consegna': 'mancata consegna',
  'preavviso-errore-consegna': 'preavviso di mancata consegna',
  'rilevazione-virus': 'rilevazione virus',
};

/**
 * Ingests a certified-mail receipt: parses it, matches it to a delivery by Message-ID,
 * keeps it (row, and document of the case), moves the delivery's status forward and, on a
 * final status, schedules the workflow signal. The time of avvenuta consegna is the legal
 * notification time. Idempotent on the receipt's own Message-ID.
 */
export class ReceiptIngestService {
  private readonly logger: NotifierLogger;

  constructor(private readonly options: ReceiptIngestOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  async ingest(raw: Buffer): Promise<IngestResult> {
    const receipt = await this.options.parser.parse(raw);
    if (!receipt) return { outcome: 'not-a-receipt' };
    const { receipts, attempts } = this.options;
    if (await receipts.receiptExists(receipt.receiptMessageId)) return { outcome: 'duplicate', receiptMessageId: receipt.receiptMessageId };
    const rawSha256 = createHash('sha256').update(raw).digest('hex');
    const delivery = await attempts.deliveryByMessageId(receipt.referencedMessageId);

    // Content is stored before the transaction: it is content-addressed, so a rollback leaves
    // at most an unreferenced copy, never a row pointing at nothing.
    const stored =
      delivery?.caseId && this.options.documents
        ? await this.options.documents.storage.stage(Readable.from(raw)).then((s) => s.commit())
        : null;

    return receipts.transaction(async (tx) => {
      let documentId: string | null = null;
      if (stored && delivery?.caseId && this.options.documents) {
        const { repository } = this.options.documents;
        const { document, nextVersion } = await repository.lockOrCreate(
          {
            caseId: delivery.caseId,
            kind: 'pec-receipt',
            title: `Ricevuta PEC di ${LABEL[receipt.kind]} – ${delivery.recipient.address} – ${delivery.messageId}`,
            createdBy: NOTIFIER_ACTOR.subject,
          },
          tx,
        );
        await repository.addVersion(
          {
            documentId: document.id,
            version: nextVersion,
            sha256: stored.sha256,
            sizeBytes: stored.size,
            contentType: 'message/rfc822',
            filename: `ricevuta-${receipt.kind}.eml`,
            storageKey: stored.key,
            uploadedBy: NOTIFIER_ACTOR.subject,
          },
          tx,
        );
        documentId = document.id;
      }
      const inserted = await receipts.insertReceipt(
        {
          receiptMessageId: receipt.receiptMessageId,
          deliveryId: delivery?.deliveryId ?? null,
          kind: receipt.kind,
          referencedMessageId: receipt.referencedMessageId,
          issuedAt: receipt.issuedAt,
          recipient: receipt.recipient,
          error: receipt.error,
          errorDetail: receipt.errorDetail,
          provider: receipt.provider,
          providerMessageId: receipt.providerMessageId,
          rawSha256,
          documentId,
        },
        tx,
      );
      if (!inserted) return { outcome: 'duplicate', receiptMessageId: receipt.receiptMessageId } as const;
      if (!delivery) {
        this.logger.warn(
          { receipt: receipt.receiptMessageId, kind: receipt.kind, reference: receipt.referencedMessageId },
          'receipt matches no delivery',
        );
        return { outcome: 'unmatched', receipt } as const;
      }
      const status = STATUS_OF[receipt.kind];
      const statusChanged = status ? await this.apply(delivery, receipt, status, tx) : false;
      this.logger.info({ deliveryId: delivery.deliveryId, kind: receipt.kind, statusChanged }, 'receipt stored');
      return {
        outcome: 'stored',
        receipt,
        deliveryId: delivery.deliveryId,
        status: status ?? delivery.status,
        statusChanged,
        documentId,
      } as const;
    });
  }

  private async apply(delivery: DeliveryWork, receipt: CertifiedReceipt, status: DeliveryStatus, tx: EntityManager) {
    const final = status === 'delivered' || status === 'failed' || status === 'bounced';
    const reason = receipt.error
      ? `${LABEL[receipt.kind]}: ${receipt.error}${receipt.errorDetail ? ` (${receipt.errorDetail})` : ''}`
      : null;
    const moved = await this.options.attempts.moveStatus(
      delivery.deliveryId,
      status,
      {
        at: receipt.issuedAt ?? undefined,
        deliveredAt: status === 'delivered' ? (receipt.issuedAt ?? new Date()) : null,
        lastError: status === 'failed' || status === 'bounced' ? (reason ?? LABEL[receipt.kind]) : null,
        signal: final && delivery.workflowId !== null,
      },
      tx,
    );
    if (!moved) return false;
    if (status === 'delivered' && delivery.caseId) {
      await this.options.timeline.append(
        {
          caseId: delivery.caseId,
          actor: { ...NOTIFIER_ACTOR },
          type: 'notification-delivered',
          payload: {
            notificationId: delivery.notificationId,
            deliveryId: delivery.deliveryId,
            templateId: delivery.templateId,
            channel: delivery.channel,
            // The legal notification time: the provider's certified time of avvenuta consegna.
            deliveredAt: (receipt.issuedAt ?? new Date()).toISOString(),
          },
        },
        tx,
      );
    }
    if (status === 'failed' || status === 'bounced')
      await raiseFailureAlert(this.options, delivery, status, reason ?? LABEL[receipt.kind], tx);
    return true;
  }
}
