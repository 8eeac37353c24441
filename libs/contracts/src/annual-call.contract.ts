import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, AdhesionFact, CallCriteria, CallState, Proposal, ProposalInput, RankingEntry } from '@cmm/domain';
import type { StoredFile } from './compatibility-evaluation.contract';
import type { DeadlineView } from './deadline-activities.contract';

/** Workflow type name (the Schedule starts it by name): never renamed. */
export const ANNUAL_CALL_WORKFLOW = 'annualCallWorkflow';
/** A call started by hand: one per year. */
export const annualCallWorkflowId = (year: number): string => `annual-call-${year}`;
/**
 * The Schedule's action id: Temporal appends the scheduled instant, so each run is
 * `annual-call-scheduled-2027-03-01T08:00:00Z`, with its year in it.
 */
export const ANNUAL_CALL_SCHEDULED_WORKFLOW_ID = 'annual-call-scheduled';
/** One Schedule per task queue (a deployment, or a test run). */
export const annualCallScheduleId = (taskQueue: string): string => `annual-call-schedule-${taskQueue}`;

export interface AnnualCallInput {
  /** A call started by hand names its year; a scheduled run takes the Rome year of its start. */
  year?: number | null;
  /** Weights of this call (criterion id → integer, summing to 100); the shipped ones when absent. */
  weights?: Record<string, number> | null;
  /** Who started it; a scheduled run is started by the system. */
  startedBy?: Actor | null;
}

export interface CallRegistration {
  caseId: string;
  reference: string;
  year: number;
  /** Outbound protocol number of the notice. */
  protocolNumber: string;
  noticeDocumentId: string;
  /** The criteria and weights the call ranks by, fixed when it opened. */
  criteria: CallCriteria;
  publishedAt: string;
  /** The workflow that owns the year's call. */
  workflowId: string;
  /** True when another run already opened this year's call (a Schedule and a manual start): this run stops. */
  duplicate: boolean;
}

/** A proposal's documents, already streamed to storage (POST /uploads). */
export type ProposalFile = Omit<StoredFile, 'kind'>;

export interface ProposalReceipt {
  proposalId: string;
  protocolNumber: string;
  submittedAt: string;
}

export interface AnnualCallView {
  caseId: string | null;
  reference: string | null;
  year: number | null;
  state: CallState | 'registering' | 'duplicate';
  /** When this run found the year's call already open (schedule and manual start on the same year). */
  duplicateOf: string | null;
  criteria: CallCriteria | null;
  noticeDocumentId: string | null;
  noticeProtocolNumber: string | null;
  publishedAt: string | null;
  submissionWindow: DeadlineView | null;
  /** The 15 days at the albo pretorio of the notice, then of the ranking. */
  publicationTerms: DeadlineView[];
  proposals: Proposal[];
  ranking: RankingEntry[] | null;
  rankingDocumentId: string | null;
  rankingProtocolNumber: string | null;
  outcome: { kind: 'ranking-published'; on: string } | { kind: 'cancelled'; reason: string } | null;
}

export interface CallActorArg {
  actor: Actor;
}
export type SubmitProposalArgs = CallActorArg & { proposal: Omit<ProposalInput, 'documentCount'>; files: ProposalFile[] };
/** The corrected proposal, whole; the files are added to the ones already filed. */
export type AmendProposalArgs = CallActorArg & {
  proposalId: string;
  proposal: Omit<ProposalInput, 'documentCount'>;
  files: ProposalFile[];
};
export type MarkEligibilityArgs = CallActorArg & { proposalId: string; eligible: boolean; reasons: string };
export type ScoreProposalArgs = CallActorArg & { proposalId: string; scores: Record<string, number> };
export type CancelCallArgs = CallActorArg & { reason: string };

export const getAnnualCallQuery = defineQuery<AnnualCallView>('getAnnualCall');
/** Waits for the call to be registered and published. */
export const awaitCallRegistrationUpdate = defineUpdate<CallRegistration>('awaitCallRegistration');
export const submitProposalUpdate = defineUpdate<ProposalReceipt, [SubmitProposalArgs]>('submitProposal');
export const amendProposalUpdate = defineUpdate<AnnualCallView, [AmendProposalArgs]>('amendProposal');
export const markEligibilityUpdate = defineUpdate<AnnualCallView, [MarkEligibilityArgs]>('markEligibility');
export const scoreProposalUpdate = defineUpdate<AnnualCallView, [ScoreProposalArgs]>('scoreProposal');
export const approveRankingUpdate = defineUpdate<AnnualCallView, [CallActorArg]>('approveRanking');
export const cancelCallUpdate = defineUpdate<AnnualCallView, [CancelCallArgs]>('cancelCall');

/** A proposal as a municipality files it, first or as a correction: registered inbound with its documents, once. */
export interface ProposalFiling {
  caseId: string;
  proposalId: string;
  actor: Actor;
  proposal: ProposalInput;
  files: ProposalFile[];
  at: string;
  idempotencyKey: string;
}

export interface AnnualCallActivities {
  /**
   * Opens the year's call: case (reference AA-YYYY-NNNNNN), the criteria copied onto it, the
   * notice generated and registered outbound, first timeline event. Once per year: a second run
   * for the same year gets the first one's registration (its workflowId tells).
   */
  registerAnnualCall(input: {
    workflowId: string;
    startedAt: string;
    scheduledFor: string | null;
    year: number | null;
    weights: Record<string, number> | null;
    startedBy: Actor;
  }): Promise<CallRegistration>;
  /** The municipality's adhesion on the Rome day of `at` (AdhesionRepository.statusOn). */
  adhesionOn(input: { istatCode: string; at: string }): Promise<AdhesionFact>;
  /** Inbound registration, documents, the municipality as a party of the call, proposal row and timeline: once. */
  registerProposal(input: ProposalFiling): Promise<{ protocolNumber: string; municipality: string; documentIds: string[] }>;
  /** A correction as received, like the proposal: inbound registration, its documents, the proposal row updated, timeline: once. */
  registerProposalAmendment(input: ProposalFiling): Promise<{ protocolNumber: string; documentIds: string[] }>;
  /** The ranked list as a document of the case, registered outbound, and the ranks on the proposal rows: once. */
  publishRanking(input: {
    caseId: string;
    reference: string;
    year: number;
    criteria: CallCriteria;
    proposals: Proposal[];
    ranking: RankingEntry[];
    approvedBy: Actor;
    at: string;
  }): Promise<{ documentId: string; protocolNumber: string }>;
}
