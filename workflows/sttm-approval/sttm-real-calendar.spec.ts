// The real calendar of the first three STTM (halved terms, NdA art. 7bis c.7) against what the
// system computes. PUBLIC RECORD (Relazione generale §2.1): avvio by Decreto del
// Sindaco metropolitano n. 77 of 14/04/2022; kick-off meeting 24/05/2022; presentation to the
// mayors 05/12/2022; territorial tables January–February 2023; conferenza istruttoria 18/10/2023;
// final approval by Council resolution n. 5 of 28/02/2024. INFERRED here: the adoption date and
// the availability date, which the record we hold does not give; the tests derive from the
// conferenza the adoption dates the system would accept, and check the record against them.
import { sttmSchedule, validAdoptionRange } from '../../activities/sttm-approval.activities';
import { computeRuleDeadline } from '@cmm/legal-calendar';

describe('the real calendar of the first three STTM', () => {
  it('puts the conferenza istruttoria of 18 October 2023 inside the window only for an adoption between 19 October and 17 November 2023', () => {
    const range = validAdoptionRange({ adoptionDate: '2023-11-17', halved: true, conferenzaOn: '2023-10-18' });
    expect(range).toEqual({ from: '2023-10-19', to: '2023-11-17' });
    expect(sttmSchedule('2023-11-17', true)).toMatchObject({ conferenzaFrom: '2023-10-18', conferenzaTo: '2023-11-16' });
    expect(sttmSchedule('2023-11-18', true).conferenzaFrom).toBe('2023-10-19');
  });

  it('computes for the latest adoption the record allows (17/11/2023, inferred) the availability deadline and the window', () => {
    const schedule = sttmSchedule('2023-11-17', true);
    // 45 days before 17/11/2023 is Tuesday 03/10/2023, a working day: no shift.
    expect(schedule).toEqual({
      adoptionDate: '2023-11-17',
      halved: true,
      availabilityLatest: '2023-10-03',
      conferenzaFrom: '2023-10-18',
      conferenzaTo: '2023-11-16',
      legalSource: 'NdA PTM art. 7bis c.4; NdA PTM art. 7bis c.7',
    });
    // With full terms the same adoption would have needed the proposal out by Saturday 19/08/2023.
    expect(sttmSchedule('2023-11-17', false)).toMatchObject({ availabilityLatest: '2023-08-19', conferenzaFrom: '2023-09-18' });
  });

  it('gives, for a proposal made available on the last useful day, the adoption dates compatible with the conferenza of 18/10/2023', () => {
    expect(validAdoptionRange({ adoptionDate: '2023-11-17', halved: true, availableOn: '2023-10-03', conferenzaOn: '2023-10-18' })).toEqual(
      { from: '2023-11-17', to: '2023-11-17' },
    );
  });

  it('leaves room for the halved osservazioni period before the final approval of 28/02/2024', () => {
    // Publication at the albo right after an adoption of November 2023 (inferred): 30 days.
    const osservazioni = computeRuleDeadline('sttm-approval.osservazioni', '2023-11-20', { halved: true });
    expect(osservazioni.deadline).toBe('2023-12-20');
    expect(osservazioni.deadline < '2024-02-28').toBe(true);
  });
});
