import type { RefusalText } from '../refusal';
import type { CallCriteria, Proposal, RankingEntry, TieBreakRule } from './annual-call.types';

/**
 * The points a proposal earns: Σ weight × points over the call's criteria. Weights are
 * integers summing to 100 and points integers 0..scale, so the total is an exact integer
 * and two proposals tie only when their totals are equal — no rounding decides a position.
 */
export function weightedPoints(scores: Record<string, number>, criteria: CallCriteria): number {
  return criteria.criteria.reduce((sum, c) => sum + c.weight * (scores[c.id] ?? 0), 0);
}

/** The score shown to people, 0..100. */
export const scoreOf = (weighted: number, criteria: CallCriteria): number => weighted / criteria.scale;

/** Why points are not acceptable for the call, naming the criterion; null when they are. */
export function scoresProblem(scores: Record<string, number>, criteria: CallCriteria): RefusalText | null {
  const known = new Set(criteria.criteria.map((c) => c.id));
  const extra = Object.keys(scores).find((id) => !known.has(id));
  if (extra) return { it: `scores.${extra}: non è un criterio di questo avviso`, en: `scores.${extra}: not a criterion of this call` };
  for (const c of criteria.criteria) {
    const points = scores[c.id];
    if (points === undefined)
      return {
        it: `scores.${c.id}: occorre attribuire un punteggio a ogni criterio`,
        en: `scores.${c.id}: every criterion must be scored`,
      };
    if (!Number.isInteger(points) || points < 0 || points > criteria.scale)
      return {
        it: `scores.${c.id}: un numero intero da 0 a ${criteria.scale}`,
        en: `scores.${c.id}: an integer from 0 to ${criteria.scale}`,
      };
  }
  return null;
}

/**
 * Tie rules, in the order the call lists them. Both are exact: the co-financing shares are
 * compared by cross-multiplication in BigInt (cents times cents exceed 2^53), and the arrival
 * order follows the gap-free protocol numbers, so it always decides.
 */
const TIE_RULES: Record<TieBreakRule, (a: Proposal, b: Proposal) => number> = {
  'cofinancing-share': (a, b) => {
    const left = BigInt(b.cofinancingCents) * BigInt(a.costCents);
    const right = BigInt(a.cofinancingCents) * BigInt(b.costCents);
    return left < right ? -1 : left > right ? 1 : 0;
  },
  'protocol-order': (a, b) => a.sequence - b.sequence,
};

/** Negative when `a` ranks before `b`; with the rule that decided (null: the scores did). */
function compare(a: Proposal, b: Proposal, criteria: CallCriteria): { order: number; decidedBy: TieBreakRule | null } {
  const byScore = weightedPoints(b.scores ?? {}, criteria) - weightedPoints(a.scores ?? {}, criteria);
  if (byScore !== 0) return { order: byScore, decidedBy: null };
  for (const rule of criteria.tieBreak) {
    const order = TIE_RULES[rule.id](a, b);
    if (order !== 0) return { order, decidedBy: rule.id };
  }
  return { order: 0, decidedBy: null };
}

/**
 * The ranked list: eligible, scored proposals by score, ties resolved by the call's rules
 * (default: higher co-financing share, then arrival at the protocol). Ineligible proposals
 * are not ranked. Positions are 1..n with no two proposals sharing one.
 */
export function rankProposals(proposals: readonly Proposal[], criteria: CallCriteria): RankingEntry[] {
  const ranked = proposals
    .filter((p) => p.eligibility?.eligible === true && p.scores !== null)
    .sort((a, b) => compare(a, b, criteria).order);
  return ranked.map((p, i) => {
    const weighted = weightedPoints(p.scores ?? {}, criteria);
    const above = i > 0 ? ranked[i - 1] : null;
    return {
      position: i + 1,
      proposalId: p.id,
      istatCode: p.istatCode,
      municipality: p.municipality,
      title: p.title,
      weightedPoints: weighted,
      score: scoreOf(weighted, criteria),
      tieBrokenBy: above ? compare(above, p, criteria).decidedBy : null,
    };
  });
}

/**
 * What the call checks before an officer may declare a proposal eligible, each with its
 * rule: the proposal addresses at least one STTM its municipality adhered to on the day
 * it was submitted (NdA PTM art. 11, 14: the call is one of the advantages of adhering),
 * and it comes with at least one document.
 */
export function eligibilityProblems(proposal: Proposal): { rule: 'adhered-sttm' | 'documents'; message: string; messageIt: string }[] {
  const problems: { rule: 'adhered-sttm' | 'documents'; message: string; messageIt: string }[] = [];
  if (!proposal.sttm.some((n) => proposal.adheringSttm.includes(n))) {
    problems.push({
      rule: 'adhered-sttm',
      message: `the proposal addresses STTM ${proposal.sttm.join(', ')}, but the municipality adhered to STTM ${proposal.adheringSttm.join(', ') || 'none'} on the day it submitted`,
      messageIt: `la proposta riguarda gli STTM ${proposal.sttm.join(', ')}, ma alla data di presentazione il Comune aderiva agli STTM ${proposal.adheringSttm.join(', ') || 'nessuno'}`,
    });
  }
  if (proposal.documentCount < 1)
    problems.push({
      rule: 'documents',
      message: 'the proposal came without documents',
      messageIt: 'la proposta è stata presentata senza documenti',
    });
  return problems;
}
