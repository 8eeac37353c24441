// The notifier process: no HTTP port but the optional metrics one (METRICS_PORT). Outbox relay,
// BullMQ delivery workers, workflow signaller and the inbound PEC receipt listener. A plain
// bootstrap (like apps/worker) rather than a Nest application context: nothing here needs
// dependency injection, and the shutdown order (stop taking jobs → finish in-flight sends →
// close connections) is explicit.
import 'reflect-metadata';
import {
  DatabaseConfig,
  DocumentsConfig,
  LogConfig,
  MetricsConfig,
  NotifierConfig,
  RedisConfig,
  TemporalConfig,
  loadConfig,
  loadConfigs,
} from '@cmm/config';
import { createLogger, createMetricsRegistry, startMetricsServer, startTracing } from '@cmm/observability';
import { createDataSource } from '@cmm/persistence';
import { hostname } from 'node:os';
import { startNotifier } from './notifier';
import { TemporalSignalAdapter } from './temporal-signal.adapter';

async function main(): Promise<void> {
  startTracing('notifier');
  loadConfigs([LogConfig, DatabaseConfig, RedisConfig, TemporalConfig, NotifierConfig, DocumentsConfig, MetricsConfig]);
  const { LOG_LEVEL } = loadConfig(LogConfig);
  const database = loadConfig(DatabaseConfig);
  const { REDIS_URL } = loadConfig(RedisConfig);
  const temporal = loadConfig(TemporalConfig);
  const config = loadConfig(NotifierConfig);
  const documents = loadConfig(DocumentsConfig);
  const metrics = loadConfig(MetricsConfig);
  const logger = createLogger('notifier', LOG_LEVEL);

  const dataSource = await createDataSource(database.DATABASE_URL, database.DATABASE_POOL_SIZE).initialize();
  const signals = new TemporalSignalAdapter({ address: temporal.TEMPORAL_ADDRESS, namespace: temporal.TEMPORAL_NAMESPACE });
  const identity = `${process.pid}@${hostname()}`;
  const registry = metrics.METRICS_PORT > 0 ? createMetricsRegistry() : undefined;
  const notifier = await startNotifier({
    dataSource,
    redisUrl: REDIS_URL,
    config,
    documents,
    signals,
    updates: signals,
    logger,
    identity,
    metrics: registry,
  });
  const metricsServer = registry
    ? await startMetricsServer({ host: metrics.METRICS_HOST, port: metrics.METRICS_PORT, registry, logger })
    : null;
  logger.info(
    {
      identity,
      queuePrefix: config.NOTIFIER_QUEUE_PREFIX,
      pecInboundPort: notifier.pecInboundPort,
      pecImap: notifier.pecImap?.mailbox ?? null,
      smtp: new URL(config.SMTP_URL).host,
      metricsPort: metricsServer?.port ?? null,
    },
    'notifier started',
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'notifier stopping');
  await metricsServer?.close();
  await notifier.stop();
  await signals.close();
  await dataSource.destroy();
  logger.info('notifier stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
