// The Temporal worker process: no HTTP port but the optional metrics one (METRICS_PORT). It loads
// the prebuilt workflow bundle and the activities built once from their dependencies, and drains
// in-flight activities on SIGTERM.
import 'reflect-metadata';
import {
  AnnualCallConfig,
  DatabaseConfig,
  DocumentsConfig,
  LogConfig,
  MetricsConfig,
  ProcedureConfig,
  SignaturesConfig,
  TemporalConfig,
  WorkerConfig,
  loadConfig,
  loadConfigs,
} from '@cmm/config';
import { type DocumentStorage, FsDocumentStorage, S3DocumentStorage, startSignatureRuntime } from '@cmm/documents';
import {
  type RunningMetricsServer,
  createLogger,
  createMetricsRegistry,
  registerCaseSearchAttributes,
  requestIdActivityInterceptor,
  startMetricsServer,
  startTracing,
  temporalLoggerFrom,
  temporalSdkMetrics,
  tracingActivityInterceptors,
  tracingWorkflowSinks,
} from '@cmm/observability';
import { createDataSource } from '@cmm/persistence';
import { buildActivityDeps, createActivities } from '@cmm/activities';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ensureAnnualCallSchedule } from './annual-call-schedule';

const DEFAULT_BUNDLE = resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The store the API writes documents to: activities read signatures from it and write the acts they generate. */
function documentStorage(config: DocumentsConfig): DocumentStorage {
  if (config.DOCUMENTS_STORAGE === 's3') {
    return new S3DocumentStorage({
      bucket: config.DOCUMENTS_S3_BUCKET as string,
      region: config.DOCUMENTS_S3_REGION,
      endpoint: config.DOCUMENTS_S3_ENDPOINT,
    });
  }
  return new FsDocumentStorage(isAbsolute(config.DOCUMENTS_DIR) ? config.DOCUMENTS_DIR : resolve(REPOSITORY_ROOT, config.DOCUMENTS_DIR));
}

async function main(): Promise<void> {
  startTracing('worker');
  loadConfigs([
    LogConfig,
    DatabaseConfig,
    TemporalConfig,
    WorkerConfig,
    ProcedureConfig,
    DocumentsConfig,
    AnnualCallConfig,
    SignaturesConfig,
    MetricsConfig,
  ]);
  const { LOG_LEVEL } = loadConfig(LogConfig);
  const database = loadConfig(DatabaseConfig);
  const temporal = loadConfig(TemporalConfig);
  const worker = loadConfig(WorkerConfig);
  const procedures = loadConfig(ProcedureConfig);
  const documents = loadConfig(DocumentsConfig);
  const annualCall = loadConfig(AnnualCallConfig);
  const metrics = loadConfig(MetricsConfig);
  const logger = createLogger('worker', LOG_LEVEL);
  const signatureConfig = loadConfig(SignaturesConfig);
  const signatures = await startSignatureRuntime({
    trustListPath: signatureConfig.SIGNATURE_TRUST_LIST,
    trustListUrl: signatureConfig.SIGNATURE_TRUST_LIST_URL,
    refreshHours: signatureConfig.SIGNATURE_TRUST_LIST_REFRESH_HOURS,
    crls: signatureConfig.SIGNATURE_CRLS,
    untrustedChain: signatureConfig.SIGNATURE_UNTRUSTED_CHAIN,
    logger: { log: (message) => logger.info(message), warn: (message) => logger.warn(message) },
  });

  // The SDK's worker metrics (docs/operations.md, Metrics): its exporter on a loopback port, read
  // through our /metrics, so the worker is one scrape target.
  const sdkMetrics = metrics.METRICS_PORT > 0 ? await temporalSdkMetrics() : null;
  Runtime.install({
    logger: LOG_LEVEL === 'silent' ? new DefaultLogger('ERROR', () => undefined) : temporalLoggerFrom(logger),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    telemetryOptions: sdkMetrics
      ? { metrics: { prometheus: { bindAddress: sdkMetrics.bindAddress, useSecondsForDurations: true } } }
      : undefined,
  });
  let metricsServer: RunningMetricsServer | null = null;
  if (sdkMetrics) {
    metricsServer = await startMetricsServer({
      host: metrics.METRICS_HOST,
      port: metrics.METRICS_PORT,
      registry: createMetricsRegistry(),
      extra: () => sdkMetrics.read(),
      logger,
    });
    logger.info({ port: metricsServer.port }, 'metrics served');
  }

  const dataSource = await createDataSource(database.DATABASE_URL, database.DATABASE_POOL_SIZE).initialize();
  const identity = `${process.pid}@${hostname()}`;
  const connection = await NativeConnection.connect({ address: temporal.TEMPORAL_ADDRESS });
  try {
    // Before polling: a workflow setting an attribute the namespace lacks would fail its tasks.
    const added = await registerCaseSearchAttributes(connection, temporal.TEMPORAL_NAMESPACE);
    if (added.length > 0) logger.info({ added }, 'search attributes registered');
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
          documentStorage: documentStorage(documents),
          signatureVerifier: signatures.verifier,
          untrustedChain: signatures.untrustedChain,
          answerLinkSecret: procedures.ANSWER_LINK_SECRET,
        }),
      ),
      interceptors: { activity: [requestIdActivityInterceptor, ...tracingActivityInterceptors()] },
      sinks: tracingWorkflowSinks(),
      maxConcurrentActivityTaskExecutions: worker.WORKER_MAX_CONCURRENT_ACTIVITIES,
      shutdownGraceTime: '30 seconds',
    });
    // The annual call's Schedule follows the configuration at every start (create or update).
    const clientConnection = await Connection.connect({ address: temporal.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection: clientConnection, namespace: temporal.TEMPORAL_NAMESPACE });
      const schedule = await ensureAnnualCallSchedule(client, {
        date: annualCall.ANNUAL_CALL_SCHEDULE_DATE,
        time: annualCall.ANNUAL_CALL_SCHEDULE_TIME,
        taskQueue: temporal.TEMPORAL_TASK_QUEUE,
      });
      logger.info(
        { schedule, date: annualCall.ANNUAL_CALL_SCHEDULE_DATE, time: annualCall.ANNUAL_CALL_SCHEDULE_TIME },
        'annual call schedule ready',
      );
    } finally {
      await clientConnection.close();
    }
    logger.info({ taskQueue: temporal.TEMPORAL_TASK_QUEUE, identity }, 'worker started');
    // run() resolves after a shutdown signal, once in-flight tasks are done or the grace time is over.
    await temporalWorker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await dataSource.destroy();
    await metricsServer?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
