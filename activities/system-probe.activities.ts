import { Context } from '@temporalio/activity';
import type { SystemProbeActivities } from '@cmm/contracts';
import { currentRequestId } from '@cmm/observability';
import type { SystemProbeRepository } from '@cmm/persistence';

export interface SystemProbeActivityDeps {
  systemProbes: SystemProbeRepository;
  workerIdentity: string;
}

export const createSystemProbeActivities = ({ systemProbes, workerIdentity }: SystemProbeActivityDeps): SystemProbeActivities => ({
  async recordSystemProbe(input) {
    Context.current().log.info('recording system probe', { probeId: input.probeId });
    return systemProbes.record({
      ...input,
      recordedAt: new Date().toISOString(),
      workerIdentity,
      requestId: currentRequestId() ?? null,
    });
  },
});
