import { DEFAULT_CALENDAR, countWorkingDays, findRule, parseCivilDate, type DayNumber, type WorkingDayPolicy } from '@cmm/legal-calendar';

// Terms outside the rulebook (none today) count on the national calendar, Saturdays off.
const FALLBACK: WorkingDayPolicy = { calendar: DEFAULT_CALENDAR, saturdayNonWorking: true };

/** The working-day policy of a deadline's rule, from the rulebook (never re-coded here). */
export const policyOf = (ruleId: string): WorkingDayPolicy => {
  const rule = findRule(ruleId);
  return rule ? { calendar: rule.calendar, saturdayNonWorking: rule.saturdayNonWorking } : FALLBACK;
};

/**
 * Working days from today to the due day, on the legal calendar: today excluded, the due day
 * included; negative when the due day has passed (the working days since, today included).
 */
export function workingDaysBetween(today: DayNumber, dueDate: string, policy: WorkingDayPolicy): number {
  const due = parseCivilDate(dueDate);
  if (due === today) return 0;
  return due > today ? countWorkingDays(today + 1, due, policy) : -countWorkingDays(due + 1, today, policy);
}
