import { CalendarId } from '../holidays/working-day.calendar';
import { BilingualText } from '../i18n/bilingual-text.types';
import { HolidayShift, Obligor, SuspensionCap, TermDirection, TermUnit } from '../terms/term.types';
import { ReminderLadder } from '../tracking/reminder-ladder.types';

/** What happens when the term runs out; workflows branch on it. */
export type ExpiryEffect =
  'deemed-favourable' | 'alert-officer' | 'window-closes' | 'window-opens' | 'act-lapses' | 'publication-ends' | 'act-enforceable';
export const EXPIRY_EFFECTS: readonly ExpiryEffect[] = [
  'deemed-favourable',
  'alert-officer',
  'window-closes',
  'window-opens',
  'act-lapses',
  'publication-ends',
  'act-enforceable',
];

/**
 * How certain the rule is. `source`: the value is read in the cited source. `default`: a
 * documented default of ours where the source states no term (the reasoning is in `note`).
 * `configuration`: a variant the cited source does not provide, applied only where a
 * deployment explicitly chooses it; every place that shows the rule says so.
 */
export type Confirmation = 'source' | 'default' | 'configuration';
export const CONFIRMATIONS: readonly Confirmation[] = ['source', 'default', 'configuration'];

/**
 * A term that another act suspends: the suspended rule restarts `daysAfterAnswer` days after
 * the answer is filed, or at this term's expiry when no answer comes
 * (L. 241/1990 art. 10-bis as amended by D.L. 76/2020).
 */
export interface SuspensionOfRule {
  readonly rule: string;
  readonly daysAfterAnswer: number;
  readonly basis: string;
}

/** How often the term may restart in full, and on which basis (e.g. LR 12/2005 art. 14 c.1: once). */
export interface InterruptionLimit {
  readonly times: number;
  readonly basis: string;
}

/** The shorter term for the STTM under NdA art. 7bis c.7. */
export interface HalvedVariant {
  readonly length: number;
  readonly source: string;
  /** Only the first N of the series run halved (NdA art. 7bis c.7: the first three STTM); later ones never. */
  readonly appliesToFirst: number;
}

export interface LegalRule {
  readonly id: string;
  readonly label: BilingualText;
  readonly procedure: string;
  /** The event the term counts from (forward) or before (backward); the default when `triggerOptions` lists others. */
  readonly trigger: string;
  /**
   * When the sources leave the starting event open, the events a deployment may choose
   * from (always including `trigger`, the default). See `resolveRuleTrigger`.
   */
  readonly triggerOptions?: readonly string[];
  readonly length: number;
  readonly unit: TermUnit;
  readonly direction: TermDirection;
  readonly clearDays: boolean;
  /** Periods "per N giorni consecutivi" include their first day (TUEL art. 124). Forward only. */
  readonly firstDayCounted: boolean;
  /** Absent: the default for the direction (see HolidayShift). */
  readonly holidayShift?: HolidayShift;
  readonly saturdayNonWorking: boolean;
  readonly calendar: CalendarId;
  readonly obligor: Obligor;
  readonly onExpiry: ExpiryEffect;
  readonly suspendable: false | SuspensionCap;
  readonly interruptible: false | InterruptionLimit;
  readonly source: string;
  readonly confirmed: Confirmation;
  /** Required when `confirmed` is `default`: why this value. */
  readonly note?: string;
  readonly halved?: HalvedVariant;
  /** The step that starts this term is not required by the procedure: the officer may skip it. */
  readonly optional: boolean;
  /** This term's act suspends another rule's term, which restarts as described. */
  readonly suspends?: SuspensionOfRule;
  /** The reminder ladder workflows use for this term. */
  readonly ladder?: string;
}

export interface Rulebook {
  /** 'YYYY.N': bumped on every change, recorded with each computation. */
  readonly version: string;
  readonly rules: readonly LegalRule[];
  readonly ladders: readonly ReminderLadder[];
}
