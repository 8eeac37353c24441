import type {
  AttemptOutcomeRecord,
  AttemptStart,
  DeliveryAlertRepository,
  DeliveryAttemptRepository,
  DeliveryStatus,
  DeliveryWork,
  TimelineRepository,
} from '@cmm/persistence';
import { REQUEST_ID_ATTRIBUTE, SpanKind, contextFromTraceparent, inSpan, runWithRequestId } from '@cmm/observability';
import type { EntityManager } from 'typeorm';
import { buildIcs } from '../calendar/ics-builder';
import type { NotificationCalendar, NotificationChannel, TemplateId } from '../notification.types';
import { NOTIFIER_ACTOR, type NotifierLogger, SILENT_LOGGER } from '../notifier-logger';
import { renderTemplate } from '../templates/template-renderer';
import type { MailTransport, OutgoingMail } from '../transport/mail-transport.port';
import { type BatchAnswer, BatchCoalescer } from './batch-coalescer';
import { RetryLaterError, retryDelayMs } from './retry-backoff';

export interface DeliveryServiceOptions {
  attempts: DeliveryAttemptRepository;
  alerts: DeliveryAlertRepository;
  timeline: TimelineRepository;
  transports: Record<NotificationChannel, MailTransport>;
  /** From addresses per channel (the PEC mailbox for PEC). */
  senders: Record<NotificationChannel, string>;
  /** The provider each channel goes through (the SMTP host), named on the send spans. */
  providers?: Record<NotificationChannel, string>;
  workerIdentity: string;
  /** SMTP attempts before the delivery is failed (temporary errors only; 5xx fails at once). */
  maxAttempts: number;
  /** An attempt without outcome younger than this belongs to a live sender. */
  leaseSeconds: number;
  backoff: { baseMs: number; maxMs: number };
  /**
   * Concurrent sends' begins and accepted outcomes gathered into one transaction each, up to
   * this many (1: each on its own). The guarantees are the row-by-row ones: an outcome is
   * committed before its job completes, and only after the SMTP server accepted the message.
   */
  dbBatchSize?: number;
  logger?: NotifierLogger;
}

type SentRecord = AttemptOutcomeRecord & { status: DeliveryStatus };

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export type DeliveryOutcome =
  | { outcome: 'skipped'; status: string }
  | { outcome: 'sent'; status: 'sent' | 'accepted'; attempt: number }
  | { outcome: 'failed'; attempt: number; reason: string };

/** Builds the message of a delivery: rendered template, headers, calendar part. */
export function composeMail(work: DeliveryWork, from: string): OutgoingMail {
  const rendered = renderTemplate(work.templateId as TemplateId, work.locale, work.data, { name: work.recipient.name });
  const calendar = work.calendar as NotificationCalendar | null;
  return {
    from,
    to: { address: work.recipient.address, name: work.recipient.name },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: work.messageId,
    headers: {
      'X-CMM-Notification-Id': work.notificationId,
      'X-CMM-Idempotency-Key': work.idempotencyKey,
      'Auto-Submitted': 'auto-generated',
    },
    calendar: calendar
      ? {
          method: calendar.method,
          filename: calendar.method === 'CANCEL' ? 'annullamento.ics' : 'invito.ics',
          content: buildIcs(calendar, {
            stamp: work.createdAt,
            attendee: { address: work.recipient.address, name: work.recipient.name },
            description: rendered.text,
          }),
        }
      : undefined,
  };
}

/**
 * Sends one delivery at most once per attempt log entry: the log is consulted and written
 * before the SMTP transaction, the answer after it. A 250 ends the delivery (email:
 * accepted, final; PEC: sent, waiting for receipts); a 5xx fails it at once; a 4xx or a
 * lost connection is retried with backoff until the attempts run out.
 */
/** Said of a failed delivery one of whose attempts may have reached the server (shown to officers as it is, Italian first). */
export const MAY_HAVE_ARRIVED =
  'forse già consegnato: un tentativo ha perso la connessione prima della risposta del server ' +
  '(may have been delivered: an attempt lost its connection before the server answered)';

export class DeliveryService {
  private readonly logger: NotifierLogger;
  private readonly begins: BatchCoalescer<string, AttemptStart>;
  private readonly sentRecords: BatchCoalescer<SentRecord, boolean>;

