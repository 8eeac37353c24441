import { checkAdhesionSubmission, checkProposalSubmission, refuse } from '@cmm/domain';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { refusalProblem, romeToday } from './procedure-workflows';

describe('refusalProblem', () => {
  it('answers the fields a refusal names as invalid parameters, 422, with their rules and both texts', () => {
    const refusal = checkAdhesionSubmission(
      {
        deliberation: { number: '1', date: '2027-01-01' },
        fund: false,
        commitments: [{ kind: 'obligation', description: 'Manutenzione' }],
      },
      '2026-12-02',
    );
    const problem = refusalProblem(refusal!);
    expect(problem).toBeInstanceOf(InvalidParamsException);
    expect(problem.getStatus()).toBe(422);
    expect((problem as InvalidParamsException).invalidParams).toEqual([
      {
        name: 'deliberation.date',
        rule: 'notInFuture',
        reason: { it: 'la delibera deve essere già stata adottata', en: 'the deliberation must already be adopted' },
      },
      {
        name: 'commitments',
        rule: 'fundAdhesion',
        reason: {
          it: "gli impegni verso il Fondo richiedono l'adesione al Fondo",
          en: 'commitments to the Fund need the adhesion to the Fund',
        },
      },
    ]);
    expect(problem.detailFor('it')).toBe(
      "deliberation.date: la delibera deve essere già stata adottata; commitments: gli impegni verso il Fondo richiedono l'adesione al Fondo",
    );
  });

  it('answers any other refusal as the same refusal from a workflow: its status, words and state', () => {
    const invalid = refusalProblem(
      checkProposalSubmission({
        kind: 'intervention',
        title: 'T',
        description: 'D',
        location: 'L',
        costCents: 10,
        cofinancingCents: 11,
        sttm: [1],
      })!,
    );
    expect(invalid).toBeInstanceOf(ProblemException);
    expect(invalid).not.toBeInstanceOf(InvalidParamsException);
    expect([invalid.getStatus(), invalid.detailFor('it'), invalid.detailFor('en'), invalid.extensions]).toEqual([
      422,
      'cofinancingCents: il cofinanziamento non può superare il costo',
      'cofinancingCents: the co-financing cannot exceed the cost',
      {},
    ]);
    const late = refusalProblem(refuse('invalid-state', { it: 'finestra chiusa', en: 'window closed' }, 'evaluation'));
    expect([late.getStatus(), late.detailFor('it'), late.extensions]).toEqual([409, 'finestra chiusa', { state: 'evaluation' }]);
    expect(refusalProblem(refuse('forbidden', 'only a municipality')).getStatus()).toBe(403);
  });
});

describe('romeToday', () => {
  it('is the civil day in Rome, not in UTC', () => {
    expect(romeToday('2026-12-02T22:59:59Z')).toBe('2026-12-02');
    expect(romeToday('2026-12-02T23:00:00Z')).toBe('2026-12-03');
    expect(romeToday('2026-07-01T21:59:59Z')).toBe('2026-07-01');
    expect(romeToday('2026-07-01T22:00:00Z')).toBe('2026-07-02');
  });
});
