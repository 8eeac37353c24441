import type { DataSource, EntityManager } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'accepted', 'delivered', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'bounced'];

export interface NewNotificationRow {
  id: string;
  idempotencyKey: string;
  caseId: string | null;
  workflowId: string | null;
  templateId: string;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  data: Record<string, unknown>;
  calendar: Record<string, unknown> | null;
  /** The producer's trace context (W3C traceparent) and request id, when it had them. */
  traceparent?: string | null;
  requestId?: string | null;
  deliveries: {
    id: string;
    address: string;
    name: string | null;
    istatCode: string | null;
    role: string | null;
    messageId: string;
  }[];
}

export interface ClaimedNotification {
  id: string;
  channel: 'email' | 'pec';
  deliveryIds: string[];
}

/** A delivery with what rendering and sending it needs. */
export interface DeliveryWork {
  deliveryId: string;
  notificationId: string;
  idempotencyKey: string;
  caseId: string | null;
  workflowId: string | null;
  templateId: string;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  data: Record<string, unknown>;
  calendar: Record<string, unknown> | null;
  createdAt: Date;
  recipient: { address: string; name: string | null; istatCode: string | null; role: string | null };
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  /** The producer's trace context and request id (null when it had none). */
  traceparent: string | null;
  requestId: string | null;
}

export type AttemptDecision =
  | { action: 'skip'; status: DeliveryStatus }
  | { action: 'busy'; startedAt: Date }
  | { action: 'send'; attempt: number; ambiguousBefore: boolean };

/** What a batched begin answers per delivery: the decision and, when it is to send, the work. */
export type AttemptStart =
  | { action: 'skip'; status: DeliveryStatus }
  | { action: 'busy'; startedAt: Date }
  | { action: 'send'; attempt: number; ambiguousBefore: boolean; work: DeliveryWork }
  | { action: 'missing' };

export type AttemptOutcome = 'accepted' | 'temporary-failure' | 'permanent-failure' | 'ambiguous';

export interface AttemptOutcomeRecord {
  deliveryId: string;
  attempt: number;
  outcome: AttemptOutcome;
  smtpCode: number | null;
  smtpResponse: string | null;
  /** The delivery's new status, or null to keep it (a temporary failure that will be retried). */
  status: DeliveryStatus | null;
  lastError?: string | null;
  /** True when the notification's workflow must hear of this status. */
  signal: boolean;
}

export interface NewReceiptRow {
  receiptMessageId: string;
  deliveryId: string | null;
  kind: string;
  referencedMessageId: string;
  issuedAt: Date | null;
  recipient: string | null;
  error: string | null;
  errorDetail: string | null;
  provider: string | null;
  providerMessageId: string | null;
  rawSha256: string;
  documentId: string | null;
}

export interface PendingSignal {
  deliveryId: string;
  notificationId: string;
  idempotencyKey: string;
  workflowId: string;
  recipient: string;
  status: DeliveryStatus;
  at: Date;
  attempts: number;
}

export interface ReceiptView {
  id: string;
  kind: string;
  issuedAt: Date | null;
  receivedAt: Date;
  recipient: string | null;
  error: string | null;
  documentId: string | null;
}

export interface DeliveryView {
  id: string;
  position: number;
  recipient: { address: string; name: string | null; istatCode: string | null; role: string | null };
  messageId: string;
  status: DeliveryStatus;
  statusAt: Date;
  attempts: number;
  lastError: string | null;
  deliveredAt: Date | null;
  receipts: ReceiptView[];
}

export interface NotificationView {
  id: string;
  idempotencyKey: string;
  caseId: string | null;
  templateId: string;
  /** What the template reads (the subject is rendered from it for lists). */
  data: Record<string, unknown>;
  locale: 'it' | 'en';
  channel: 'email' | 'pec';
  createdAt: Date;
  relayedAt: Date | null;
  deliveries: DeliveryView[];
}

/**
 * The notification tables (notifications, notification_deliveries and the attempt, receipt and
 * alert logs), one repository per concern. Each runs on the same DataSource, so a caller can
 * open one transaction and hand its EntityManager to several of them.
 */
export abstract class NotificationTablesRepository {
  constructor(protected readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
