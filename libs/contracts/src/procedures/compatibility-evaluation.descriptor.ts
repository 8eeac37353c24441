import { EVALUATION_STATES, type EvaluationState, TERMINAL_STATES, initialStatus, nextState } from '@cmm/domain';
import {
  COMPATIBILITY_EVALUATION_WORKFLOW,
  compatibilityEvaluationWorkflowId,
  getEvaluationQuery,
} from '../compatibility-evaluation.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/** Valutazione di compatibilità al PTM (LR 12/2005 art. 13): a municipality files its adopted act. */
export const COMPATIBILITY_EVALUATION_PROCEDURE = {
  type: 'compatibility-evaluation',
  workflowType: COMPATIBILITY_EVALUATION_WORKFLOW,
  workflowId: compatibilityEvaluationWorkflowId,
  referencePrefix: 'VC',
  states: EVALUATION_STATES,
  terminalStates: TERMINAL_STATES,
  machine: { initialStatus, nextState },
  viewQuery: getEvaluationQuery,
  templateIds: [
    'submission-received',
    'integration-requested',
    'integration-received',
    'concertation-concluded',
    'opinion-issued',
    'silence-favourable',
    'case-closed',
    'deadline-reminder',
    'deadline-expired',
  ],
  terms: { rulePrefix: 'compatibility-evaluation.' },
} as const satisfies ProcedureDescriptor<'compatibility-evaluation', EvaluationState, [caseId: string]>;
