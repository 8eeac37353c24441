import { CALL_STATES, CALL_TERMINAL_STATES, type CallState, callNextState, initialCallStatus } from '@cmm/domain';
import { ANNUAL_CALL_WORKFLOW, annualCallWorkflowId, getAnnualCallQuery } from '../annual-call.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/**
 * Avviso annuale ex art. 14 NdA PTM: one call a year, opened by a Schedule or by hand (the id
 * built here is the hand-started one's; a scheduled run's is ANNUAL_CALL_SCHEDULED_WORKFLOW_ID
 * plus the instant Temporal appends).
 */
export const ANNUAL_CALL_PROCEDURE = {
  type: 'annual-call',
  workflowType: ANNUAL_CALL_WORKFLOW,
  workflowId: annualCallWorkflowId,
  referencePrefix: 'AA',
  states: CALL_STATES,
  terminalStates: CALL_TERMINAL_STATES,
  machine: { initialStatus: initialCallStatus, nextState: callNextState },
  viewQuery: getAnnualCallQuery,
  templateIds: ['annual-call-published', 'ranking-published', 'case-closed', 'deadline-reminder', 'deadline-expired'],
  terms: { rulePrefix: 'annual-call.' },
} as const satisfies ProcedureDescriptor<'annual-call', CallState, [year: number]>;
