import type { AdhesionActivities, CaseActivities, CompatibilityEvaluationActivities, DeadlineActivities, SttmApprovalActivities, SystemProbeActivities } from '@cmm/contracts';
import { type AdhesionActivityDeps, createAdhesionActivities } from './adhesion.activities';
import { createCaseEventActivities } from './case-events.activities';
import { type CompatibilityEvaluationActivityDeps, createCompatibilityEvaluationActivities } from './compatibility-evaluation.activities';
import { type DeadlineActivityDeps, createDeadlineActivities } from './deadlines.activities';
import { type SttmApprovalActivityDeps, createSttmApprovalActivities } from './sttm-approval.activities';
import { type SystemProbeActivityDeps, createSystemProbeActivities } from './system-probe.activities';

/** Everything the activities need, made once per worker process and injected here. */
export type ActivityDeps = SystemProbeActivityDeps & DeadlineActivityDeps & CompatibilityEvaluationActivityDeps & SttmApprovalActivityDeps & AdhesionActivityDeps;

export type Activities = SystemProbeActivities & DeadlineActivities & CaseActivities & CompatibilityEvaluationActivities & SttmApprovalActivities & AdhesionActivities;

export const createActivities = (deps: ActivityDeps): Activities => ({
  ...createSystemProbeActivities(deps),
  ...createDeadlineActivities(deps),
  ...createCaseEventActivities(deps),
  ...createCompatibilityEvaluationActivities(deps),
  ...createSttmApprovalActivities(deps),
  ...createAdhesionActivities(deps),
});

export { deadlineUuid } from './deadlines.activities';
export { buildActivityDeps } from './activity-deps';
