import { type AdhesionSubmission, checkAdhesionSubmission } from './adhesion.submission';

const TODAY = '2026-12-02';
const valid: AdhesionSubmission = { deliberation: { number: '12', date: '2026-03-02' } };
const contribution = { kind: 'fund-contribution', legalBasis: 'LR 12/2005 art. 43 c.2-bis', amountCents: 100, description: 'Quota' };
const namesOf = (submission: AdhesionSubmission) =>
  checkAdhesionSubmission(submission, TODAY)?.fields?.map(({ field, rule }) => `${field}:${rule}`) ?? [];

describe('checkAdhesionSubmission', () => {
  it('accepts an adhesion that keeps every rule, with or without commitments', () => {
    expect(checkAdhesionSubmission(valid, TODAY)).toBeNull();
    expect(checkAdhesionSubmission({ ...valid, fund: true, commitments: [contribution] }, TODAY)).toBeNull();
    expect(checkAdhesionSubmission({ ...valid, fund: false, commitments: [] }, TODAY)).toBeNull();
  });

  describe('the deliberation date', () => {
    it('may be today (Rome), not tomorrow', () => {
      expect(checkAdhesionSubmission({ deliberation: { number: '1', date: TODAY } }, TODAY)).toBeNull();
      expect(checkAdhesionSubmission({ deliberation: { number: '1', date: '2026-12-03' } }, TODAY)?.fields).toEqual([
        {
          field: 'deliberation.date',
          rule: 'notInFuture',
          text: { it: 'la delibera deve essere già stata adottata', en: 'the deliberation must already be adopted' },
        },
      ]);
    });

    it('must be a day of the calendar', () => {
      const refusal = checkAdhesionSubmission({ deliberation: { number: '1', date: '2026-04-31' } }, TODAY);
      expect(refusal).toMatchObject({
        code: 'invalid-input',
        fields: [
          {
            field: 'deliberation.date',
            rule: 'calendarDate',
            text: { it: '2026-04-31 non è un giorno del calendario', en: '2026-04-31 is not a day of the calendar' },
          },
        ],
      });
    });
  });

  it("names each commitment's wrong term by its index, with the Fund's rule", () => {
    const refusal = checkAdhesionSubmission(
      { ...valid, commitments: [contribution, { kind: 'fund-contribution', amountCents: 100, description: 'Quota' }] },
      TODAY,
    );
    expect(refusal?.fields).toEqual([
      {
        field: 'commitments.1.legalBasis',
        rule: 'requiredForFundContribution',
        text: {
          it: 'un contributo al Fondo indica la norma da cui deriva la maggiorazione del contributo (LR 12/2005)',
          en: 'a contribution to the Fund names the law its additional contribution comes from (LR 12/2005)',
        },
      },
    ]);
  });

  it('takes commitments only with the adhesion to the Fund', () => {
    expect(checkAdhesionSubmission({ ...valid, fund: false, commitments: [contribution] }, TODAY)?.fields).toEqual([
      {
        field: 'commitments',
        rule: 'fundAdhesion',
        text: {
          it: "gli impegni verso il Fondo richiedono l'adesione al Fondo",
          en: 'commitments to the Fund need the adhesion to the Fund',
        },
      },
    ]);
    // Absent means adhering to the Fund too.
    expect(checkAdhesionSubmission({ ...valid, fund: null, commitments: [contribution] }, TODAY)).toBeNull();
  });

  it('names every rule broken in one refusal, the date first', () => {
    expect(
      namesOf({ deliberation: { number: '1', date: '2027-01-01' }, fund: false, commitments: [{ kind: 'obligation', description: ' ' }] }),
    ).toEqual(['deliberation.date:notInFuture', 'commitments.0.description:required', 'commitments:fundAdhesion']);
  });
});
