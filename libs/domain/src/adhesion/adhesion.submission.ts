import { commitmentTermsProblem } from '../fund/commitment-rules';
import { type Refusal, type RefusedField, refuseFields } from '../refusal';
import { deliberationDateProblem } from '../submission-rules';

/** What a municipality files to adhere to the STTM and the Fund, as far as its own rules read it. */
export interface AdhesionSubmission {
  deliberation: { number: string; date: string };
  /** Adheres to the Fund too (absent: yes). */
  fund?: boolean | null;
  /** Commitments the municipality takes towards the Fund; the party is the municipality itself. */
  commitments?:
    | readonly { kind: string; legalBasis?: string | null; amountCents?: number | null; description: string; dueDate?: string | null }[]
    | null;
}

/**
 * The adhesion's own rules, before anything is looked up: null, or one refusal naming every
 * field and rule broken — the deliberation a day of the calendar and not later than `today`
 * (YYYY-MM-DD, Europe/Rome), each commitment's terms (the Fund's rule), and commitments only
 * with the adhesion to the Fund.
 */
export function checkAdhesionSubmission(submission: AdhesionSubmission, today: string): Refusal | null {
  const problems: RefusedField[] = [];
  const date = deliberationDateProblem(submission.deliberation.date, today, {
    it: 'la delibera deve essere già stata adottata',
    en: 'the deliberation must already be adopted',
  });
  if (date) problems.push(date);
  const commitments = submission.commitments ?? [];
  commitments.forEach((c, i) => {
    const problem = commitmentTermsProblem({
      ...c,
      legalBasis: c.legalBasis ?? null,
      amountCents: c.amountCents ?? null,
      dueDate: c.dueDate ?? null,
    });
    if (problem)
      problems.push({ field: `commitments.${i}.${problem.field}`, rule: problem.rule, text: { it: problem.reasonIt, en: problem.reason } });
  });
  if (commitments.length > 0 && submission.fund === false) {
    problems.push({
      field: 'commitments',
      rule: 'fundAdhesion',
      text: {
        it: "gli impegni verso il Fondo richiedono l'adesione al Fondo",
        en: 'commitments to the Fund need the adhesion to the Fund',
      },
    });
  }
  return refuseFields(problems);
}
