import { defineSignal } from '@temporalio/workflow';
import type { Actor } from '@cmm/domain';

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
