import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ActType,
  Actor,
  ConcertationOutcome,
  EvaluationState,
  EvaluationStatus,
  IntegrationEffect,
  OpinionOutcome,
  SessionPlan,
} from '@cmm/domain';
import type { DeadlineView } from './deadline-activities.contract';

/** Workflow type name (the worker registers it under this name): never renamed. */
export const COMPATIBILITY_EVALUATION_WORKFLOW = 'compatibilityEvaluationWorkflow';
export const compatibilityEvaluationWorkflowId = (caseId: string): string => `compatibility-evaluation-${caseId}`;

/** A document already streamed to storage by the API (content-addressed, fsynced). */
/** The kinds a submission's named slots give their file. */
export const SLOT_DOCUMENT_KINDS = ['adopted-act', 'diffusion-balance', 'adhesion-deliberation'] as const;

/**
 * A further file's kind: the one declared at upload (e.g. `report`), kept as declared; only a
 * file without a kind of its own, or declaring a slot's kind it does not fill, is an `attachment`.
 */
export function attachmentKind(declared: string | null | undefined): string {
  if (!declared || (SLOT_DOCUMENT_KINDS as readonly string[]).includes(declared)) return 'attachment';
  return declared;
}

export interface StoredFile {
  /** A slot's kind, or for further files the kind declared at upload (see attachmentKind). */
  kind: (typeof SLOT_DOCUMENT_KINDS)[number] | 'attachment' | (string & Record<never, never>);
  title: string;
  sha256: string;
  sizeBytes: number;
  contentType: string;
  filename: string;
  storageKey: string;
}

export interface CompatibilityEvaluationInput {
  caseId: string;
  istatCode: string;
  actType: ActType;
  deliberation: { number: string; date: string };
  description: string;
  declaresSupraMunicipalRelevance: boolean;
  adhesionCase: 'a' | 'b' | null;
  files: StoredFile[];
  submittedBy: Actor;
  receivedAt: string;
  businessKey: string;
  integrationEffect: IntegrationEffect;
  /** The municipalities the diffusion balance names as affected (ISTAT codes): proposed for the conference. */
  affectedMunicipalities?: string[];
}

export interface SubmissionReceipt {
  caseId: string;
  reference: string;
  protocolNumber: string;
  receivedAt: string;
  /** The receipt filed on the case (absent in histories recorded before it was filed). */
  receiptDocumentId?: string;
}

export interface CompatibilityEvaluationView {
  caseId: string;
  state: EvaluationState;
  receipt: SubmissionReceipt | null;
  opinionTerm: DeadlineView | null;
  answerTerm: DeadlineView | null;
  integrationRequests: number;
  answerOverdue: boolean;
  relevance: { recognised: boolean; reasons: string } | null;
  concertation: EvaluationStatus['concertation'];
  affectedMunicipalities: string[];
  conference: EvaluationStatus['conference'];
  agreement: EvaluationStatus['agreement'];
  outcome:
    | { kind: 'opinion'; outcome: OpinionOutcome; protocolNumber: string | null }
    | { kind: 'deemed-favourable'; on: string; legalSource: string }
    | { kind: 'closed'; state: EvaluationState; reason: string }
    | null;
}

export interface ActorArg {
  actor: Actor;
}

export const getEvaluationQuery = defineQuery<CompatibilityEvaluationView>('getEvaluation');
/** Waits for the registration and returns the receipt: the API answers the submission with it. */
export const awaitReceiptUpdate = defineUpdate<SubmissionReceipt>('awaitReceipt');
export type RequestIntegrationArgs = ActorArg & { missing: string[]; note: string };
export type SubmitIntegrationArgs = ActorArg & { note: string; documentIds: string[] };
export type DecideRelevanceArgs = ActorArg & { recognised: boolean; reasons: string };
export type ConcertationOutcomeArgs = ActorArg & { outcome: ConcertationOutcome; reasons: string };
export type ConvokeConferenceArgs = ActorArg & { subject: string; agenda: string; convened: string[]; firstSession: SessionPlan };
export type IssueOpinionArgs = ActorArg & { outcome: OpinionOutcome; prescriptions: string[]; reasons: string; documentId: string };
export type ReasonArgs = ActorArg & { reason: string };
export type ReasonsArgs = ActorArg & { reasons: string };

export const confirmCompletenessUpdate = defineUpdate<CompatibilityEvaluationView, [ActorArg]>('confirmCompleteness');
export const requestIntegrationUpdate = defineUpdate<CompatibilityEvaluationView, [RequestIntegrationArgs]>('requestIntegration');
export const submitIntegrationUpdate = defineUpdate<CompatibilityEvaluationView, [SubmitIntegrationArgs]>('submitIntegration');
export const decideRelevanceUpdate = defineUpdate<CompatibilityEvaluationView, [DecideRelevanceArgs]>('decideRelevance');
export const recordConcertationOutcomeUpdate = defineUpdate<CompatibilityEvaluationView, [ConcertationOutcomeArgs]>(
  'recordConcertationOutcome',
);
/** Starts the concertation conference as a child of the case; answers once it is registered. */
export const convokeConferenceUpdate = defineUpdate<CompatibilityEvaluationView, [ConvokeConferenceArgs]>('convokeConference');
export const issueOpinionUpdate = defineUpdate<CompatibilityEvaluationView, [IssueOpinionArgs]>('issueOpinion');
export const withdrawUpdate = defineUpdate<CompatibilityEvaluationView, [ReasonArgs]>('withdraw');
export const archiveUpdate = defineUpdate<CompatibilityEvaluationView, [ReasonArgs]>('archive');
export const closeInadmissibleUpdate = defineUpdate<CompatibilityEvaluationView, [ReasonsArgs]>('closeInadmissible');

export interface CompatibilityEvaluationActivities {
  /** Case row, documents, inbound registration, timeline and receipt notice, in one transaction; idempotent. */
  registerSubmission(input: CompatibilityEvaluationInput): Promise<SubmissionReceipt>;
}
