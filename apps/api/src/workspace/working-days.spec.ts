import { type WorkingDayPolicy, parseCivilDate } from '@cmm/legal-calendar';
import { policyOf, workingDaysBetween } from './working-days';

describe('working days left', () => {
  const national: WorkingDayPolicy = { calendar: 'national', saturdayNonWorking: true };

  it('passes over Christmas, Santo Stefano and the weekend on the legal calendar', () => {
    // Thu 24 counts; Fri 25 and Sat 26 are holidays, Sun 27 a Sunday; Mon 28 is the due day.
    expect(workingDaysBetween(parseCivilDate('2026-12-23'), '2026-12-28', national)).toBe(2);
  });

  it('is zero on the due day and negative once it has passed', () => {
    expect(workingDaysBetween(parseCivilDate('2026-12-28'), '2026-12-28', national)).toBe(0);
    expect(workingDaysBetween(parseCivilDate('2026-12-28'), '2026-12-23', national)).toBe(-2);
  });

  it("takes the calendar of the deadline's rule from the rulebook", () => {
    const policy = policyOf('compatibility-evaluation.opinion');
    expect(['national', 'milano']).toContain(policy.calendar);
    // Sant'Ambrogio (7 December) is a working day nationally, a closure of Milan's offices.
    const across = (p: WorkingDayPolicy) => workingDaysBetween(parseCivilDate('2026-12-04'), '2026-12-09', p);
    expect(across(national) - across({ calendar: 'milano', saturdayNonWorking: true })).toBe(1);
  });
});
