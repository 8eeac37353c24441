import { type ProposalSubmission, checkProposalSubmission } from './annual-call.submission';

const valid: ProposalSubmission = {
  kind: 'building-regeneration',
  title: 'Rigenerazione della ex caserma',
  description: 'Nuovi servizi di quartiere',
  costCents: 250_000_000,
  cofinancingCents: 50_000_000,
  location: 'Piazza d’Armi',
  sttm: [1, 2],
};
const english = (proposal: ProposalSubmission) => checkProposalSubmission(proposal)?.message ?? null;

describe('checkProposalSubmission', () => {
  it('accepts a proposal that keeps every rule', () => {
    expect(checkProposalSubmission(valid)).toBeNull();
    expect(checkProposalSubmission({ ...valid, cofinancingCents: 0 })).toBeNull();
  });

  it('refuses invalid input naming the field first, in Italian and English', () => {
    expect(checkProposalSubmission({ ...valid, cofinancingCents: 300_000_000 })).toEqual({
      code: 'invalid-input',
      message: 'cofinancingCents: the co-financing cannot exceed the cost',
      text: {
        it: 'cofinancingCents: il cofinanziamento non può superare il costo',
        en: 'cofinancingCents: the co-financing cannot exceed the cost',
      },
      state: undefined,
    });
  });

  it('lets the co-financing reach the cost, not exceed it', () => {
    expect(checkProposalSubmission({ ...valid, cofinancingCents: valid.costCents })).toBeNull();
    expect(english({ ...valid, cofinancingCents: valid.costCents + 1 })).toBe('cofinancingCents: the co-financing cannot exceed the cost');
  });

  it('checks each field by its rule', () => {
    expect(english({ ...valid, kind: 'other' as never })).toBe('kind: one of intervention, building-regeneration');
    expect(english({ ...valid, title: '  ' })).toBe('title: required');
    expect(english({ ...valid, description: '' })).toBe('description: required');
    expect(english({ ...valid, location: ' ' })).toBe('location: required');
    expect(english({ ...valid, costCents: 0 })).toBe('costCents: a positive amount in euro cents');
    expect(english({ ...valid, costCents: 1.5 })).toBe('costCents: a positive amount in euro cents');
    expect(english({ ...valid, cofinancingCents: -1 })).toBe('cofinancingCents: zero or a positive amount in euro cents');
    expect(english({ ...valid, sttm: [] })).toBe('sttm: one or more of 1, 2, 3, each once');
    expect(english({ ...valid, sttm: [4] })).toBe('sttm: one or more of 1, 2, 3, each once');
    expect(english({ ...valid, sttm: [1, 1] })).toBe('sttm: one or more of 1, 2, 3, each once');
  });
});
