import { type EvaluationSubmission, checkEvaluationSubmission } from './compatibility-evaluation.submission';

const TODAY = '2026-12-02';
const valid: EvaluationSubmission = {
  deliberation: { number: '45', date: '2026-10-30' },
  declaresSupraMunicipalRelevance: false,
  uploads: {},
};
const fieldsOf = (submission: EvaluationSubmission) =>
  checkEvaluationSubmission(submission, TODAY)?.fields?.map(({ field, rule }) => `${field}:${rule}`) ?? [];

describe('checkEvaluationSubmission', () => {
  it('accepts a submission that keeps every rule', () => {
    expect(checkEvaluationSubmission(valid, TODAY)).toBeNull();
    expect(
      checkEvaluationSubmission(
        {
          ...valid,
          declaresSupraMunicipalRelevance: true,
          affectedMunicipalities: ['015182'],
          adhesionCase: 'a',
          uploads: { diffusionBalance: 'u1', adhesionDeliberation: 'u2' },
        },
        TODAY,
      ),
    ).toBeNull();
  });

  describe('the deliberation date', () => {
    it('may be today (Rome), not tomorrow', () => {
      expect(checkEvaluationSubmission({ ...valid, deliberation: { number: '1', date: TODAY } }, TODAY)).toBeNull();
      const refusal = checkEvaluationSubmission({ ...valid, deliberation: { number: '1', date: '2026-12-03' } }, TODAY);
      expect(refusal).toEqual({
        code: 'invalid-input',
        message: 'deliberation.date: the act must already be adopted',
        text: { it: "deliberation.date: l'atto deve essere già stato adottato", en: 'deliberation.date: the act must already be adopted' },
        state: undefined,
        fields: [
          {
            field: 'deliberation.date',
            rule: 'notInFuture',
            text: { it: "l'atto deve essere già stato adottato", en: 'the act must already be adopted' },
          },
        ],
      });
    });

    it('must be a day of the calendar', () => {
      expect(checkEvaluationSubmission({ ...valid, deliberation: { number: '1', date: '2026-02-29' } }, TODAY)?.fields).toEqual([
        {
          field: 'deliberation.date',
          rule: 'calendarDate',
          text: { it: '2026-02-29 non è un giorno del calendario', en: '2026-02-29 is not a day of the calendar' },
        },
      ]);
      expect(checkEvaluationSubmission({ ...valid, deliberation: { number: '1', date: '2024-02-29' } }, TODAY)).toBeNull();
    });

    it('is refused on its own, before the cross-field rules', () => {
      expect(fieldsOf({ ...valid, declaresSupraMunicipalRelevance: true, deliberation: { number: '1', date: '2027-01-01' } })).toEqual([
        'deliberation.date:notInFuture',
      ]);
    });
  });

  it('takes affected municipalities only with a declared supra-municipal relevance', () => {
    const refusal = checkEvaluationSubmission({ ...valid, affectedMunicipalities: ['015182'] }, TODAY);
    expect(refusal?.fields).toEqual([
      {
        field: 'affectedMunicipalities',
        rule: 'requiresRelevance',
        text: {
          it: 'i Comuni interessati si indicano solo con la rilevanza sovracomunale dichiarata e il relativo bilancio di diffusione',
          en: 'affected municipalities come with a declared supra-municipal relevance and its diffusion balance',
        },
      },
    ]);
    expect(checkEvaluationSubmission({ ...valid, affectedMunicipalities: [] }, TODAY)).toBeNull();
  });

  it('needs the diffusion balance with a declared supra-municipal relevance (art. 10 NdA)', () => {
    expect(checkEvaluationSubmission({ ...valid, declaresSupraMunicipalRelevance: true }, TODAY)?.fields).toEqual([
      {
        field: 'uploads.diffusionBalance',
        rule: 'requiredWithRelevance',
        text: {
          it: 'la rilevanza sovracomunale dichiarata richiede il bilancio di diffusione (art. 10 NdA)',
          en: 'declaring supra-municipal relevance requires the diffusion balance (art. 10 NdA)',
        },
      },
    ]);
  });

  it('needs the adhesion deliberation with a contextual adhesion', () => {
    expect(checkEvaluationSubmission({ ...valid, adhesionCase: 'b' }, TODAY)?.fields).toEqual([
      {
        field: 'uploads.adhesionDeliberation',
        rule: 'requiredWithAdhesion',
        text: { it: 'il caso di adesione b richiede la delibera di adesione', en: 'adhesion case b requires the adhesion deliberation' },
      },
    ]);
    expect(checkEvaluationSubmission({ ...valid, adhesionCase: null }, TODAY)).toBeNull();
  });

  it('names every cross-field rule broken, in one refusal whose words join them', () => {
    const refusal = checkEvaluationSubmission({ ...valid, declaresSupraMunicipalRelevance: true, adhesionCase: 'a' }, TODAY);
    expect(refusal?.fields?.map((f) => `${f.field}:${f.rule}`)).toEqual([
      'uploads.diffusionBalance:requiredWithRelevance',
      'uploads.adhesionDeliberation:requiredWithAdhesion',
    ]);
    expect(refusal?.text?.it).toBe(
      'uploads.diffusionBalance: la rilevanza sovracomunale dichiarata richiede il bilancio di diffusione (art. 10 NdA); uploads.adhesionDeliberation: il caso di adesione a richiede la delibera di adesione',
    );
  });
});
