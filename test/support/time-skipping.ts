import { TestWorkflowEnvironment } from '@temporalio/testing';
import { quietTemporalRuntime } from './temporal-worker';

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
