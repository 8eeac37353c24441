import type { DocumentsConfig, NotifierConfig } from '@cmm/config';
import { type DocumentStorage, FsDocumentStorage, S3DocumentStorage } from '@cmm/documents';
import {
  DELIVERY_QUEUES,
  type DeliveryJobData,
  DeliveryService,
  DeliverySignaller,
  InboundPecService,
  type MailTransport,
  NOTIFICATIONS_QUEUE,
  type NotificationChannel,
  NodemailerMailTransport,
  NotificationQueueProducer,
  type NotifierLogger,
  OutboxRelay,
  PecReceiptParser,
  PecWorkflowRelay,
  ReceiptIngestService,
  RetryLaterError,
  type WorkflowSignalPort,
  type WorkflowUpdatePort,
  retryDelayMs,
} from '@cmm/notifications';
import {
  DocumentRepository,
  MunicipalityRepository,
  OperationalMetricsQuery,
  PecMailboxRepository,
  RegistryRepository,
  TimelineRepository,
  notificationRepositories,
} from '@cmm/persistence';
import { type Job, Queue, Worker } from 'bullmq';
import type { Registry } from 'prom-client';
import Redis from 'ioredis';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { PecImapIngester } from './pec-imap.ingester';
import { PecInboundListener } from './pec-inbound.listener';
import { QUEUE_STATES, measuredTransport, registerNotifierMetrics } from './notifier-metrics';

export interface NotifierDeps {
  dataSource: DataSource;
  redisUrl: string;
  config: NotifierConfig;
  documents?: DocumentsConfig;
  signals: WorkflowSignalPort;
  /** Executes the workflow Updates filed PEC messages cause; without it they wait in pec_workflow_updates. */
  updates?: WorkflowUpdatePort;
  logger: NotifierLogger;
  identity: string;
  /** Tests and the benchmark pass their own transports (e.g. one shared with a baseline). */
  transports?: Record<NotificationChannel, MailTransport>;
  /** Where the notifier's series go (served by main.ts on METRICS_PORT); none: not measured. */
  metrics?: Registry;
}

export interface RunningNotifier {
  pecInboundPort: number | null;
  /** The PEC mailbox ingester when PEC_IMAP_URL is set. */
  pecImap: PecImapIngester | null;
  stop(): Promise<void>;
}

const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
};

export function documentStorageFrom(config: DocumentsConfig): DocumentStorage {
  return config.DOCUMENTS_STORAGE === 's3'
    ? new S3DocumentStorage({
        bucket: config.DOCUMENTS_S3_BUCKET as string,
        region: config.DOCUMENTS_S3_REGION,
        endpoint: config.DOCUMENTS_S3_ENDPOINT,
      })
    : new FsDocumentStorage(isAbsolute(config.DOCUMENTS_DIR) ? config.DOCUMENTS_DIR : resolve(repositoryRoot(), config.DOCUMENTS_DIR));
}

/**
 * BullMQ's limiter counts fixed windows, so `perMinute` per 60 s would allow up to twice that
 * across a window boundary. Smaller windows, sized so that any 60 s holds at most
 * `perMinute` (m × (⌊60000/d⌋ + 1) ≤ perMinute), keep the provider's limit in every minute.
 */
export function slidingMinuteLimiter(perMinute: number): { max: number; duration: number } {
  const max = Math.max(1, Math.floor(perMinute / 60));
  const duration = perMinute > max ? Math.ceil((60_000 * max) / (perMinute - max)) : 60_001;
  return { max, duration };
}

/** A loop that runs `step` until stopped; waits `idleMs` after an empty round, longer after errors. */
function loop(name: string, step: () => Promise<number>, idleMs: number, logger: NotifierLogger) {
  let stopping = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((done) => {
      const timer = setTimeout(done, ms);
      wake = () => {
        clearTimeout(timer);
        done();
      };
    });
  const running = (async () => {
    let failures = 0;
    while (!stopping) {
      try {
        const done = await step();
        failures = 0;
        if (done === 0) await sleep(idleMs);
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0)
          logger.warn({ loop: name, failures, error: String(error) }, 'notifier loop failed; retrying');
        await sleep(Math.min(5_000, idleMs * 2 ** Math.min(failures, 6)));
      }
    }
  })();
  return async () => {
    stopping = true;
    wake?.();
    await running;
  };
}

/**
 * The notifier: outbox relay, BullMQ workers (one queue per provider, each with its rate
 * limit), workflow signaller and, when configured, the inbound PEC receipt listener.
 */
