// The Temporal worker process: no HTTP port. It loads the prebuilt workflow bundle and the
// activities built once from their dependencies, and drains in-flight activities on SIGTERM.
import 'reflect-metadata';
import { DatabaseConfig, LogConfig, ProcedureConfig, TemporalConfig, WorkerConfig, loadConfig, loadConfigs } from '@cmm/config';
import { createLogger, requestIdActivityInterceptor, temporalLoggerFrom } from '@cmm/observability';
import { createDataSource } from '@cmm/persistence';
import { buildActivityDeps, createActivities } from '@cmm/activities';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

const DEFAULT_BUNDLE = resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');

async function main(): Promise<void> {
  loadConfigs([LogConfig, DatabaseConfig, TemporalConfig, WorkerConfig, ProcedureConfig]);
  const { LOG_LEVEL } = loadConfig(LogConfig);
  const database = loadConfig(DatabaseConfig);
  const temporal = loadConfig(TemporalConfig);
  const worker = loadConfig(WorkerConfig);
  const procedures = loadConfig(ProcedureConfig);
  const logger = createLogger('worker', LOG_LEVEL);

  Runtime.install({
    logger: LOG_LEVEL === 'silent' ? new DefaultLogger('ERROR', () => undefined) : temporalLoggerFrom(logger),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });

  const dataSource = await createDataSource(database.DATABASE_URL, database.DATABASE_POOL_SIZE).initialize();
  const identity = `${process.pid}@${hostname()}`;
  const connection = await NativeConnection.connect({ address: temporal.TEMPORAL_ADDRESS });
  try {
    const temporalWorker = await Worker.create({
      connection,
      namespace: temporal.TEMPORAL_NAMESPACE,
      taskQueue: temporal.TEMPORAL_TASK_QUEUE,
      identity,
      workflowBundle: { codePath: worker.WORKFLOW_BUNDLE_PATH ?? DEFAULT_BUNDLE },
      activities: createActivities(
        buildActivityDeps({ dataSource, workerIdentity: identity, officersMailbox: procedures.OFFICERS_MAILBOX, publicUrl: procedures.PUBLIC_URL, answerLinkSecret: procedures.ANSWER_LINK_SECRET }),
      ),
      interceptors: { activity: [requestIdActivityInterceptor] },
      maxConcurrentActivityTaskExecutions: worker.WORKER_MAX_CONCURRENT_ACTIVITIES,
      shutdownGraceTime: '30 seconds',
    });
    logger.info({ taskQueue: temporal.TEMPORAL_TASK_QUEUE, identity }, 'worker started');
    // run() resolves after a shutdown signal, once in-flight tasks are done or the grace time is over.
    await temporalWorker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
