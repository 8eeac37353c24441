import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One notice as a producer asked for it (the transactional outbox row). */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'idempotency_key', type: 'text', unique: true }) idempotencyKey!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'workflow_id', type: 'text', nullable: true }) workflowId!: string | null;
  @Column({ name: 'template_id', type: 'text' }) templateId!: string;
  @Column({ type: 'text' }) locale!: string;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ type: 'jsonb', nullable: true }) calendar!: Record<string, unknown> | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true }) relayedAt!: Date | null;
  @Column({ name: 'relay_claimed_until', type: 'timestamptz', nullable: true }) relayClaimedUntil!: Date | null;
  @Column({ name: 'relay_attempts', type: 'integer' }) relayAttempts!: number;
  /** W3C traceparent of the span that wrote the row: the notifier's send span is its child. */
  @Column({ type: 'text', nullable: true }) traceparent!: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
}

/** One recipient of a notification, tracked on its own (its own job, status and receipts). */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'notification_id', type: 'uuid' }) notificationId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ name: 'recipient_address', type: 'text' }) recipientAddress!: string;
  @Column({ name: 'recipient_name', type: 'text', nullable: true }) recipientName!: string | null;
  @Column({ name: 'recipient_istat_code', type: 'text', nullable: true }) recipientIstatCode!: string | null;
  @Column({ name: 'recipient_role', type: 'text', nullable: true }) recipientRole!: string | null;
  @Column({ name: 'message_id', type: 'text', unique: true }) messageId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'status_at', type: 'timestamptz' }) statusAt!: Date;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'signal_state', type: 'text' }) signalState!: string;
  @Column({ name: 'signal_attempts', type: 'integer' }) signalAttempts!: number;
  @Column({ name: 'signal_next_at', type: 'timestamptz', nullable: true }) signalNextAt!: Date | null;
}

/** A send attempt, written before the SMTP transaction starts (append-only). */
@Entity({ name: 'notification_attempts' })
export class NotificationAttemptEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' }) deliveryId!: string;
  @PrimaryColumn({ type: 'integer' }) attempt!: number;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ type: 'text' }) worker!: string;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
}

/** What the SMTP server answered to an attempt (append-only). */
@Entity({ name: 'notification_attempt_outcomes' })
export class NotificationAttemptOutcomeEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' }) deliveryId!: string;
  @PrimaryColumn({ type: 'integer' }) attempt!: number;
  @Column({ name: 'finished_at', type: 'timestamptz' }) finishedAt!: Date;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ name: 'smtp_code', type: 'integer', nullable: true }) smtpCode!: number | null;
  @Column({ name: 'smtp_response', type: 'text', nullable: true }) smtpResponse!: string | null;
}

/** A certified-mail receipt (PEC ricevuta), matched to its delivery by Message-ID when possible. */
@Entity({ name: 'notification_receipts' })
export class NotificationReceiptEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'receipt_message_id', type: 'text', unique: true }) receiptMessageId!: string;
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true }) deliveryId!: string | null;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'referenced_message_id', type: 'text' }) referencedMessageId!: string;
  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true }) issuedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) recipient!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'error_detail', type: 'text', nullable: true }) errorDetail!: string | null;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ name: 'provider_message_id', type: 'text', nullable: true }) providerMessageId!: string | null;
  @Column({ name: 'raw_sha256', type: 'char', length: 64 }) rawSha256!: string;
  @Column({ name: 'document_id', type: 'uuid', nullable: true }) documentId!: string | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}

/** A notice that could not be delivered, for the officer dashboard. */
@Entity({ name: 'notification_alerts' })
export class NotificationAlertEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'delivery_id', type: 'uuid', unique: true }) deliveryId!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'acknowledged_by', type: 'text', nullable: true }) acknowledgedBy!: string | null;
}
