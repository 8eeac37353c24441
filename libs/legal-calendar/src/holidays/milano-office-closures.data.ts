import { HolidayDefinition } from './holiday.types';

/*
 * Closures of CMM's offices added by calendar `milano`. The patron saint's day is not a
 * legal holiday (Cass. 17079/2007, Cass. 5895/2015): it never moves a legal term by itself.
 * It only matters for filings by third parties that must reach an office that is closed;
 * the library refuses this calendar for CMM's own obligations.
 */
export const MILANO_OFFICE_CLOSURES: readonly HolidayDefinition[] = [
  {
    id: 'sant-ambrogio',
    name: { it: "Sant'Ambrogio", en: 'St Ambrose' },
    category: 'office-closure',
    recurrence: { kind: 'fixed-date', month: 12, day: 7 },
    // CMM exists since 1 January 2015 (L. 7 aprile 2014 n. 56), so its closures start then.
    validity: { fromYear: 2015 },
    source:
      'Closure of the offices of the Città metropolitana di Milano for the patron saint (not a legal holiday: Cass. 17079/2007, 5895/2015)',
  },
];
