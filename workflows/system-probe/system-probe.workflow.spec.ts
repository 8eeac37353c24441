import type { SystemProbeActivities, SystemProbeInput } from '@cmm/contracts';
import { createTimeSkippingEnv, recordHistoryIfAsked, startTimeSkippingWorker, uniqueTaskQueue } from '@cmm/test-support';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

describe('systemProbeWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('records the probe through its activity with its own workflow id', async () => {
    const taskQueue = uniqueTaskQueue('system-probe');
    const calls: Parameters<SystemProbeActivities['recordSystemProbe']>[0][] = [];
    const activities: SystemProbeActivities = {
      async recordSystemProbe(input) {
        calls.push(input);
        return { ...input, recordedAt: '2026-11-22T10:00:01.000Z', workerIdentity: 'test-worker', requestId: null };
      },
    };
    const worker = await startTimeSkippingWorker(env, taskQueue, activities);
    const input: SystemProbeInput = {
      probeId: '6f1f6c2e-8d1b-4c1e-9a55-0d7b8f0a9e11',
      requestedAt: '2026-11-22T10:00:00.000Z',
      requestedBy: 'spec',
    };

    const result = await (async () => {
      try {
        const handle = await env.client.workflow.start('systemProbeWorkflow', {
          taskQueue,
          workflowId: `system-probe-${input.probeId}`,
          args: [input],
        });
        const output = await handle.result();
        await recordHistoryIfAsked(handle, 'system-probe', 'system-probe.v1');
        return output;
      } finally {
        await worker.stop();
      }
    })();

    expect(calls).toEqual([{ ...input, workflowId: `system-probe-${input.probeId}` }]);
    expect(result).toEqual({
      ...input,
      workflowId: `system-probe-${input.probeId}`,
      recordedAt: '2026-11-22T10:00:01.000Z',
      workerIdentity: 'test-worker',
      requestId: null,
    });
  });
});
