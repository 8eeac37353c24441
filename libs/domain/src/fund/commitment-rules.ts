import { isValidCivilDate } from '@cmm/legal-calendar';

/** What a commitment to the Fund (or to the other parties of an act) can be. */
export const FUND_COMMITMENT_KINDS = ['fund-contribution', 'diffusion-balancing', 'obligation'] as const;
export type FundCommitmentKind = (typeof FUND_COMMITMENT_KINDS)[number];

/** A commitment's terms, whoever takes it and whatever act states it. */
export interface CommitmentTerms {
  kind: string;
  legalBasis: string | null;
  amountCents: number | null;
  description: string;
  dueDate: string | null;
}

export interface CommitmentTermsProblem {
  field: keyof CommitmentTerms;
  rule: string;
  /** English; `reasonIt` is the same in Italian, the text a clerk reads first. */
  reason: string;
  reasonIt: string;
}

/**
 * Why the Fund ledger could not post a commitment, for the first wrong field. One rule for
 * every door a commitment comes in by (agreement, adhesion, the Fund API) and for the ledger
 * itself, so nothing accepted at input is refused when the act takes effect. Whether a legal
 * basis is one of the admitted ones is the caller's check: the list lives in the contracts.
 */
export function commitmentTermsProblem(c: CommitmentTerms): CommitmentTermsProblem | null {
  if (!(FUND_COMMITMENT_KINDS as readonly string[]).includes(c.kind)) {
    return {
      field: 'kind',
      rule: 'oneOf',
      reason: `must be one of ${FUND_COMMITMENT_KINDS.join(', ')}`,
      reasonIt: `deve essere uno tra ${FUND_COMMITMENT_KINDS.join(', ')}`,
    };
  }
  if (c.amountCents !== null && !(Number.isSafeInteger(c.amountCents) && c.amountCents > 0)) {
    return {
      field: 'amountCents',
      rule: 'positiveInteger',
      reason: 'an amount is a whole number of euro cents greater than zero',
      reasonIt: 'un importo è un numero intero di centesimi di euro maggiore di zero',
    };
  }
  if (c.kind === 'fund-contribution' && !c.legalBasis) {
    return {
      field: 'legalBasis',
      rule: 'requiredForFundContribution',
      reason: 'a contribution to the Fund names the law its additional contribution comes from (LR 12/2005)',
      reasonIt: 'un contributo al Fondo indica la norma da cui deriva la maggiorazione del contributo (LR 12/2005)',
    };
  }
  if (c.kind !== 'obligation' && c.amountCents === null) {
    return {
      field: 'amountCents',
      rule: 'amountRequired',
      reason: `a ${c.kind} is an amount of money`,
      reasonIt: `un impegno «${c.kind}» è una somma di denaro: indicare l'importo`,
    };
  }
  if (!c.description?.trim())
    return {
      field: 'description',
      rule: 'required',
      reason: 'say what the party commits to',
      reasonIt: 'indicare a che cosa si impegna la parte',
    };
  if (c.dueDate !== null && !isValidCivilDate(c.dueDate)) {
    return {
      field: 'dueDate',
      rule: 'calendarDate',
      reason: `${c.dueDate} is not a day of the calendar (YYYY-MM-DD)`,
      reasonIt: `${c.dueDate} non è un giorno del calendario (AAAA-MM-GG)`,
    };
  }
  return null;
}
