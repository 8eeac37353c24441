import { type Refusal, refuse } from '../refusal';
import criteriaData from './annual-call-criteria.data.json';
import { type CallCriteria, TIE_BREAK_RULES } from './annual-call.types';

/**
 * The shipped criteria (annual-call-criteria.data.json: coherence with STTM 1/2/3 and with
 * art. 19 NdA, weights and tie rules with their source). Checked here so a bad edit of the
 * data fails the first test, not the first call.
 */
export function defaultCallCriteria(): CallCriteria {
  const data = criteriaData as unknown as CallCriteria;
  const problem = criteriaProblem(data);
  if (problem) throw new Error(`annual-call-criteria.data.json: ${problem.message}`);
  return JSON.parse(JSON.stringify(data)) as CallCriteria;
}

export function criteriaProblem(criteria: CallCriteria): Refusal | null {
  if (!Number.isInteger(criteria.scale) || criteria.scale < 1)
    return refuse('invalid-input', { it: 'scale: un numero intero positivo', en: 'scale: a positive integer' });
  if (criteria.criteria.length === 0) return refuse('invalid-input', { it: 'criteria: almeno un criterio', en: 'criteria: at least one' });
  const ids = new Set(criteria.criteria.map((c) => c.id));
  if (ids.size !== criteria.criteria.length)
    return refuse('invalid-input', { it: 'criteria: gli identificativi devono essere distinti', en: 'criteria: ids must be unique' });
  for (const c of criteria.criteria) {
    if (!Number.isInteger(c.weight) || c.weight < 0)
      return refuse('invalid-input', {
        it: `weights.${c.id}: un numero intero non negativo`,
        en: `weights.${c.id}: a non-negative integer`,
      });
  }
  const total = criteria.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total !== 100)
    return refuse('invalid-input', {
      it: `weights: la somma dei pesi deve essere 100 (è ${total})`,
      en: `weights: they must sum to 100 (they sum to ${total})`,
    });
  if (criteria.tieBreak.length === 0 || criteria.tieBreak.some((t) => !TIE_BREAK_RULES.includes(t.id))) {
    return refuse('invalid-input', {
      it: `tieBreak: le regole ammesse sono ${TIE_BREAK_RULES.join(', ')}`,
      en: `tieBreak: known rules are ${TIE_BREAK_RULES.join(', ')}`,
    });
  }
  if (criteria.tieBreak[criteria.tieBreak.length - 1].id !== 'protocol-order') {
    // The only rule that always decides: without it last, two proposals could share a position.
    return refuse('invalid-input', {
      it: "tieBreak: protocol-order deve essere l'ultima regola",
      en: 'tieBreak: protocol-order must be the last rule',
    });
  }
  return null;
}

/** The criteria of one call: the shipped ones, with the call's own weights when it sets them. */
export function criteriaForCall(base: CallCriteria, weights?: Record<string, number> | null): CallCriteria | Refusal {
  if (!weights) return base;
  const known = new Set(base.criteria.map((c) => c.id));
  const unknown = Object.keys(weights).filter((id) => !known.has(id));
  if (unknown.length > 0)
    return refuse('invalid-input', {
      it: `weights.${unknown[0]}: non è un criterio dell'avviso (criteri: ${[...known].join(', ')})`,
      en: `weights.${unknown[0]}: not a criterion of the call (criteria: ${[...known].join(', ')})`,
    });
  const missing = base.criteria.find((c) => !(c.id in weights));
  if (missing)
    return refuse('invalid-input', {
      it: `weights.${missing.id}: attribuire un peso a ogni criterio`,
      en: `weights.${missing.id}: give a weight to every criterion`,
    });
  const call: CallCriteria = { ...base, criteria: base.criteria.map((c) => ({ ...c, weight: weights[c.id] })) };
  return criteriaProblem(call) ?? call;
}
