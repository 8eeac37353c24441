// The notifier process: no HTTP port. Outbox relay, BullMQ delivery workers, workflow
// signaller and the inbound PEC receipt listener. A plain bootstrap (like apps/worker)
// rather than a Nest application context: nothing here needs dependency injection, and the
// shutdown order (stop taking jobs → finish in-flight sends → close connections) is explicit.
import 'reflect-metadata';
import {
  DatabaseConfig,
  DocumentsConfig,
  LogConfig,
  NotifierConfig,
  RedisConfig,
  TemporalConfig,
  loadConfig,
  loadConfigs,
} from '@cmm/config';
import { createLogger, startTracing } from '@cmm/observability';
import { createDataSource } from '@cmm/persistence';
import { hostname } from 'node:os';
import { startNotifier } from './notifier';
import { TemporalSignalAdapter } from './temporal-signal.adapter';

async function main(): Promise<void> {
  startTracing('notifier');
  loadConfigs([LogConfig, DatabaseConfig, RedisConfig, TemporalConfig, NotifierConfig, DocumentsConfig]);
  const { LOG_LEVEL } = loadConfig(LogConfig);
  const database = loadConfig(DatabaseConfig);
  const { REDIS_URL } = loadConfig(RedisConfig);
  const temporal = loadConfig(TemporalConfig);
  const config = loadConfig(NotifierConfig);
  const documents = loadConfig(DocumentsConfig);
  const logger = createLogger('notifier', LOG_LEVEL);

  const dataSource = await createDataSource(database.DATABASE_URL, database.DATABASE_POOL_SIZE).initialize();
  const signals = new TemporalSignalAdapter({ address: temporal.TEMPORAL_ADDRESS, namespace: temporal.TEMPORAL_NAMESPACE });
  const identity = `${process.pid}@${hostname()}`;
  const notifier = await startNotifier({ dataSource, redisUrl: REDIS_URL, config, documents, signals, updates: signals, logger, identity });
  logger.info(
    {
      identity,
      queuePrefix: config.NOTIFIER_QUEUE_PREFIX,
      pecInboundPort: notifier.pecInboundPort,
      pecImap: notifier.pecImap?.mailbox ?? null,
      smtp: new URL(config.SMTP_URL).host,
    },
    'notifier started',
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'notifier stopping');
  await notifier.stop();
  await signals.close();
  await dataSource.destroy();
  logger.info('notifier stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
