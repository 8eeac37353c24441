import { formatCivilDate } from '../time/civil-date.codec';
import { easterSunday } from './easter.computus';

describe('Gregorian computus', () => {
  it.each([
    [1996, '1996-04-07'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(formatCivilDate(easterSunday(year))).toBe(date);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    for (let year = 1996; year <= 2400; year += 1) {
      const easter = easterSunday(year);
      const text = formatCivilDate(easter);
      expect(new Date(easter * 86_400_000).getUTCDay()).toBe(0);
      expect(text >= `${year}-03-22` && text <= `${year}-04-25`).toBe(true);
    }
  });
});
