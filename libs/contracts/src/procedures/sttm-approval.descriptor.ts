import { STTM_STATES, STTM_TERMINAL_STATES, type SttmState, initialSttmStatus, sttmNextState } from '@cmm/domain';
import { STTM_APPROVAL_WORKFLOW, getSttmApprovalQuery, sttmApprovalWorkflowId } from '../sttm-approval.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/** Approvazione di una Strategia Tematico-Territoriale Metropolitana (NdA PTM art. 7bis), started by the avvio decree. */
export const STTM_APPROVAL_PROCEDURE = {
  type: 'sttm-approval',
  workflowType: STTM_APPROVAL_WORKFLOW,
  workflowId: sttmApprovalWorkflowId,
  referencePrefix: 'STTM',
  states: STTM_STATES,
  terminalStates: STTM_TERMINAL_STATES,
  machine: { initialStatus: initialSttmStatus, nextState: sttmNextState },
  viewQuery: getSttmApprovalQuery,
  templateIds: ['conferenza-istruttoria-invitation', 'deadline-reminder'],
  terms: { rulePrefix: 'sttm-approval.' },
} as const satisfies ProcedureDescriptor<'sttm-approval', SttmState, [caseId: string]>;
