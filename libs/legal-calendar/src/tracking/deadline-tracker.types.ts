import { CalendarId } from '../holidays/working-day.calendar';
import { InterruptionLimit } from '../rulebook/legal-rule.types';
import { CivilDate } from '../time/civil-date.codec';
import { CountedSuspension, DeadlineResult, HolidayShift, Obligor, SuspensionCap, TermDirection, TermUnit } from '../terms/term.types';

/**
 * The term a tracker runs, copied from the rule when the tracker starts: a running
 * procedure keeps the rule it began under even if a later rulebook version changes it.
 */
export interface TrackedTerm {
  readonly ruleId?: string;
  readonly rulebookVersion?: string;
  readonly length: number;
  readonly unit: TermUnit;
  readonly direction: TermDirection;
  readonly calendar: CalendarId;
  readonly obligor: Obligor;
  readonly clearDays: boolean;
  /** Absent in trackers created before rulebook 2026.4: the first day was not counted. */
  readonly firstDayCounted?: boolean;
  readonly saturdayNonWorking: boolean;
  readonly holidayShift?: HolidayShift;
  readonly suspendable: false | SuspensionCap;
  readonly interruptible: false | InterruptionLimit;
}

/** Who did it, when (ISO instant), why, and under which provision. */
export interface AuditStamp {
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  readonly legalBasis: string;
}

/** `on` is the legal date of the event (e.g. the day the answer was received). */
export type TrackerEvent =
  | { readonly type: 'suspend'; readonly on: CivilDate; readonly audit: AuditStamp }
  | { readonly type: 'resume'; readonly on: CivilDate; readonly audit: AuditStamp }
  | { readonly type: 'extend'; readonly on: CivilDate; readonly days: number; readonly audit: AuditStamp }
  | { readonly type: 'interrupt'; readonly on: CivilDate; readonly audit: AuditStamp };

/**
 * A rung that fired. `cycle` counts interruptions: a term restarted in full is a new term,
 * so its reminders fire again; within a cycle a rung fires once, whatever the due date does.
 */
export interface FiredRung {
  readonly ladderId: string;
  readonly rungId: string;
  readonly cycle: number;
  readonly scheduledAt: string;
  readonly firedAt: string;
}

/** A running deadline as plain JSON: rule snapshot, start, ledger, fired rungs. */
export interface DeadlineTracker {
  readonly schemaVersion: 1;
  readonly term: TrackedTerm;
  readonly start: CivilDate;
  readonly ledger: readonly TrackerEvent[];
  readonly firedRungs: readonly FiredRung[];
}

export interface OpenSuspension {
  readonly from: CivilDate;
  /** With a capped rule, the day the term runs again even without an answer. */
  readonly autoResumeOn?: CivilDate;
  /** True when the cap has been reached as of the instant the state was derived for. */
  readonly capReached: boolean;
}

export interface TrackerState {
  /** `suspended` only while an open suspension still stops the clock. */
  readonly status: 'running' | 'suspended';
  readonly cycle: number;
  readonly cycleStart: CivilDate;
  /** Absent while suspended: the due date is unknown until the clock runs again. */
  readonly due?: DeadlineResult;
  readonly openSuspension?: OpenSuspension;
  /** Suspensions of the current cycle, capped. */
  readonly suspensions: readonly CountedSuspension[];
  /** Across the whole procedure: the law counts them per procedure, not per restart. */
  readonly suspensionsUsed: number;
  readonly interruptionsUsed: number;
  readonly extensionDays: number;
}