export async function startNotifier(deps: NotifierDeps): Promise<RunningNotifier> {
  const { config, logger } = deps;
  const notifications = notificationRepositories(deps.dataSource);
  const timeline = new TimelineRepository(deps.dataSource);
  const ownTransports = !deps.transports;
  const transports: Record<NotificationChannel, MailTransport> =
    deps.transports ??
    (() => {
      const socketTimeoutMs = Math.min(60_000, (config.NOTIFIER_SEND_LEASE_SECONDS * 1000) / 2);
      const email = new NodemailerMailTransport({ url: config.SMTP_URL, poolSize: config.NOTIFIER_SMTP_POOL_SIZE, socketTimeoutMs });
      const pec = config.PEC_SMTP_URL
        ? new NodemailerMailTransport({ url: config.PEC_SMTP_URL, poolSize: config.NOTIFIER_SMTP_POOL_SIZE, socketTimeoutMs })
        : email;
      return { email, pec };
    })();

  // Producers fail fast while Redis is away (rows wait in the outbox); workers wait for it.
  const producerConnection = new Redis(deps.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  producerConnection.on('error', () => undefined);
  // Queue depth is read on the fail-fast connection too: a scrape during an outage answers at once.
  const depthQueues = deps.metrics
    ? (['email', 'pec'] as const).map(
        (channel) => new Queue(DELIVERY_QUEUES[channel], { connection: producerConnection, prefix: config.NOTIFIER_QUEUE_PREFIX }),
      )
    : [];
  const operational = new OperationalMetricsQuery(deps.dataSource);
  const sendMetrics = deps.metrics
    ? registerNotifierMetrics(
        deps.metrics,
        {
          snapshot: () => operational.read(),
          queueDepth: async () =>
            Object.fromEntries(
              await Promise.all(depthQueues.map(async (queue) => [queue.name, await queue.getJobCounts(...QUEUE_STATES)])),
            ),
        },
        depthQueues.map((queue) => queue.name),
      )
    : null;
  const sending: Record<NotificationChannel, MailTransport> = sendMetrics
    ? { email: measuredTransport('email', transports.email, sendMetrics), pec: measuredTransport('pec', transports.pec, sendMetrics) }
    : transports;

  const delivery = new DeliveryService({
    attempts: notifications.attempts,
    alerts: notifications.alerts,
    timeline,
    transports: sending,
    senders: { email: config.NOTIFIER_EMAIL_FROM, pec: config.NOTIFIER_PEC_FROM },
    // Named on the send spans: the SMTP server (host:port) each channel goes through.
    providers: { email: smtpHost(config.SMTP_URL), pec: smtpHost(config.PEC_SMTP_URL ?? config.SMTP_URL) },
    workerIdentity: deps.identity,
    maxAttempts: config.NOTIFIER_RETRY_ATTEMPTS,
    leaseSeconds: config.NOTIFIER_SEND_LEASE_SECONDS,
    backoff: { baseMs: config.NOTIFIER_RETRY_BASE_MS, maxMs: config.NOTIFIER_RETRY_MAX_MS },
    dbBatchSize: config.NOTIFIER_DB_BATCH_SIZE,
    logger,
  });

  const producer = new NotificationQueueProducer(producerConnection, config.NOTIFIER_QUEUE_PREFIX);
  const relay = new OutboxRelay(notifications.relay, producer, { batchSize: 200, leaseSeconds: 60, logger });
  const signaller = new DeliverySignaller(notifications.signals, deps.signals, {
    batchSize: 50,
    leaseSeconds: 60,
    maxAttempts: 20,
    backoff: { baseMs: 2_000, maxMs: 300_000 },
    logger,
  });

  const connections: Redis[] = [producerConnection];
  const workerConnection = () => {
    const connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    connections.push(connection);
    return connection;
  };
  const backoffStrategy = (attemptsMade: number, _type?: string, error?: Error) =>
    error instanceof RetryLaterError
      ? error.delayMs
      : retryDelayMs(attemptsMade, config.NOTIFIER_RETRY_BASE_MS, config.NOTIFIER_RETRY_MAX_MS);

  const workers: Worker[] = [];
  for (const channel of ['email', 'pec'] as const) {
    const perMinute = channel === 'email' ? config.NOTIFIER_EMAIL_RATE_PER_MINUTE : config.NOTIFIER_PEC_RATE_PER_MINUTE;
    const worker = new Worker<DeliveryJobData>(
      DELIVERY_QUEUES[channel],
      async (job: Job<DeliveryJobData>) => (await delivery.deliver(job.data.deliveryId)).outcome,
      {
        connection: workerConnection(),
        prefix: config.NOTIFIER_QUEUE_PREFIX,
        concurrency: config.NOTIFIER_CONCURRENCY,
        limiter: perMinute > 0 ? slidingMinuteLimiter(perMinute) : undefined,
        settings: { backoffStrategy },
      },
    );
    worker.on('failed', (job, error) => {
      if (!(error instanceof RetryLaterError))
        logger.warn({ deliveryId: job?.data.deliveryId, error: error.message }, 'delivery job failed; will retry');
    });
    worker.on('error', (error) => logger.debug({ error: String(error) }, 'delivery worker error'));
    workers.push(worker);
  }
  // Parent jobs are no longer added (one job per recipient); this worker completes those that
  // versions before issue 19 left in Redis, so their queue drains after an upgrade.
  const parents = new Worker(NOTIFICATIONS_QUEUE, async (job: Job<{ notificationId: string }>) => job.data.notificationId, {
    connection: workerConnection(),
    prefix: config.NOTIFIER_QUEUE_PREFIX,
    concurrency: 20,
  });
  parents.on('error', (error) => logger.debug({ error: String(error) }, 'notification worker error'));
  workers.push(parents);

  const stops = [
    loop('relay', () => relay.relayOnce(), config.NOTIFIER_RELAY_INTERVAL_MS, logger),
    loop(
      'sweep',
      () => relay.sweepOnce(config.NOTIFIER_SWEEP_STALE_SECONDS).then(() => 0),
      Math.min(60_000, config.NOTIFIER_SWEEP_STALE_SECONDS * 500),
      logger,
    ),
    loop('signals', () => signaller.signalOnce(), 1_000, logger),
  ];

  const documents = deps.documents
    ? { repository: new DocumentRepository(deps.dataSource), storage: documentStorageFrom(deps.documents) }
    : undefined;
  const ingest = new ReceiptIngestService({
    receipts: notifications.receipts,
    attempts: notifications.attempts,
    alerts: notifications.alerts,
    timeline,
    parser: new PecReceiptParser(),
    documents,
    logger,
  });

  let inbound: PecInboundListener | null = null;
  let pecInboundPort: number | null = null;
  if (config.PEC_INBOUND_PORT > 0) {
    inbound = new PecInboundListener({
      host: config.PEC_INBOUND_HOST,
      port: config.PEC_INBOUND_PORT,
      maxBytes: config.PEC_INBOUND_MAX_BYTES,
      ingest,
      logger,
    });
    pecInboundPort = await inbound.start();
  }

  const mailbox = new PecMailboxRepository(deps.dataSource);
  let pecImap: PecImapIngester | null = null;
  if (config.PEC_IMAP_URL) {
    // Certified messages become documents and registrations: without a document store there is nowhere to keep them.
    if (!documents) throw new Error('PEC_IMAP_URL needs the document storage configuration (DOCUMENTS_*)');
    pecImap = new PecImapIngester({
      url: config.PEC_IMAP_URL,
      password: config.PEC_IMAP_PASSWORD ?? readFileSync(config.PEC_IMAP_PASSWORD_FILE as string, 'utf8').trim(),
      folders: config.PEC_IMAP_FOLDERS.split(',').map((folder) => folder.trim()),
      processedFolder: config.PEC_IMAP_PROCESSED_FOLDER ?? null,
      quarantineFolder: config.PEC_IMAP_QUARANTINE_FOLDER,
      pollSeconds: config.PEC_IMAP_POLL_SECONDS,
      tlsCa: config.PEC_IMAP_TLS_CA_FILE ? readFileSync(config.PEC_IMAP_TLS_CA_FILE) : undefined,
      inbound: new InboundPecService({
        mailbox,
        receipts: ingest,
        receiptParser: new PecReceiptParser(),
        registry: new RegistryRepository(deps.dataSource),
        municipalities: new MunicipalityRepository(deps.dataSource),
        timeline,
        documents,
        logger,
      }),
      cursors: mailbox,
      logger,
    });
    pecImap.start();
  }
  if (deps.updates) {
    const updates = new PecWorkflowRelay(mailbox, deps.updates, {
      batchSize: 20,
      leaseSeconds: 60,
      maxAttempts: 20,
      backoff: { baseMs: 2_000, maxMs: 300_000 },
      logger,
    });
    stops.push(loop('pec-updates', () => updates.relayOnce(), 1_000, logger));
  }

  return {
    pecInboundPort,
    pecImap,
    async stop() {
      await inbound?.stop();
      await pecImap?.stop();
      await Promise.all(stops.map((stop) => stop()));
      // close() lets in-flight sends finish and record their outcome.
      await Promise.all(workers.map((worker) => worker.close()));
      await producer.close();
      await Promise.all(depthQueues.map((queue) => queue.close()));
      // Connections handed to BullMQ stay open after close(): they are ours to end.
      for (const connection of connections) connection.disconnect();
      if (ownTransports) {
        transports.email.close();
        if (transports.pec !== transports.email) transports.pec.close();
      }
    },
  };
}

/** host:port of an SMTP URL, never its credentials. */
function smtpHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
}
