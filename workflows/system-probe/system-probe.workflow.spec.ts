import type { SystemProbeActivities, SystemProbeInput } from '@cmm/contracts';
import { tracingWorkflowSinks } from '@cmm/observability';
import { createTimeSkippingEnv, recordHistoryIfAsked, uniqueTaskQueue, workflowBundle } from '@cmm/test-support';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';

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
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
      sinks: tracingWorkflowSinks(),
    });
    const input: SystemProbeInput = {
      probeId: '6f1f6c2e-8d1b-4c1e-9a55-0d7b8f0a9e11',
      requestedAt: '2026-11-22T10:00:00.000Z',
      requestedBy: 'spec',
    };

    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('systemProbeWorkflow', {
        taskQueue,
        workflowId: `system-probe-${input.probeId}`,
        args: [input],
      });
      const output = await handle.result();
      await recordHistoryIfAsked(handle, 'system-probe', 'system-probe.v1');
      return output;
    });

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
