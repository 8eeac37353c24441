import { ADHESION_STATES, ADHESION_TERMINAL_STATES, type AdhesionState, initialAdhesionStatus, nextAdhesionState } from '@cmm/domain';
import { ADHESION_WORKFLOW, adhesionWorkflowId, getAdhesionQuery } from '../adhesion.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/** Adesione alle STTM e al Fondo perequativo (Relazione generale §4.5): a municipality files its deliberation. */
export const ADHESION_PROCEDURE = {
  type: 'adhesion',
  workflowType: ADHESION_WORKFLOW,
  workflowId: adhesionWorkflowId,
  referencePrefix: 'AD',
  states: ADHESION_STATES,
  terminalStates: ADHESION_TERMINAL_STATES,
  machine: { initialStatus: initialAdhesionStatus, nextState: nextAdhesionState },
  viewQuery: getAdhesionQuery,
  templateIds: [
    'submission-received',
    'adhesion-corrections-requested',
    'integration-received',
    'adhesion-registered',
    'adhesion-rejected',
    'case-closed',
  ],
  // An adhesion tracks no legal term: the rulebook has no rule for it, and none is looked for.
  terms: 'none',
} as const satisfies ProcedureDescriptor<'adhesion', AdhesionState, [caseId: string]>;
