import { currentRequestId, currentTraceparent } from '@cmm/observability';
import { NotificationOutboxRepository } from '@cmm/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { messageIdFor } from './message-id';
import { LOCALES, type NotificationRequest, TEMPLATE_IDS } from './notification.types';

export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';
  constructor(readonly problems: string[]) {
    super(`invalid notification: ${problems.join('; ')}`);
  }
}

// One address, no display name and no line breaks (header injection): the name goes apart.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_LINE_BREAK = /^[^\r\n]*$/;

export function validateNotificationRequest(request: NotificationRequest): string[] {
  const problems: string[] = [];
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey.length === 0 || request.idempotencyKey.length > 500) {
    problems.push('idempotencyKey: 1 to 500 characters');
  }
  if (request.caseId !== null && !CASE_ID.test(String(request.caseId))) problems.push('caseId: a UUID or null');
  if (!(TEMPLATE_IDS as readonly string[]).includes(request.templateId)) problems.push(`templateId: unknown ${request.templateId}`);
  if (request.locale !== undefined && !(LOCALES as readonly string[]).includes(request.locale)) problems.push('locale: it or en');
  if (request.channel !== 'email' && request.channel !== 'pec') problems.push('channel: email or pec');
  if (!Array.isArray(request.recipients) || request.recipients.length === 0) problems.push('recipients: at least one');
  for (const [index, recipient] of (request.recipients ?? []).entries()) {
    if (!ADDRESS.test(recipient.address ?? '')) problems.push(`recipients[${index}].address: one e-mail address`);
    if (recipient.name !== undefined && !NO_LINE_BREAK.test(recipient.name)) problems.push(`recipients[${index}].name: one line`);
  }
  if (request.calendar) {
    const { start, end, uid, sequence, method } = request.calendar;
    if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end)) || Date.parse(end) < Date.parse(start)) {
      problems.push('calendar: start and end ISO instants, end not before start');
    }
    if (!uid || !NO_LINE_BREAK.test(uid)) problems.push('calendar.uid: required, one line');
    if (!Number.isInteger(sequence) || sequence < 0) problems.push('calendar.sequence: integer ≥ 0');
    if (method !== 'REQUEST' && method !== 'CANCEL') problems.push('calendar.method: REQUEST or CANCEL');
  }
  return problems;
}

/**
 * The producers' side of the transactional outbox: the notification is durable in
 * PostgreSQL, committed with the change that caused it, before anything reaches Redis. The
 * notifier's relay moves it to the queue; nothing here talks to Redis or SMTP.
 */
export class NotificationOutbox {
  private readonly notifications: NotificationOutboxRepository;

  constructor(dataSource: DataSource) {
    this.notifications = new NotificationOutboxRepository(dataSource);
  }

  /** Writes the notification (and its per-recipient deliveries) in the caller's transaction. */
  async enqueue(request: NotificationRequest, manager?: EntityManager): Promise<{ id: string; created: boolean }> {
    const problems = validateNotificationRequest(request);
    if (problems.length > 0) throw new InvalidNotificationError(problems);
    const deliveries = request.recipients.map((recipient) => {
      const id = randomUUID();
      return {
        id,
        address: recipient.address,
        name: recipient.name ?? null,
        istatCode: recipient.istatCode ?? null,
        role: recipient.role ?? null,
        messageId: messageIdFor(id),
      };
    });
    return this.notifications.insert(
      {
        id: randomUUID(),
        idempotencyKey: request.idempotencyKey,
        caseId: request.caseId,
        workflowId: request.workflowId ?? null,
        templateId: request.templateId,
        locale: request.locale ?? 'it',
        channel: request.channel,
        data: request.data ?? {},
        calendar: request.calendar ? { ...request.calendar } : null,
        // The notifier's send span joins the producer's trace (null when tracing is off).
        traceparent: currentTraceparent(),
        requestId: currentRequestId() ?? null,
        deliveries,
      },
      manager,
    );
  }
}
