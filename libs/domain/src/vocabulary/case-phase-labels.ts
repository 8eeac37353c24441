import type { BilingualLabel } from './bilingual-label';

/**
 * The notes a case's `phase` carries. The column stores the Italian words (older rows keep
 * theirs), so the activities write `.it` of these and the API finds the English by it.
 */
export const CASE_PHASE_LABELS = {
  halvedTerms: { it: 'termini dimezzati (NdA art. 7bis c.7)', en: 'halved terms (NdA art. 7bis c.7)' },
  metropolitanExternalities: { it: 'esternalità metropolitane: CMM è parte', en: 'metropolitan externalities: CMM is a party' },
} as const satisfies Record<string, BilingualLabel>;

/** A case's phase note in both languages; a note written otherwise is shown as it is, in both. */
export function casePhaseLabel(phase: string | null | undefined): BilingualLabel | null {
  if (phase === null || phase === undefined || phase.trim() === '') return null;
  return Object.values(CASE_PHASE_LABELS).find((label) => label.it === phase) ?? { it: phase, en: phase };
}
