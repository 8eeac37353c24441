import { AGREEMENT_STATES, AGREEMENT_TERMINAL_STATES, type AgreementState, initialAgreementStatus, nextAgreementState } from '@cmm/domain';
import {
  TERRITORIAL_AGREEMENT_WORKFLOW,
  getTerritorialAgreementQuery,
  territorialAgreementWorkflowId,
} from '../territorial-agreement.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/** Accordo territoriale (NdA PTM art. 10-11): drafted by CMM, in force once every party signed. */
export const TERRITORIAL_AGREEMENT_PROCEDURE = {
  type: 'territorial-agreement',
  workflowType: TERRITORIAL_AGREEMENT_WORKFLOW,
  workflowId: territorialAgreementWorkflowId,
  referencePrefix: 'AT',
  states: AGREEMENT_STATES,
  terminalStates: AGREEMENT_TERMINAL_STATES,
  machine: { initialStatus: initialAgreementStatus, nextState: nextAgreementState },
  viewQuery: getTerritorialAgreementQuery,
  templateIds: ['agreement-to-sign', 'agreement-in-force', 'agreement-refused', 'case-closed', 'deadline-reminder', 'deadline-expired'],
  terms: { rulePrefix: 'territorial-agreement.' },
} as const satisfies ProcedureDescriptor<'territorial-agreement', AgreementState, [caseId: string]>;
