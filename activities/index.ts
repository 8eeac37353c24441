import { createAdhesionActivities } from './adhesion.activities';
import { createAnnualCallActivities } from './annual-call.activities';
import { createCaseEventActivities } from './case-events.activities';
import { createCompatibilityEvaluationActivities } from './compatibility-evaluation.activities';
import { createConcertationConferenceActivities } from './concertation-conference.activities';
import { createDeadlineActivities } from './deadlines.activities';
import { createSttmApprovalActivities } from './sttm-approval.activities';
import { createSystemProbeActivities } from './system-probe.activities';
import { createTerritorialAgreementActivities } from './territorial-agreement.activities';

/**
 * Every group of activities the worker registers, one line each: what they need (ActivityDeps)
 * and what they offer (Activities) derive from this list, so a procedure's activities are
 * registered here once.
 */
const ACTIVITY_FACTORIES = [
  createSystemProbeActivities,
  createDeadlineActivities,
  createCaseEventActivities,
  createCompatibilityEvaluationActivities,
  createSttmApprovalActivities,
  createConcertationConferenceActivities,
  createTerritorialAgreementActivities,
  createAdhesionActivities,
  createAnnualCallActivities,
] as const;

type ActivityFactory = (typeof ACTIVITY_FACTORIES)[number];
/** `A | B` as `A & B`. */
type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Everything the activities need, made once per worker process and injected here. */
export type ActivityDeps = Intersection<Parameters<ActivityFactory>[0]>;

export type Activities = Intersection<ReturnType<ActivityFactory>>;

export const createActivities = (deps: ActivityDeps): Activities => Object.assign({}, ...ACTIVITY_FACTORIES.map((create) => create(deps)));

export { deadlineUuid } from './deadlines.activities';
export { buildActivityDeps } from './activity-deps';
export { annualCallCaseId } from './annual-call.activities';
