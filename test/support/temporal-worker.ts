import { buildActivityDeps, createActivities } from '@cmm/activities';
import type { DataSource } from 'typeorm';
import { FsDocumentStorage } from '@cmm/documents';
import { registerCaseSearchAttributes, requestIdActivityInterceptor, tracingWorkflowSinks } from '@cmm/observability';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundle `npm test` builds before Jest starts: tests load what production loads. */
export const WORKFLOW_BUNDLE = join(__dirname, '..', '..', 'dist', 'workflow-bundle.js');

export const workflowBundle = (): { codePath: string } => {
  if (!existsSync(WORKFLOW_BUNDLE)) throw new Error(`${WORKFLOW_BUNDLE} missing: run \`npm run build\` (npm test does it)`);
  return { codePath: WORKFLOW_BUNDLE };
};

export const uniqueTaskQueue = (purpose: string): string => `test-${purpose}-${randomBytes(4).toString('hex')}`;

let runtimeInstalled = false;
/** Keeps the SDK's own logs out of test output unless something is wrong. */
export const quietTemporalRuntime = (): void => {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  // The time-skipping server does not advertise some capabilities, which the core logs as a
  // warning on every worker start; only errors matter in test output.
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
};

export const temporalAddress = (): string => {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests with `npm test`, which starts the Temporal dev server');
  return address;
};

/** The key `npm test` exports for the run (API and workers of a test must agree on it). */
export function testAnswerLinkSecret(): string {
  const secret = process.env.ANSWER_LINK_SECRET;
  if (!secret) throw new Error('ANSWER_LINK_SECRET is not set: run the tests with `npm test`, which sets it');
  return secret;
}

/** A real worker on the Temporal dev server, with the production bundle and activities. */
export async function startDevServerWorker(
  taskQueue: string,
  dataSource: DataSource,
  /** documentsDir: the API's DOCUMENTS_DIR in the test, so activities read what it stored. */
  options: {
    workerIdentity?: string;
    officersMailbox?: string;
    publicUrl?: string;
    answerLinkSecret?: string;
    documentsDir?: string;
    namespace?: string;
  } = {},
): Promise<{ worker: Worker; stop(): Promise<void> }> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  // As the worker's own start does (apps/worker): the workflows set the case's search attributes.
  await registerCaseSearchAttributes(connection, options.namespace ?? 'default');
  const worker = await Worker.create({
    connection,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities(
      buildActivityDeps({
        dataSource,
        workerIdentity: options.workerIdentity ?? 'test-worker',
        officersMailbox: options.officersMailbox ?? 'ufficio.pianificazione@test.invalid',
        publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
        answerLinkSecret: options.answerLinkSecret ?? testAnswerLinkSecret(),
        // The API's DOCUMENTS_DIR when a test downloads what activities generate.
        documentStorage: new FsDocumentStorage(options.documentsDir ?? mkdtempSync(join(tmpdir(), 'cmm-worker-documents-'))),
      }),
    ),
    interceptors: { activity: [requestIdActivityInterceptor] },
    // The bundle's OpenTelemetry interceptors export through this sink (it drops them with tracing off).
    sinks: tracingWorkflowSinks(),
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
