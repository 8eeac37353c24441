import {
  CONFERENCE_STATES,
  CONFERENCE_TERMINAL_STATES,
  type ConferenceState,
  checkConferenceAction,
  initialConferenceStatus,
} from '@cmm/domain';
import {
  CONCERTATION_CONFERENCE_WORKFLOW,
  concertationConferenceWorkflowId,
  getConferenceQuery,
} from '../concertation-conference.contract';
import type { ProcedureDescriptor } from './procedure-descriptor';

/** Conferenza di concertazione (NdA PTM art. 10): on its own, or the child of a compatibility evaluation. */
export const CONCERTATION_CONFERENCE_PROCEDURE = {
  type: 'concertation-conference',
  workflowType: CONCERTATION_CONFERENCE_WORKFLOW,
  workflowId: concertationConferenceWorkflowId,
  referencePrefix: 'CC',
  states: CONFERENCE_STATES,
  terminalStates: CONFERENCE_TERMINAL_STATES,
  // The conference's machine checks an action against the sessions (checkConferenceAction), then applies it.
  machine: { initialStatus: initialConferenceStatus, nextState: checkConferenceAction },
  viewQuery: getConferenceQuery,
  templateIds: [
    'conference-convocation',
    'conference-update',
    'conference-cancellation',
    'conference-minutes',
    'conference-contribution',
    'case-closed',
    'deadline-reminder',
    'deadline-expired',
  ],
  terms: { rulePrefix: 'concertation-conference.' },
} as const satisfies ProcedureDescriptor<'concertation-conference', ConferenceState, [caseId: string]>;
