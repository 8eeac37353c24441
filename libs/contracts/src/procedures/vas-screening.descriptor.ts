import { VAS_STATES, VAS_TERMINAL_STATES, type VasState, initialVasStatus, vasNextState } from '@cmm/domain';
import { VAS_SCREENING_WORKFLOW, getVasScreeningQuery, vasScreeningWorkflowId } from '../sttm-approval.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/**
 * Verifica di assoggettabilità a VAS (D.Lgs. 152/2006 art. 12): the STTM's approval starts it as
 * its child, keyed by the parent's workflow id; it runs on the STTM's case (no reference of its own).
 */
export const VAS_SCREENING_PROCEDURE = {
  type: 'vas-screening',
  workflowType: VAS_SCREENING_WORKFLOW,
  workflowId: vasScreeningWorkflowId,
  referencePrefix: null,
  states: VAS_STATES,
  terminalStates: VAS_TERMINAL_STATES,
  machine: { initialStatus: initialVasStatus, nextState: vasNextState },
  viewQuery: getVasScreeningQuery,
  templateIds: ['deadline-reminder'],
  terms: { rulePrefix: 'vas-screening.' },
} as const satisfies ProcedureDescriptor<'vas-screening', VasState, [parentWorkflowId: string]>;
