import { municipalitiesOfficialName, municipalityOfficialName } from './municipality.repository';

describe('municipality correspondent naming', () => {
  it('names one municipality by its official name', () => {
    expect(municipalityOfficialName('Rho')).toBe('Comune di Rho');
    expect(municipalitiesOfficialName(['Rho'])).toBe('Comune di Rho');
  });

  it('names several municipalities as one correspondent', () => {
    expect(municipalitiesOfficialName(['Abbiategrasso', 'Milano'])).toBe('Comuni di Abbiategrasso e Milano');
    expect(municipalitiesOfficialName(['Assago', 'Opera', 'Rozzano'])).toBe('Comuni di Assago, Opera e Rozzano');
  });
});
