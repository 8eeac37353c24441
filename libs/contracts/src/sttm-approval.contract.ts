import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  ControdeduzioneOutcome,
  Observation,
  OsservazioniTrigger,
  ParticipationKind,
  SttmAct,
  SttmSchedule,
  SttmState,
  VasOutcome,
  VasState,
  VasStep,
} from '@cmm/domain';
import type { StoredFile } from './compatibility-evaluation.contract';
import type { DeadlineView } from './deadline-activities.contract';

/** Workflow type names (the worker registers them under these names): never renamed. */
export const STTM_APPROVAL_WORKFLOW = 'sttmApprovalWorkflow';
/** The STTM's approval starts the screening as its child. */
export const VAS_SCREENING_WORKFLOW = 'vasScreeningWorkflow';
export const sttmApprovalWorkflowId = (caseId: string): string => `sttm-approval-${caseId}`;
export const vasScreeningWorkflowId = (parentWorkflowId: string): string => `${parentWorkflowId}/vas-screening`;

export interface SttmApprovalInput {
  caseId: string;
  /** 1, 2, 3 for the first three STTM (NdA art. 7bis), then onwards. */
  sttmNumber: number;
  title: string;
  /** NdA art. 7bis c.7: the first three STTM run with halved terms. */
  halvedTerms: boolean;
  avvio: SttmAct;
  /**
   * What opens the osservazioni period, fixed at the start (STTM_OSSERVAZIONI_TRIGGER or the
   * request); absent in procedures started before it was configurable: the albo publication.
   */
  osservazioniTrigger?: OsservazioniTrigger;
  /** The avvio decree, uploaded before the start (POST /uploads); stored on the case at registration. */
  avvioFile?: Omit<StoredFile, 'kind'> | null;
  startedBy: Actor;
  startedAt: string;
}

export interface SttmRegistration {
  caseId: string;
  reference: string;
  protocolNumber: string;
  /** The case document holding the avvio decree, when it was uploaded. */
  avvioDocumentId?: string | null;
}

export interface VasScreeningInput {
  caseId: string;
  parentWorkflowId: string;
  startedBy: Actor;
}

export interface VasScreeningResult {
  outcome: VasOutcome;
  decree: SttmAct | null;
  reasons: string;
}

export interface VasScreeningView {
  caseId: string;
  state: VasState;
  steps: Partial<Record<VasStep, SttmAct>>;
  opinions: { from: string; receivedOn: string; late: boolean }[];
  opinionsTerm: DeadlineView | null;
  decisionTerm: DeadlineView | null;
  result: VasScreeningResult | null;
}

export interface SttmApprovalView {
  caseId: string;
  reference: string | null;
  sttmNumber: number;
  title: string;
  halvedTerms: boolean;
  /** What opens the osservazioni period for this procedure. */
  osservazioniTrigger: OsservazioniTrigger;
  state: SttmState;
  vas: 'running' | VasOutcome;
  /** The planned adoption date and what the legal calendar computes from it. */
  schedule: SttmSchedule | null;
  availabilityTerm: DeadlineView | null;
  osservazioniTerm: DeadlineView | null;
  /** The conferenza istruttoria must be held by the day before the planned adoption (re-planned with it). */
  conferenzaTerm: DeadlineView | null;
  /** The planned adoption date itself, tracked for reminders and the overdue flag. */
  adoptionTerm: DeadlineView | null;
  /** The 15 days at the albo pretorio of the adoption, then of the final approval. */
  publicationTerms: DeadlineView[];
  availableOn: string | null;
  conferenzaOn: string | null;
  adoptedOn: string | null;
  acts: { step: string; act: SttmAct; protocolNumber: string | null }[];
  observations: Observation[];
  outcome:
    | { kind: 'in-force'; since: string }
    | { kind: 'vas-subjected'; decree: SttmAct | null; reasons: string }
    | { kind: 'cancelled'; reason: string }
    | null;
}

