// The Temporal worker process: no HTTP port. It loads the prebuilt workflow bundle and the
// activities built once from their dependencies, and drains in-flight activities on SIGTERM.
import 'reflect-metadata';
import { DatabaseConfig, DocumentsConfig, LogConfig, ProcedureConfig, TemporalConfig, WorkerConfig, loadConfig, loadConfigs } from '@cmm/config';
import { type DocumentStorage, FsDocumentStorage, S3DocumentStorage } from '@cmm/documents';
import { createLogger, requestIdActivityInterceptor, temporalLoggerFrom } from '@cmm/observability';
import { createDataSource } from '@cmm/persistence';
import { buildActivityDeps, createActivities } from '@cmm/activities';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

const DEFAULT_BUNDLE = resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');
// dist/apps/worker/src → the repository root, where a relative DOCUMENTS_DIR is taken from (as the API does).
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The store the API writes documents to: activities read signatures from it. */
function documentStorageFrom(config: DocumentsConfig): DocumentStorage {
  return config.DOCUMENTS_STORAGE === 's3'
    ? new S3DocumentStorage({ bucket: config.DOCUMENTS_S3_BUCKET as string, region: config.DOCUMENTS_S3_REGION, endpoint: config.DOCUMENTS_S3_ENDPOINT })
    : new FsDocumentStorage(isAbsolute(config.DOCUMENTS_DIR) ? config.DOCUMENTS_DIR : resolve(REPOSITORY_ROOT, config.DOCUMENTS_DIR));
}

async function main(): Promise<void> {
  loadConfigs([LogConfig, DatabaseConfig, TemporalConfig, WorkerConfig, ProcedureConfig, DocumentsConfig]);
  const { LOG_LEVEL } = loadConfig(LogConfig);
  const database = loadConfig(DatabaseConfig);
  const temporal = loadConfig(TemporalConfig);
  const worker = loadConfig(WorkerConfig);
  const procedures = loadConfig(ProcedureConfig);
  const documentStorage = documentStorageFrom(loadConfig(DocumentsConfig));
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
        buildActivityDeps({
          dataSource,
          workerIdentity: identity,
          officersMailbox: procedures.OFFICERS_MAILBOX,
          publicUrl: procedures.PUBLIC_URL,
          documentStorage,
          answerLinkSecret: procedures.ANSWER_LINK_SECRET,
        }),
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