  constructor(private readonly options: DeliveryServiceOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    // One batch in flight per kind: requests gather while it commits, so each commit flush carries
    // as many sends as arrived meanwhile (docs/performance/notifications.md: 8 in flight did worse).
    const batching = { maxBatch: Math.max(1, options.dbBatchSize ?? 1), maxInFlight: 1 };
    this.begins = new BatchCoalescer((ids) => this.beginBatch(ids), batching);
    this.sentRecords = new BatchCoalescer((records) => this.recordSentBatch(records), batching);
  }

  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const { leaseSeconds } = this.options;
    const start = await this.begins.submit(deliveryId);
    if (start.action === 'missing') throw new Error(`delivery ${deliveryId} does not exist`);
    if (start.action === 'skip') return { outcome: 'skipped', status: start.status };
    if (start.action === 'busy') {
      const wait = Math.max(1000, start.startedAt.getTime() + leaseSeconds * 1000 - Date.now());
      throw new RetryLaterError(`delivery ${deliveryId} has an attempt in flight since ${start.startedAt.toISOString()}`, wait);
    }
    const { attempt, work } = start;
    // The send span is a child of the span that wrote the notice (an activity of the request's
    // trace), hours later perhaps; it and the logs below carry the request's id.
    const send = () =>
      inSpan(
        `notification send ${work.channel}`,
        {
          kind: SpanKind.CLIENT,
          parent: contextFromTraceparent(work.traceparent),
          attributes: {
            ...(work.requestId ? { [REQUEST_ID_ATTRIBUTE]: work.requestId } : {}),
            'cmm.notification.id': work.notificationId,
            'cmm.notification.delivery_id': deliveryId,
            'cmm.notification.template': work.templateId,
            'cmm.notification.channel': work.channel,
            'cmm.notification.provider': this.options.providers?.[work.channel] ?? work.channel,
            'cmm.notification.attempt': attempt,
          },
        },
        async (span) => {
          const outcome = await this.sendAttempt(deliveryId, attempt, work, start.ambiguousBefore);
          span.setAttribute('cmm.notification.outcome', outcome.outcome);
          return outcome;
        },
      );
    return work.requestId ? runWithRequestId(work.requestId, send) : send();
  }

  private async sendAttempt(deliveryId: string, attempt: number, work: DeliveryWork, ambiguousBefore: boolean): Promise<DeliveryOutcome> {
    const { attempts } = this.options;
    if (ambiguousBefore) {
      this.logger.warn({ deliveryId, attempt }, 'previous attempt ended without outcome; resending with the same Message-ID');
    }

    let mail: OutgoingMail;
    try {
      mail = composeMail(work, this.options.senders[work.channel]);
    } catch (error) {
      const reason = `rendering failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.fail(work, attempt, null, reason);
      return { outcome: 'failed', attempt, reason };
    }

    const result = await this.options.transports[work.channel].send(mail);
    if (result.ok) {
      const status = work.channel === 'pec' ? 'sent' : 'accepted';
      await this.sentRecords.submit({
        deliveryId,
        attempt,
        outcome: 'accepted',
        smtpCode: result.smtpCode,
        smtpResponse: result.response,
        status,
        // Plain email ends here; PEC ends with the delivery receipt.
        signal: status === 'accepted' && work.workflowId !== null,
      });
      this.logger.info({ deliveryId, notificationId: work.notificationId, attempt, status }, 'notification sent');
      return { outcome: 'sent', status, attempt };
    }

    if (result.kind === 'permanent' || attempt >= this.options.maxAttempts) {
      const given = result.kind === 'permanent' ? `refused: ${result.response}` : `gave up after ${attempt} attempts: ${result.response}`;
      // Failed, but not necessarily undelivered: whoever reads the reason must not send it again blindly.
      const mayHaveArrived = result.uncertain === true || ambiguousBefore || (attempt > 1 && (await attempts.endedAmbiguously(deliveryId)));
      const reason = mayHaveArrived ? `${given}; ${MAY_HAVE_ARRIVED}` : given;
      await this.fail(work, attempt, result, reason);
      return { outcome: 'failed', attempt, reason };
    }

    await attempts.recordOutcome({
      deliveryId,
      attempt,
      // Cut before the server answered: the message may be there; the next attempt resends it with the same Message-ID.
      outcome: result.uncertain ? 'ambiguous' : 'temporary-failure',
      smtpCode: result.smtpCode,
      smtpResponse: result.response,
      status: null,
      lastError: result.response,
      signal: false,
    });
    const delay = retryDelayMs(attempt, this.options.backoff.baseMs, this.options.backoff.maxMs);
    this.logger.warn({ deliveryId, attempt, smtpCode: result.smtpCode, delayMs: delay }, 'temporary failure; will retry');
    throw new RetryLaterError(`temporary failure (attempt ${attempt}): ${result.response}`, delay);
  }

  /**
   * One statement for the batch (even of one: a round trip instead of seven); if it fails (a
   * deadlock, one bad row), each item is tried on its own, the way sends were begun before
   * batching, so that one delivery's problem is not every delivery's.
   */
  private beginBatch(ids: string[]): Promise<BatchAnswer<AttemptStart>[]> {
    const { attempts, workerIdentity, leaseSeconds } = this.options;
    return this.batchOrEach(
      'attempt begin',
      ids,
      async () => {
        const starts = await attempts.beginAttempts(ids, workerIdentity, leaseSeconds);
        return ids.map((id) => starts.get(id) ?? { action: 'missing' });
      },
      (id) => this.beginOne(id),
    );
  }

  /**
   * One statement for the batch; if it fails, each item on its own, so one bad row fails only
   * its own send and the others still get their answer.
   */
  private async batchOrEach<I, V>(
    what: string,
    items: I[],
    batch: () => Promise<V[]>,
    one: (item: I) => Promise<V>,
  ): Promise<BatchAnswer<V>[]> {
    try {
      return (await batch()).map((value) => ({ ok: true, value }));
    } catch (error) {
      this.logger.warn({ count: items.length, error: String(error) }, `batched ${what} failed; one by one`);
    }
    return Promise.all(
      items.map(async (item): Promise<BatchAnswer<V>> => {
        try {
          return { ok: true, value: await one(item) };
        } catch (error) {
          return { ok: false, error: asError(error) };
        }
      }),
    );
  }

  private async beginOne(deliveryId: string): Promise<AttemptStart> {
    const { attempts, workerIdentity, leaseSeconds } = this.options;
    const decision = await attempts.beginAttempt(deliveryId, workerIdentity, leaseSeconds);
    if (decision.action !== 'send') return decision;
    const work = await attempts.deliveryWork(deliveryId);
    if (!work) throw new Error(`delivery ${deliveryId} vanished`);
    return { ...decision, work };
  }

  private recordSentBatch(records: SentRecord[]): Promise<BatchAnswer<boolean>[]> {
    const { attempts } = this.options;
    return this.batchOrEach(
      'outcome record',
      records,
      async () => {
        const moved = await attempts.recordOutcomes(records);
        return records.map((record) => moved.has(record.deliveryId));
      },
      (record) => attempts.recordOutcome(record),
    );
  }

  /** Final failure: status, alert for the officer dashboard and a timeline event, in one transaction. */
  private async fail(
    work: DeliveryWork,
    attempt: number,
    result: { kind: string; smtpCode: number | null; response: string } | null,
    reason: string,
  ) {
    await this.options.attempts.transaction(async (tx: EntityManager) => {
      await this.options.attempts.recordOutcome(
        {
          deliveryId: work.deliveryId,
          attempt,
          outcome: result?.kind === 'temporary' ? 'temporary-failure' : 'permanent-failure',
          smtpCode: result?.smtpCode ?? null,
          smtpResponse: result?.response ?? reason,
          status: 'failed',
          lastError: reason,
          signal: work.workflowId !== null,
        },
        tx,
      );
      await raiseFailureAlert(this.options, work, 'failed', reason, tx);
    });
    this.logger.error({ deliveryId: work.deliveryId, notificationId: work.notificationId, attempt, reason }, 'notification failed');
  }
}

/**
 * The officer in charge learns of an undelivered notice from the dashboard's alert list and
 * the case timeline (there is no assigned officer in the read model to e-mail, and an alert
 * by e-mail could fail the same way).
 */
export async function raiseFailureAlert(
  deps: { alerts: DeliveryAlertRepository; timeline: TimelineRepository },
  work: DeliveryWork,
  status: 'failed' | 'bounced',
  reason: string,
  tx: EntityManager,
): Promise<void> {
  const raised = await deps.alerts.raiseAlert({ deliveryId: work.deliveryId, caseId: work.caseId, reason }, tx);
  if (raised && work.caseId) {
    await deps.timeline.append(
      {
        caseId: work.caseId,
        actor: { ...NOTIFIER_ACTOR },
        type: 'notification-failed',
        // Ids only: the municipality reads its timeline, not other recipients' addresses.
        payload: {
          notificationId: work.notificationId,
          deliveryId: work.deliveryId,
          templateId: work.templateId,
          channel: work.channel,
          status,
        },
      },
      tx,
    );
  }
}
