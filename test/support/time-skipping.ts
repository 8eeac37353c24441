import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { quietTemporalRuntime, workflowBundle } from './temporal-worker';

/**
 * Temporal's time-skipping test server: the Java one resolved from Maven by `npm test`
 * (TEMPORAL_TEST_SERVER), or the SDK's own download where Maven is missing.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const path = process.env.TEMPORAL_TEST_SERVER;
  return TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : {},
  );
}

/**
 * A worker on the time-skipping server with the production bundle and the spec's activities
 * (usually fakes). `stop` waits for the worker to drain, so the next test starts clean.
 */
export async function startTimeSkippingWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: WorkerOptions['activities'],
): Promise<{ worker: Worker; stop(): Promise<void> }> {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
