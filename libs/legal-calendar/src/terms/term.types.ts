import { CalendarId } from '../holidays/working-day.calendar';
import { BilingualText } from '../i18n/bilingual-text.types';
import { CivilDate } from '../time/civil-date.codec';

export type TermUnit = 'days' | 'months';
export const TERM_UNITS: readonly TermUnit[] = ['days', 'months'];

/** `backward` is "at least N before D": the trigger is the later event D. */
export type TermDirection = 'forward' | 'backward';
export const TERM_DIRECTIONS: readonly TermDirection[] = ['forward', 'backward'];

/** Whose obligation the term is: CMM's own terms never use the `milano` office calendar. */
export type Obligor = 'cmm' | 'third-party';
export const OBLIGORS: readonly Obligor[] = ['cmm', 'third-party'];

/**
 * Where a last day that is not a working day goes. Defaults: forward terms to the next
 * working day (art. 155 c.p.c., art. 2963 c.c.), backward terms to the previous one
 * (Cass. 14767/2014). `next-working-day` on a backward term is for the opening day of a
 * window ("within the N days before D"): moving it earlier would widen the window.
 * `none` is for plain durations (a publication period), where no act is due.
 */
export type HolidayShift = 'next-working-day' | 'previous-working-day' | 'none';
export const HOLIDAY_SHIFTS: readonly HolidayShift[] = ['next-working-day', 'previous-working-day', 'none'];

/** Integration request sent on `from`, answer received on `to`: `to - from` days do not run. */
export interface SuspensionInterval {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

/** A rule's limit on suspensions, e.g. L. 241/1990 art. 2 c.7: once, at most 30 days. */
export interface SuspensionCap {
  readonly times: number;
  readonly maxDays: number;
  readonly basis: string;
}

export interface CountedSuspension extends SuspensionInterval {
  /** Calendar days between `from` and `to`. */
  readonly days: number;
  /** Days added to the term once the rule's cap is applied. */
  readonly countedDays: number;
}

export interface DeadlineInput {
  /** Forward: the event the term runs from. Backward: the event D the term ends before. */
  readonly trigger: CivilDate;
  readonly length: number;
  readonly unit?: TermUnit;
  readonly direction?: TermDirection;
  readonly calendar?: CalendarId;
  /** When given as `cmm`, the result carries `internalTarget` and `milano` is refused. */
  readonly obligor?: Obligor;
  readonly saturdayNonWorking?: boolean;
  /** "Giorni liberi": both ends excluded, so a backward term is one day longer. Backward only. */
  readonly clearDays?: boolean;
  /**
   * The first day is part of the term (a publication or deposit period "per N giorni
   * consecutivi" includes the day of posting, TUEL art. 124): the last day is trigger + N - 1.
   * Forward only; without it the first day is not counted (art. 2963 c.c.).
   */
  readonly firstDayCounted?: boolean;
  readonly holidayShift?: HolidayShift;
  readonly suspensions?: readonly SuspensionInterval[];
  /** Applied to `suspensions` when given; without it every suspended day counts. */
  readonly suspensionCap?: SuspensionCap;
  /** The term restarts in full from this date (LR 12/2005 art. 14). */
  readonly interruptedOn?: CivilDate;
  /** Days granted by an extension (proroga), added to the term like suspended days. */
  readonly extensionDays?: number;
}

export interface DeadlineShift {
  readonly from: CivilDate;
  readonly to: CivilDate;
  readonly reason: BilingualText;
}

export interface DeadlineResult {
  /** The last useful day, after the holiday rule. */
  readonly deadline: CivilDate;
  /** The last millisecond of `deadline` in Europe/Rome, as an ISO 8601 UTC instant. */
  readonly dueAt: string;
  /** The last day by arithmetic (length, suspensions, extension), before the holiday rule. */
  readonly nominal: CivilDate;
  readonly trigger: CivilDate;
  /** Where the count started: the trigger, or the interruption date. */
  readonly start: CivilDate;
  readonly length: number;
  readonly unit: TermUnit;
  readonly direction: TermDirection;
  readonly calendar: CalendarId;
  readonly obligor?: Obligor;
  readonly clearDays: boolean;
  readonly saturdayNonWorking: boolean;
  readonly holidayShift: HolidayShift;
  readonly interruptedOn?: CivilDate;
  readonly suspensions: readonly CountedSuspension[];
  readonly suspendedDays: number;
  readonly extensionDays: number;
  readonly shifts: readonly DeadlineShift[];
  /** CMM's own obligations only: the last working day on or before `nominal`. */
  readonly internalTarget?: CivilDate;
  /** Every step of the computation, in order, Italian and English. */
  readonly explanation: readonly BilingualText[];
}
