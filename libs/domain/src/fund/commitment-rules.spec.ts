import { type CommitmentTerms, commitmentTermsProblem } from './commitment-rules';

const contribution: CommitmentTerms = {
  kind: 'fund-contribution',
  legalBasis: 'LR 12/2005 art. 43 c.2-bis',
  amountCents: 1_500_000,
  description: 'Quota dei contributi aggiuntivi',
  dueDate: '2027-06-30',
};

describe('commitmentTermsProblem', () => {
  it('accepts a Fund contribution with its basis, and an obligation with no amount', () => {
    expect(commitmentTermsProblem(contribution)).toBeNull();
    expect(
      commitmentTermsProblem({
        kind: 'obligation',
        legalBasis: null,
        amountCents: null,
        description: 'Monitoraggio annuale',
        dueDate: null,
      }),
    ).toBeNull();
  });

  it.each([
    [{ kind: 'gift' }, 'kind', 'oneOf'],
    [{ amountCents: 0 }, 'amountCents', 'positiveInteger'],
    [{ amountCents: -5 }, 'amountCents', 'positiveInteger'],
    [{ amountCents: 10.5 }, 'amountCents', 'positiveInteger'],
    [{ legalBasis: null }, 'legalBasis', 'requiredForFundContribution'],
    [{ kind: 'diffusion-balancing', legalBasis: null, amountCents: null }, 'amountCents', 'amountRequired'],
    [{ description: '   ' }, 'description', 'required'],
    [{ dueDate: '2027-02-30' }, 'dueDate', 'calendarDate'],
  ] as const)('refuses %j naming %s and the rule %s', (change, field, rule) => {
    expect(commitmentTermsProblem({ ...contribution, ...change })).toMatchObject({ field, rule, reason: expect.any(String) });
  });
});
