import { type Refusal, type RefusalText, refuse } from '../refusal';
import { STTM_NUMBERS } from '../sttm-numbers';
import { PROPOSAL_KINDS, type ProposalInput } from './annual-call.types';

/** What a municipality proposes to the annual call, whether first submitted or corrected (the documents aside). */
export type ProposalSubmission = Omit<ProposalInput, 'documentCount'>;

const blank = (text: string) => text.trim().length === 0;

/** The data of a proposal, whatever the state: each problem names its field. */
export function proposalProblem(p: ProposalSubmission): RefusalText | null {
  if (!PROPOSAL_KINDS.includes(p.kind))
    return { it: `kind: uno tra ${PROPOSAL_KINDS.join(', ')}`, en: `kind: one of ${PROPOSAL_KINDS.join(', ')}` };
  if (blank(p.title)) return { it: 'title: obbligatorio', en: 'title: required' };
  if (blank(p.description)) return { it: 'description: obbligatoria', en: 'description: required' };
  if (blank(p.location)) return { it: 'location: obbligatoria', en: 'location: required' };
  if (!Number.isSafeInteger(p.costCents) || p.costCents <= 0)
    return { it: 'costCents: un importo positivo in centesimi di euro', en: 'costCents: a positive amount in euro cents' };
  if (!Number.isSafeInteger(p.cofinancingCents) || p.cofinancingCents < 0)
    return {
      it: 'cofinancingCents: zero o un importo positivo in centesimi di euro',
      en: 'cofinancingCents: zero or a positive amount in euro cents',
    };
  if (p.cofinancingCents > p.costCents)
    return {
      it: 'cofinancingCents: il cofinanziamento non può superare il costo',
      en: 'cofinancingCents: the co-financing cannot exceed the cost',
    };
  if (
    p.sttm.length === 0 ||
    p.sttm.some((n) => !(STTM_NUMBERS as readonly number[]).includes(n)) ||
    new Set(p.sttm).size !== p.sttm.length
  ) {
    return { it: 'sttm: uno o più tra 1, 2, 3, ciascuno una sola volta', en: 'sttm: one or more of 1, 2, 3, each once' };
  }
  return null;
}

/**
 * A proposal's own rules, the same for its first submission and its corrections: null, or the
 * refusal naming the first field wrong (the text starts with the field). No rule here depends on
 * the day: whether the window is still open needs the call, and is the machine's (callNextState).
 */
export function checkProposalSubmission(proposal: ProposalSubmission): Refusal | null {
  const problem = proposalProblem(proposal);
  return problem ? refuse('invalid-input', problem) : null;
}
