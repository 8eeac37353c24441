import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AgreementDraft, AgreementRefusal, AgreementSignature, AgreementState } from '@cmm/domain';
import type { DeadlineView } from './deadline-activities.contract';
import type { FundCommitment } from './fund.contract';

/** Workflow type name: the conference starts it as a child by name. */
export const TERRITORIAL_AGREEMENT_WORKFLOW = 'territorialAgreementWorkflow';
export const territorialAgreementWorkflowId = (caseId: string): string => `territorial-agreement-${caseId}`;

export interface TerritorialAgreementInput {
  /** The agreement's own case. */
  caseId: string;
  /** The conference that reached the agreement, if any (the agreement's parent case). */
  parentCaseId: string | null;
  /** A workflow told of the agreement's conclusion (`agreementConcludedSignal`), e.g. the compatibility evaluation. */
  notifyWorkflowId: string | null;
  subject: string;
  /** ISTAT codes of the municipalities that are parties. */
  municipalities: string[];
  /** CMM is a party when the externalities are metropolitan (NdA PTM art. 10). */
  metropolitanExternalities: boolean;
  startedBy: Actor;
  startedAt: string;
}

export interface AgreementConclusion {
  agreementCaseId: string;
  outcome: 'in-force' | 'failed' | 'withdrawn';
  /** Rome civil date the agreement came into force. */
  inForceOn: string | null;
  reason: string | null;
}

export const agreementConcludedSignal = defineSignal<[AgreementConclusion]>('agreementConcluded');

export interface AgreementRegistration {
  caseId: string;
  reference: string;
  /** Municipality names by ISTAT code, for notices and the view. */
  partyNames: Record<string, string>;
}

export interface AgreementPartyView {
  /** ISTAT code, or 'cmm'. */
  party: string;
  /** "Comune di Rozzano", "Città metropolitana di Milano". */
  name: string | null;
  /** The signature, with the signers the API found in the signed document's certificates. */
  signature: (AgreementSignature & { signers?: Array<SignatureSummary & { reason: { it: string; en: string } }> }) | null;
  refusal: AgreementRefusal | null;
}

/** A commitment's due date, tracked by the legal calendar once the agreement is in force. */
export interface CommitmentTermView {
  index: number;
  party: string;
  term: DeadlineView;
  open: boolean;
}

export interface TerritorialAgreementView {
  caseId: string;
  reference: string | null;
  subject: string;
  state: AgreementState;
  parentCaseId: string | null;
  parties: AgreementPartyView[];
  draft: AgreementDraft | null;
  commitments: FundCommitment[];
  signatureTerm: DeadlineView | null;
  signatureOverdue: boolean;
  /** Refusals of the current draft (the timeline keeps the earlier ones). */
  refusals: AgreementRefusal[];
  rounds: number;
  commitmentTerms: CommitmentTermView[];
  conclusion: AgreementConclusion | null;
}

export interface AgreementActorArg {
  actor: Actor;
}
export type AddAgreementDraftArgs = AgreementActorArg & { documentIds: string[]; note: string };
export type SetAgreementCommitmentsArgs = AgreementActorArg & { commitments: FundCommitment[] };
export type SignAgreementArgs = AgreementActorArg & { documentId: string; draftVersion: number };
export type RefuseAgreementArgs = AgreementActorArg & { reasons: string; draftVersion: number };
export type AgreementReasonsArgs = AgreementActorArg & { reasons: string };
export type AgreementReasonArgs = AgreementActorArg & { reason: string };

export const getTerritorialAgreementQuery = defineQuery<TerritorialAgreementView>('getTerritorialAgreement');
/** Waits for the case to be registered: the API answers a standalone start with its reference. */
export const awaitAgreementRegistrationUpdate = defineUpdate<AgreementRegistration>('awaitAgreementRegistration');
export const addAgreementDraftUpdate = defineUpdate<TerritorialAgreementView, [AddAgreementDraftArgs]>('addAgreementDraft');
export const setAgreementCommitmentsUpdate = defineUpdate<TerritorialAgreementView, [SetAgreementCommitmentsArgs]>(
  'setAgreementCommitments',
);
export const sendAgreementForSignatureUpdate = defineUpdate<TerritorialAgreementView, [AgreementActorArg]>('sendAgreementForSignature');
export const signAgreementUpdate = defineUpdate<TerritorialAgreementView, [SignAgreementArgs]>('signAgreement');
export const refuseAgreementUpdate = defineUpdate<TerritorialAgreementView, [RefuseAgreementArgs]>('refuseAgreement');
export const declareAgreementFailedUpdate = defineUpdate<TerritorialAgreementView, [AgreementReasonsArgs]>('declareAgreementFailed');
export const withdrawAgreementUpdate = defineUpdate<TerritorialAgreementView, [AgreementReasonArgs]>('withdrawAgreement');

/** One verified signature of a signed document, as the agreement records it (who signed, when, how it verified). */
export interface SignatureSummary {
  status: 'valid-trusted' | 'valid-untrusted' | 'invalid' | 'expired' | 'revoked';
  /** "Mario Rossi", from the certificate. */
  signer: string | null;
  /** The fiscal code in the certificate's serialNumber (TINIT-…), bare. */
  fiscalCode: string | null;
  /** Declared by the signer (signingTime attribute); null when absent. */
  signingTime: string | null;
  qualified: boolean;
}

/**
 * What the bytes of a signature say: a CAdES envelope (.p7m) or a PDF with a signature
 * dictionary (PAdES), verified cryptographically (digest, signature, chain, revocation).
 */
export interface SignedDocumentCheck {
  signed: boolean;
  format: 'p7m' | 'pades' | null;
  /** Why it is not accepted as signed (English). */
  reason: string | null;
  /**
   * The same reason in Italian and English, shown to the signer. Optional: results recorded
   * in histories before it existed carry only `reason`.
   */
  reasonText?: { it: string; en: string } | null;
  version: number | null;
  sha256: string | null;
  /** The verified signatures. Optional: results recorded before verification existed lack it. */
  signatures?: SignatureSummary[];
  /** Accepted with reservations the officer should see (untrusted chain under the `warn` policy). */
  warnings?: { it: string; en: string }[];
}

export interface TerritorialAgreementActivities {
  /** Opens the agreement's case (type, reference AT-year-n, parent, parties); idempotent. */
  registerAgreement(input: TerritorialAgreementInput): Promise<AgreementRegistration>;
  /** Reads the latest version of a document of the case and tells whether it carries a signature. */
  verifySignedDocument(input: { caseId: string; documentId: string }): Promise<SignedDocumentCheck>;
  /**
   * Stores the commitments of an agreement in force (agreement_commitments) and posts them to
   * the Fund ledger in the same transaction, once. Answers with the Rome civil day the
   * agreement came into force and the ledger transaction (none without commitments).
   */
  recordAgreementCommitments(input: {
    caseId: string;
    commitments: FundCommitment[];
    inForceAt: string;
  }): Promise<{ recorded: number; inForceOn: string; ledgerTransactionId?: string | null }>;
  /** The Fund ledger's account of one commitment (by its position in the agreement); null if not posted or reversed. */
  commitmentSettlement(input: { caseId: string; index: number }): Promise<{ amountCents: number | null; paidCents: number } | null>;
}
