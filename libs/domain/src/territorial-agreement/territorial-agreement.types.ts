import type { Actor } from '../actor';
import type { FundCommitmentKind } from '../fund/commitment-rules';

/**
 * Accordo territoriale (NdA PTM art. 10-11): drafted by CMM, sent to the parties for
 * signature, in force once every party signed. A party's refusal sends it back to the
 * officers, who renegotiate (a new draft) or declare it failed.
 */
export const AGREEMENT_STATES = ['drafting', 'awaiting-signatures', 'renegotiation', 'in-force', 'failed', 'withdrawn'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const AGREEMENT_TERMINAL_STATES: readonly AgreementState[] = ['in-force', 'failed', 'withdrawn'];

/** CMM's own party id: a party is a municipality's ISTAT code or CMM. */
export const CMM_PARTY = 'cmm';

/** The shape of a Fund commitment (libs/contracts FundCommitment), checked by the machine. */
export interface AgreementCommitment {
  party: string;
  kind: FundCommitmentKind;
  legalBasis: string | null;
  amountCents: number | null;
  description: string;
  dueDate: string | null;
}

export interface AgreementFacts {
  /** ISTAT codes of the municipal parties, plus CMM_PARTY when the externalities are metropolitan. */
  parties: readonly string[];
  /** The laws an additional contribution to the Fund may come from (FUND_CONTRIBUTION_BASES). */
  contributionBases: readonly string[];
}

export interface AgreementDraft {
  version: number;
  documentIds: string[];
  note: string;
  by: string;
  at: string;
}

export interface AgreementSignature {
  party: string;
  by: { subject: string; name: string; role: Actor['role'] };
  at: string;
  documentId: string;
  draftVersion: number;
}

export interface AgreementRefusal {
  party: string;
  by: { subject: string; name: string; role: Actor['role'] };
  at: string;
  reasons: string;
  draftVersion: number;
}

export interface AgreementStatus {
  state: AgreementState;
  draft: AgreementDraft | null;
  commitments: AgreementCommitment[];
  signatures: AgreementSignature[];
  /** Refusals of the current draft (a new draft clears them; the timeline keeps them all). */
  refusals: AgreementRefusal[];
  /** How many times the draft was sent for signature. */
  rounds: number;
  /** Set when the signature term of the current round passed. */
  signatureOverdue: boolean;
  closure: { reason: string } | null;
}

export type AgreementAction =
  | { type: 'add-draft'; actor: Actor; documentIds: string[]; note: string; at: string }
  | { type: 'set-commitments'; actor: Actor; commitments: AgreementCommitment[] }
  | { type: 'send-for-signature'; actor: Actor }
  | { type: 'sign'; actor: Actor; documentId: string; draftVersion: number; at: string }
  | { type: 'refuse'; actor: Actor; reasons: string; draftVersion: number; at: string }
  | { type: 'declare-failed'; actor: Actor; reasons: string }
  | { type: 'withdraw'; actor: Actor; reason: string };

/** What the clock does on its own. */
export type AgreementEvent = AgreementAction | { type: 'signature-term-expired' };
