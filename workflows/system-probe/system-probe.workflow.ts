import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SystemProbeActivities, SystemProbeInput, SystemProbeRecord } from '@cmm/contracts';

const { recordSystemProbe } = proxyActivities<SystemProbeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

export async function systemProbeWorkflow(input: SystemProbeInput): Promise<SystemProbeRecord> {
  return recordSystemProbe({ ...input, workflowId: workflowInfo().workflowId });
}
