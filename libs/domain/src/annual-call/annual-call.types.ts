import type { Actor } from '../actor';

/** What a municipality proposes to the annual call (NdA PTM art. 14): an intervention to finance or a building to regenerate. */
export const PROPOSAL_KINDS = ['intervention', 'building-regeneration'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export interface ScoringCriterion {
  id: string;
  label: { it: string; en: string };
  /** Integer share of the total; the weights of a call sum to 100. */
  weight: number;
  source: string;
}

/** The criteria a call ranks by, copied onto the call when it opens (a later change of the data never moves a running call). */
export interface CallCriteria {
  version: string;
  source: string;
  /** Points per criterion go from 0 to `scale` (integers). */
  scale: number;
  criteria: ScoringCriterion[];
  tieBreak: { id: TieBreakRule; label: { it: string; en: string } }[];
}

/** The tie rules a call may list; protocol-order always decides, so it comes last. */
export const TIE_BREAK_RULES = ['cofinancing-share', 'protocol-order'] as const;
export type TieBreakRule = (typeof TIE_BREAK_RULES)[number];

export interface ProposalInput {
  kind: ProposalKind;
  title: string;
  description: string;
  /** Euro cents. */
  costCents: number;
  /** Euro cents the municipality puts in itself (0 ≤ co-financing ≤ cost). */
  cofinancingCents: number;
  location: string;
  /** STTM addressed (1, 2, 3). */
  sttm: number[];
  /** How many documents come with it (stored before the Update, POST /uploads). */
  documentCount: number;
}

export interface Proposal extends ProposalInput {
  id: string;
  istatCode: string;
  municipality: string;
  /** Arrival order in this call (1, 2, ...): follows the inbound protocol numbers. */
  sequence: number;
  protocolNumber: string;
  submittedAt: string;
  /** STTM the municipality adhered to on the day it submitted. */
  adheringSttm: number[];
  documentIds: string[];
  eligibility: { eligible: boolean; reasons: string; by: string } | null;
  /** Points per criterion id, 0..scale. */
  scores: Record<string, number> | null;
  scoredBy: string | null;
  /**
   * The corrections the municipality made while the window was open, each registered like the
   * proposal. Absent on proposals of calls whose workflow ran before corrections existed.
   */
  amendments?: ProposalAmendment[];
}

export interface ProposalAmendment {
  protocolNumber: string;
  at: string;
}

export interface RankingEntry {
  position: number;
  proposalId: string;
  istatCode: string;
  municipality: string;
  title: string;
  /** Σ weight × points: the exact number the ranking compares. */
  weightedPoints: number;
  /** 0..100: weightedPoints / scale. */
  score: number;
  /** The tie rule that put this proposal after the one above it with the same score, if any. */
  tieBrokenBy: TieBreakRule | null;
}

/** Every state of an annual call, in the order of its course (the API's enums list them so). */
export const CALL_STATES = ['open', 'evaluation', 'ranking-published', 'concluded', 'cancelled'] as const;
export type CallState = (typeof CALL_STATES)[number];
export const CALL_TERMINAL_STATES: readonly CallState[] = ['concluded', 'cancelled'];

export interface CallFacts {
  criteria: CallCriteria;
  /** The submission window: last day (Rome) and the first instant after it. */
  window: { dueDate: string; closesAt: string } | null;
}

export interface CallStatus {
  state: CallState;
  proposals: Proposal[];
  ranking: RankingEntry[] | null;
}

/** The municipality's adhesion on the day of the proposal, as the read model knows it (null in validators: not known yet). */
export interface AdhesionFact {
  adhering: boolean;
  sttm: number[];
  on: string;
}

export type CallAction =
  | {
      type: 'submit-proposal';
      actor: Actor;
      proposal: ProposalInput;
      /** Workflow time of the submission. */
      at: string;
      adhesion: AdhesionFact | null;
      /** Set by the workflow once the registry took the proposal; needed to apply it. */
      registered?: { id: string; protocolNumber: string; municipality: string; documentIds: string[] };
    }
  | {
      /** The municipality corrects its own proposal while the window is open: same checks as a submission. */
      type: 'amend-proposal';
      actor: Actor;
      proposalId: string;
      /** The whole corrected proposal; documentCount includes the documents already filed. */
      proposal: ProposalInput;
      at: string;
      /** Set by the workflow once the registry took the correction; needed to apply it. */
      registered?: { protocolNumber: string; documentIds: string[] };
    }
  | { type: 'mark-eligibility'; actor: Actor; proposalId: string; eligible: boolean; reasons: string }
  | { type: 'score-proposal'; actor: Actor; proposalId: string; scores: Record<string, number> }
  | { type: 'approve-ranking'; actor: Actor }
  | { type: 'cancel'; actor: Actor; reason: string };

export type CallEvent = CallAction | { type: 'window-closed' } | { type: 'publication-ended' };
