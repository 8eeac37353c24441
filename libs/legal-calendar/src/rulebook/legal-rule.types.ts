import { CalendarId } from '../holidays/working-day.calendar';
import { BilingualText } from '../i18n/bilingual-text.types';
import { HolidayShift, Obligor, SuspensionCap, TermDirection, TermUnit } from '../terms/term.types';
import { ReminderLadder } from '../tracking/reminder-ladder.types';

/** What happens when the term runs out; workflows branch on it. */
export type ExpiryEffect =
  | 'deemed-favourable'
  | 'alert-officer'
  | 'window-closes'
  | 'window-opens'
  | 'act-lapses'
  | 'publication-ends'
  | 'act-enforceable';
export const EXPIRY_EFFECTS: readonly ExpiryEffect[] = [
  'deemed-favourable',
  'alert-officer',
  'window-closes',
  'window-opens',
  'act-lapses',
  'publication-ends',
  'act-enforceable',
];

/** Whether the value is read in a legal source or is a documented default of ours. */
export type Confirmation = 'source' | 'default';
export const CONFIRMATIONS: readonly Confirmation[] = ['source', 'default'];

/** How often the term may restart in full, and on which basis (e.g. LR 12/2005 art. 14 c.1: once). */
export interface InterruptionLimit {
  readonly times: number;
  readonly basis: string;
}

/** The shorter term for the STTM under NdA art. 7bis c.7. */
export interface HalvedVariant {
  readonly length: number;
  readonly source: string;
}

export interface LegalRule {
  readonly id: string;
  readonly label: BilingualText;
  readonly procedure: string;
  /** The event the term counts from (forward) or before (backward). */
  readonly trigger: string;
  readonly length: number;
  readonly unit: TermUnit;
  readonly direction: TermDirection;
  readonly clearDays: boolean;
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
  /** The reminder ladder workflows use for this term. */
  readonly ladder?: string;
}

export interface Rulebook {
  /** 'YYYY.N': bumped on every change, recorded with each computation. */
  readonly version: string;
  readonly rules: readonly LegalRule[];
  readonly ladders: readonly ReminderLadder[];
}
