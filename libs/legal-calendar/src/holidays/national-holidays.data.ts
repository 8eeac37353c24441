import { HolidayDefinition } from './holiday.types';

/*
 * Italian public holidays (calendar `national`), as data with their legal source.
 *
 * A typed TS module rather than JSON: the recurrence is a discriminated union that the
 * compiler checks, the file changes only when Parliament changes the law (reviewed as code),
 * and it bundles for the workflow sandbox with no loader. The rulebook, edited by legal
 * officers and validated at load, is the JSON one.
 *
 * `validity.fromYear` is the first year of the period now in force; years before 1996 are
 * refused by the library anyway (see rome-time.zone.ts), so earlier periods are not listed.
 */
const L_260_1949 = 'L. 27 maggio 1949 n. 260, art. 2';

export const NATIONAL_HOLIDAYS: readonly HolidayDefinition[] = [
  {
    id: 'sunday',
    name: { it: 'domenica', en: 'Sunday' },
    category: 'public-holiday',
    recurrence: { kind: 'weekly', weekday: 0 },
    validity: { fromYear: 1949 },
    source: `${L_260_1949} ("tutte le domeniche")`,
  },
  {
    id: 'capodanno',
    name: { it: 'Capodanno', en: "New Year's Day" },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 1, day: 1 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'epifania',
    name: { it: 'Epifania', en: 'Epiphany' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 1, day: 6 },
    validity: { fromYear: 1986 },
    source: `${L_260_1949}; restored by D.P.R. 28 dicembre 1985 n. 792 after L. 5 marzo 1977 n. 54`,
  },
  {
    id: 'lunedi-dell-angelo',
    name: { it: "Lunedì dell'Angelo", en: 'Easter Monday' },
    category: 'public-holiday',
    recurrence: { kind: 'easter-relative', daysAfterEaster: 1 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'liberazione',
    name: { it: 'Festa della Liberazione', en: 'Liberation Day' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 4, day: 25 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'festa-del-lavoro',
    name: { it: 'Festa del lavoro', en: 'Labour Day' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 5, day: 1 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'festa-della-repubblica',
    name: { it: 'Festa della Repubblica', en: 'Republic Day' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 6, day: 2 },
    validity: { fromYear: 2001 },
    source:
      'L. 27 maggio 1949 n. 260, art. 1; moved to a Sunday by L. 5 marzo 1977 n. 54, restored from 2001 by L. 20 novembre 2000 n. 336',
  },
  {
    id: 'assunzione',
    name: { it: 'Assunzione di Maria', en: 'Assumption Day' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 8, day: 15 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'san-francesco',
    name: { it: "San Francesco d'Assisi", en: 'St Francis of Assisi' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 10, day: 4 },
    validity: { fromYear: 2026 },
    source: 'L. 8 ottobre 2025 n. 151 (amending L. 27 maggio 1949 n. 260, art. 2)',
    note: 'A working day up to and including 2025.',
  },
  {
    id: 'ognissanti',
    name: { it: 'Ognissanti', en: "All Saints' Day" },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 11, day: 1 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'immacolata',
    name: { it: 'Immacolata Concezione', en: 'Immaculate Conception' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 12, day: 8 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'natale',
    name: { it: 'Natale', en: 'Christmas Day' },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 12, day: 25 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
  {
    id: 'santo-stefano',
    name: { it: 'Santo Stefano', en: "St Stephen's Day" },
    category: 'public-holiday',
    recurrence: { kind: 'fixed-date', month: 12, day: 26 },
    validity: { fromYear: 1949 },
    source: L_260_1949,
  },
];
