import { isValidCivilDate } from '@cmm/legal-calendar';
import type { RefusalText, RefusedField } from './refusal';

/**
 * The date of the act a municipality files (`deliberation.date`): a day of the calendar, and
 * not later than `today` (YYYY-MM-DD, Europe/Rome) — the act must already be adopted. Each
 * procedure says in its own words what must be adopted (`notAdoptedYet`).
 */
export function deliberationDateProblem(date: string, today: string, notAdoptedYet: RefusalText): RefusedField | null {
  if (!isValidCivilDate(date))
    return {
      field: 'deliberation.date',
      rule: 'calendarDate',
      text: { it: `${date} non è un giorno del calendario`, en: `${date} is not a day of the calendar` },
    };
  if (date > today) return { field: 'deliberation.date', rule: 'notInFuture', text: notAdoptedYet };
  return null;
}