export interface ActorArgs {
  actor: Actor;
}
export type ActArgs = ActorArgs & { act: SttmAct };
/** recordedAfterTheFact: the plan of an adoption already prepared, recorded later (see docs/legal-acts.md). */
export type PlanAdoptionArgs = ActorArgs & { adoptionDate: string; recordedAfterTheFact?: boolean };
export type ParticipationArgs = ActorArgs & { kind: ParticipationKind; title: string; date: string; documentIds: string[] };
/** meetingTime (HH:mm, Rome) and place are optional: they go into the invitation when given. */
export type ConvokeConferenzaArgs = ActArgs & { meetingDate: string; meetingTime?: string; place?: string };
export type OpinionArgs = ActorArgs & { from: string; text: string; documentIds: string[]; receivedOn: string };
export type ObservationArgs = OpinionArgs;
export type ControdeduzioneArgs = ActorArgs & { observationId: string; outcome: ControdeduzioneOutcome; text: string };
export type CancelArgs = ActorArgs & { reason: string };
export type VasStepArgs = ActArgs & { step: VasStep };
export type VasDecisionArgs = ActArgs & { outcome: VasOutcome; reasons: string };

export const getSttmApprovalQuery = defineQuery<SttmApprovalView>('getSttmApproval');
export const awaitSttmRegistrationUpdate = defineUpdate<SttmRegistration>('awaitSttmRegistration');
export const planAdoptionUpdate = defineUpdate<SttmApprovalView, [PlanAdoptionArgs]>('planAdoption');
export const recordParticipationUpdate = defineUpdate<SttmApprovalView, [ParticipationArgs]>('recordParticipation');
export const approvePreliminaryUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('approvePreliminary');
export const makeProposalAvailableUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('makeProposalAvailable');
export const convokeConferenzaUpdate = defineUpdate<SttmApprovalView, [ConvokeConferenzaArgs]>('convokeConferenza');
export const holdConferenzaUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('holdConferenza');
export const recordSttmOpinionUpdate = defineUpdate<SttmApprovalView, [OpinionArgs]>('recordSttmOpinion');
export const adoptSttmUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('adoptSttm');
export const publishAdoptionUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('publishAdoption');
export const publishBurlNoticeUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('publishBurlNotice');
export const recordObservationUpdate = defineUpdate<SttmApprovalView, [ObservationArgs]>('recordObservation');
export const recordControdeduzioneUpdate = defineUpdate<SttmApprovalView, [ControdeduzioneArgs]>('recordControdeduzione');
export const approveFinalUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('approveFinal');
export const publishApprovalUpdate = defineUpdate<SttmApprovalView, [ActArgs]>('publishApproval');
export const cancelSttmUpdate = defineUpdate<SttmApprovalView, [CancelArgs]>('cancelSttm');

export const getVasScreeningQuery = defineQuery<VasScreeningView>('getVasScreening');
export const recordVasStepUpdate = defineUpdate<VasScreeningView, [VasStepArgs]>('recordVasStep');
export const recordVasOpinionUpdate = defineUpdate<VasScreeningView, [OpinionArgs]>('recordVasOpinion');
export const decideVasUpdate = defineUpdate<VasScreeningView, [VasDecisionArgs]>('decideVas');

export interface SttmScheduleRequest {
  adoptionDate: string;
  halved: boolean;
  /** Recorded dates to check the adoption date against (and to compute the valid range). */
  availableOn?: string | null;
  conferenzaOn?: string | null;
  /** The workflow's now: a plan is checked against the Rome day of it. */
  at?: string;
}

export interface SttmScheduleResult {
  schedule: SttmSchedule;
  /** The adoption dates compatible with the recorded dates (to: null = no upper bound). */
  validAdoption: { from: string; to: string | null } | null;
  /** With `at`: the Rome day, whether the availability deadline of the plan has passed, and the first adoption date it has not. */
  today?: string;
  availabilityPassed?: boolean;
  earliestPlannable?: string | null;
}

export interface SttmApprovalActivities {
  /** Opens the case (reference STTM-YYYY-NNNNNN), registers the avvio decree, first timeline event; idempotent. */
  registerSttm(input: SttmApprovalInput): Promise<SttmRegistration>;
  /** The latest availability date and the conferenza window for an adoption date (legal calendar). */
  computeSttmSchedule(input: SttmScheduleRequest): Promise<SttmScheduleResult>;
  /** An inbound act (opinion, observation) in the protocol registry; idempotent on the key. */
  registerInbound(input: {
    caseId: string;
    correspondent: string;
    subject: string;
    registeredBy: string;
    idempotencyKey: string;
  }): Promise<{ protocolNumber: string }>;
}
