import type {
  AdhesionActivities,
  AnnualCallActivities,
  CaseActivities,
  CompatibilityEvaluationActivities,
  ConcertationConferenceActivities,
  DeadlineActivities,
  SttmApprovalActivities,
  SystemProbeActivities,
  TerritorialAgreementActivities,
} from '@cmm/contracts';
import { type AdhesionActivityDeps, createAdhesionActivities } from './adhesion.activities';
import { type AnnualCallActivityDeps, createAnnualCallActivities } from './annual-call.activities';
import { createCaseEventActivities } from './case-events.activities';
import { type CompatibilityEvaluationActivityDeps, createCompatibilityEvaluationActivities } from './compatibility-evaluation.activities';
import { type ConcertationConferenceActivityDeps, createConcertationConferenceActivities } from './concertation-conference.activities';
import { type DeadlineActivityDeps, createDeadlineActivities } from './deadlines.activities';
import { type SttmApprovalActivityDeps, createSttmApprovalActivities } from './sttm-approval.activities';
import { type SystemProbeActivityDeps, createSystemProbeActivities } from './system-probe.activities';
import { type TerritorialAgreementActivityDeps, createTerritorialAgreementActivities } from './territorial-agreement.activities';

/** Everything the activities need, made once per worker process and injected here. */
export type ActivityDeps = SystemProbeActivityDeps &
  DeadlineActivityDeps &
  CompatibilityEvaluationActivityDeps &
  SttmApprovalActivityDeps &
  ConcertationConferenceActivityDeps &
  TerritorialAgreementActivityDeps &
  AdhesionActivityDeps &
  AnnualCallActivityDeps;

export type Activities = SystemProbeActivities &
  DeadlineActivities &
  CaseActivities &
  CompatibilityEvaluationActivities &
  SttmApprovalActivities &
  ConcertationConferenceActivities &
  TerritorialAgreementActivities &
  AdhesionActivities &
  AnnualCallActivities;

export const createActivities = (deps: ActivityDeps): Activities => ({
  ...createSystemProbeActivities(deps),
  ...createDeadlineActivities(deps),
  ...createCaseEventActivities(deps),
  ...createCompatibilityEvaluationActivities(deps),
  ...createSttmApprovalActivities(deps),
  ...createConcertationConferenceActivities(deps),
  ...createTerritorialAgreementActivities(deps),
  ...createAdhesionActivities(deps),
  ...createAnnualCallActivities(deps),
});

export { deadlineUuid } from './deadlines.activities';
export { buildActivityDeps } from './activity-deps';
export { annualCallCaseId } from './annual-call.activities';
