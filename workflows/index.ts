// The workflow bundle's entry: every workflow type the worker registers. Names are
// persistent (running histories refer to them): never rename, version with patched().
export { adhesionWorkflow } from './adhesion/adhesion.workflow';
export { annualCallWorkflow } from './annual-call/annual-call.workflow';
export { compatibilityEvaluationWorkflow } from './compatibility-evaluation/compatibility-evaluation.workflow';
export { concertationConferenceWorkflow } from './concertation-conference/concertation-conference.workflow';
export { sttmApprovalWorkflow } from './sttm-approval/sttm-approval.workflow';
export { systemProbeWorkflow } from './system-probe/system-probe.workflow';
export { territorialAgreementWorkflow } from './territorial-agreement/territorial-agreement.workflow';
export { vasScreeningWorkflow } from './vas-screening/vas-screening.workflow';
