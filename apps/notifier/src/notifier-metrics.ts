import { PROCEDURE_TYPES } from '@cmm/domain';
import type { MailTransport, NotificationChannel, SendResult } from '@cmm/notifications';
import { cachedRead } from '@cmm/observability';
import type { OperationalSnapshot } from '@cmm/persistence';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** BullMQ states reported as queue depth; completed jobs are removed at once, so not among them. */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'paused', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

const SEND_FAILURE_KINDS = ['temporary', 'permanent', 'error'] as const;

/** Scrape-time reads are kept this long: scrapes every few seconds cost one query each interval. */
export const SCRAPE_CACHE_MS = 5_000;

export interface NotifierMetricsSources {
  /** PostgreSQL: outbox, open alerts, overdue terms. */
  snapshot(): Promise<OperationalSnapshot>;
  /** Redis: job counts of each delivery queue, by queue name. */
  queueDepth(): Promise<Record<string, Partial<Record<QueueState, number>>>>;
}

/**
 * Send latency and failures per provider, measured around the transport: the time a provider
 * took to accept or refuse (an SMTP transaction on a pooled connection), whatever the attempt
 * log does after it. `transport` names the adapter behind the port (SMTP through nodemailer today).
 */
export function measuredTransport(
  provider: NotificationChannel,
  transport: MailTransport,
  metrics: NotifierSendMetrics,
  transportName = 'smtp',
): MailTransport {
  return {
    async send(mail) {
      const stop = metrics.duration.startTimer({ provider, transport: transportName });
      let result: SendResult;
      try {
        result = await transport.send(mail);
      } catch (error) {
        stop({ outcome: 'error' });
        metrics.failures.inc({ provider, transport: transportName, kind: 'error' });
        throw error;
      }
      stop({ outcome: result.ok ? 'accepted' : result.kind });
      if (!result.ok) metrics.failures.inc({ provider, transport: transportName, kind: result.kind });
      return result;
    },
    close: () => transport.close(),
  };
}

export interface NotifierSendMetrics {
  duration: Histogram<'provider' | 'transport' | 'outcome'>;
  failures: Counter<'provider' | 'transport' | 'kind'>;
}

/**
 * The notifier's series (docs/operations.md, Metrics). Counters start at 0 for every provider,
 * and gauges for every procedure, so a dashboard and an alert see a series before the first event.
 */
export function registerNotifierMetrics(
  registry: Registry,
  sources: NotifierMetricsSources,
  queueNames: readonly string[],
): NotifierSendMetrics {
  const providers: NotificationChannel[] = ['email', 'pec'];
  const duration = new Histogram({
    name: 'cmm_notifier_send_duration_seconds',
    help: 'Time a provider took to accept or refuse one message, by provider, transport and outcome.',
    labelNames: ['provider', 'transport', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'cmm_notifier_send_failures_total',
    help: 'Sends refused or cut short, by provider, transport and kind (temporary: retried; permanent: 5xx, not retried; error: the transport threw).',
    labelNames: ['provider', 'transport', 'kind'] as const,
    registers: [registry],
  });
  for (const provider of providers) {
    duration.zero({ provider, transport: 'smtp', outcome: 'accepted' });
    for (const kind of SEND_FAILURE_KINDS) failures.inc({ provider, transport: 'smtp', kind }, 0);
  }

  const snapshot = cachedRead(sources.snapshot, SCRAPE_CACHE_MS);
  const queueDepth = cachedRead(sources.queueDepth, SCRAPE_CACHE_MS);
  const succeeded = (read: () => Promise<unknown>) =>
    read().then(
      () => 1,
      () => 0,
    );
  // Its own read of the (shared, cached) sources: prom-client collects the metrics concurrently.
  new Gauge({
    name: 'cmm_notifier_metrics_source_up',
    help: 'Whether the scrape-time read of a source (postgres, redis) succeeded; 0 leaves its series out.',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      this.set({ source: 'postgres' }, await succeeded(snapshot));
      this.set({ source: 'redis' }, await succeeded(queueDepth));
    },
  });
  // Gauges read at collect time; a failed read drops its series (not stale values), and `up` says so.
  const fromSnapshot = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, value: OperationalSnapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const value = await snapshot().catch(() => null);
        if (value) fill(this, value);
      },
    });
  fromSnapshot(
    'cmm_notifier_outbox_lag_seconds',
    'Age of the oldest notice not yet through a stage: relay (written, not queued) or delivery (queued, not accepted nor failed).',
    ['stage'],
    (gauge, value) => {
      gauge.set({ stage: 'relay' }, value.unrelayedOldestSeconds);
      gauge.set({ stage: 'delivery' }, value.openDeliveriesOldestSeconds);
    },
  );
  fromSnapshot(
    'cmm_notifier_outbox_pending',
    'Notices waiting at a stage: relay (notices) or delivery (recipients).',
    ['stage'],
    (gauge, value) => {
      gauge.set({ stage: 'relay' }, value.unrelayedNotices);
      gauge.set({ stage: 'delivery' }, value.openDeliveries);
    },
  );
  fromSnapshot(
    'cmm_notices_failed_unacknowledged',
    'Failed or bounced notices whose alert no officer has acknowledged (the Avvisi page).',
    [],
    (gauge, value) => gauge.set(value.unacknowledgedFailedNotices),
  );
  const overdue = (value: OperationalSnapshot, pick: (row: OperationalSnapshot['overdueTerms'][number]) => number) =>
    new Map(
      PROCEDURE_TYPES.map((procedure): [string, number] => [procedure, 0]).concat(
        value.overdueTerms.map((row) => [row.procedure, pick(row)]),
      ),
    );
  fromSnapshot(
    'cmm_deadlines_overdue',
    'Legal terms still running after their due instant on open cases (nobody acted), by procedure.',
    ['procedure'],
    (gauge, value) => overdue(value, (row) => row.count).forEach((count, procedure) => gauge.set({ procedure }, count)),
  );
  fromSnapshot(
    'cmm_deadlines_overdue_oldest_seconds',
    'How long past due the oldest overdue term of each procedure is (0: none overdue).',
    ['procedure'],
    (gauge, value) => overdue(value, (row) => row.oldestSeconds).forEach((seconds, procedure) => gauge.set({ procedure }, seconds)),
  );

  new Gauge({
    name: 'cmm_notifier_queue_jobs',
    help: 'Jobs in each BullMQ delivery queue, by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const depth = await queueDepth().catch(() => null);
      if (!depth) return;
      for (const queue of queueNames) for (const state of QUEUE_STATES) this.set({ queue, state }, depth[queue]?.[state] ?? 0);
    },
  });
  return { duration, failures };
}
