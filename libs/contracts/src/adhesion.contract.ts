import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, AdhesionCase, AdhesionState } from '@cmm/domain';
import type { ActorArg, StoredFile, SubmissionReceipt } from './compatibility-evaluation.contract';
import type { FundCommitment } from './fund.contract';

export const ADHESION_WORKFLOW = 'adhesionWorkflow';
export const adhesionWorkflowId = (caseId: string): string => `adhesion-${caseId}`;

/** A municipality's deliberation adhering to STTM and to the Fund (NdA PTM art. 11; Relazione §4.5). */
export interface AdhesionInput {
  caseId: string;
  istatCode: string;
  deliberation: { number: string; date: string };
  /** STTM adhered to: some of 1, 2, 3. */
  sttm: number[];
  adhesionCase: AdhesionCase;
  /** Adheres to the Fondo perequativo metropolitano too (the soil register and financing need it). */
  fund: boolean;
  /** Every commitment's party is the municipality itself. */
  commitments: FundCommitment[];
  files: StoredFile[];
  submittedBy: Actor;
  receivedAt: string;
  businessKey: string;
}

export interface AdhesionView {
  caseId: string;
  state: AdhesionState;
  receipt: SubmissionReceipt | null;
  istatCode: string;
  sttm: number[];
  adhesionCase: AdhesionCase;
  fund: boolean;
  deliberation: { number: string; date: string };
  commitments: FundCommitment[];
  correctionRequests: number;
  /** Once registered: from when it counts, its protocol number and the ledger posting of its commitments. */
  registration: { effectiveFrom: string; protocolNumber: string | null; ledgerTransactionId: string | null } | null;
  closure: { state: AdhesionState; reason: string } | null;
}

export type RequestCorrectionsArgs = ActorArg & { corrections: string[]; note: string };
export type SubmitCorrectionsArgs = ActorArg & { note: string; documentIds: string[] };
export type AdhesionReasonArgs = ActorArg & { reason: string };

export const getAdhesionQuery = defineQuery<AdhesionView>('getAdhesion');
export const awaitAdhesionReceiptUpdate = defineUpdate<SubmissionReceipt>('awaitAdhesionReceipt');
export const requestAdhesionCorrectionsUpdate = defineUpdate<AdhesionView, [RequestCorrectionsArgs]>('requestAdhesionCorrections');
export const submitAdhesionCorrectionsUpdate = defineUpdate<AdhesionView, [SubmitCorrectionsArgs]>('submitAdhesionCorrections');
export const registerAdhesionUpdate = defineUpdate<AdhesionView, [ActorArg]>('registerAdhesion');
export const rejectAdhesionUpdate = defineUpdate<AdhesionView, [AdhesionReasonArgs]>('rejectAdhesion');
export const withdrawAdhesionUpdate = defineUpdate<AdhesionView, [AdhesionReasonArgs]>('withdrawAdhesion');

export interface AdhesionActivities {
  /** Case row, documents, inbound registration, timeline and receipt notice, in one transaction; idempotent. */
  registerAdhesionSubmission(input: AdhesionInput): Promise<SubmissionReceipt>;
  /**
   * The adhesion takes effect: the adhesions row and the commitments posted to the Fund ledger,
   * in one transaction, once. `at` is the workflow's instant of the registration.
   */
  recordAdhesion(input: {
    adhesion: AdhesionInput;
    registeredBy: Actor;
    at: string;
  }): Promise<{ effectiveFrom: string; ledgerTransactionId: string | null }>;
}
