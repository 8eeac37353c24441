import { parseCivilDate } from '../time/civil-date.codec';
import { formatInstant, parseInstant, romeLocalTimeToEpochMs } from '../time/rome-time.zone';
import { DeadlineTrackerError } from './deadline-tracker.error';
import { trackerState } from './deadline-tracker.model';
import { DeadlineTracker, TrackerState } from './deadline-tracker.types';
import { LadderRung, ReminderLadder } from './reminder-ladder.types';

/*
 * Reminders and escalations as a pure plan over a tracker. A rung's instant is derived from
 * the current due date, so when the due date changes every unfired rung moves with it; a
 * fired rung is remembered in the tracker and never planned again in the same cycle.
 */

export type RungStatus = 'fired' | 'pending' | 'on-hold';

export interface PlannedRung {
  readonly rung: LadderRung;
  /** ISO instant; null while on hold (suspended: no due date to count from). */
  readonly at: string | null;
  readonly status: RungStatus;
  readonly fired: boolean;
  readonly firedAt?: string;
}

export type NextRung =
  /** The earliest unfired rung is due (possibly late, e.g. after a worker outage): fire it now. */
  | { readonly kind: 'fire-now'; readonly rung: LadderRung; readonly at: string }
  /** Sleep until `at`, or until the tracker changes. */
  | { readonly kind: 'wait-until'; readonly rung: LadderRung; readonly at: string }
  /**
   * Suspended: wait for the resume. `wakeAt` (start of the day the rule's cap restarts the
   * clock) is when the workflow should record that automatic resume if no answer came.
   */
  | { readonly kind: 'on-hold'; readonly since: string; readonly wakeAt?: string }
  /** Every rung of this cycle has fired. */
  | { readonly kind: 'none' };

const MINUTES_PER_HOUR = 60;

function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * MINUTES_PER_HOUR + minutes;
}

function rungInstant(rung: LadderRung, state: TrackerState): string | null {
  const due = state.due;
  if (!due) return null;
  const anchor = rung.anchor === 'internal-target' && due.internalTarget ? due.internalTarget : due.deadline;
  return formatInstant(romeLocalTimeToEpochMs(parseCivilDate(anchor) + rung.offsetDays, minuteOfDay(rung.time)));
}

function planFromState(tracker: DeadlineTracker, ladder: ReminderLadder, state: TrackerState): PlannedRung[] {
  return ladder.rungs.map((rung) => {
    const fired = tracker.firedRungs.find(
      (record) => record.ladderId === ladder.id && record.rungId === rung.id && record.cycle === state.cycle,
    );
    if (fired) return { rung, at: fired.scheduledAt, status: 'fired', fired: true, firedAt: fired.firedAt };
    const at = rungInstant(rung, state);
    return { rung, at, status: at === null ? 'on-hold' : 'pending', fired: false };
  });
}

/** Every rung of the ladder with its instant and status, in ladder order. */
export function planLadder(tracker: DeadlineTracker, ladder: ReminderLadder, asOf?: string): PlannedRung[] {
  return planFromState(tracker, ladder, trackerState(tracker, asOf));
}

/** What a timer-driven workflow should do next, as of `now` (ISO instant). */
export function nextRung(tracker: DeadlineTracker, ladder: ReminderLadder, now: string): NextRung {
  const nowMs = parseInstant(now, 'now');
  const state = trackerState(tracker, now);
  const plan = planFromState(tracker, ladder, state);
  const pending = plan
    .filter((planned): planned is PlannedRung & { at: string } => planned.status === 'pending' && planned.at !== null)
    .sort((a, b) => parseInstant(a.at) - parseInstant(b.at));
  if (pending.length > 0) {
    const [first] = pending;
    return parseInstant(first.at) <= nowMs
      ? { kind: 'fire-now', rung: first.rung, at: first.at }
      : { kind: 'wait-until', rung: first.rung, at: first.at };
  }
  if (plan.some((planned) => planned.status === 'on-hold') && state.openSuspension) {
    const { from, autoResumeOn } = state.openSuspension;
    return {
      kind: 'on-hold',
      since: from,
      ...(autoResumeOn ? { wakeAt: formatInstant(romeLocalTimeToEpochMs(parseCivilDate(autoResumeOn), 0)) } : {}),
    };
  }
  return { kind: 'none' };
}

/**
 * Records that a rung fired at `firedAt`. Refuses a rung that already fired in this cycle,
 * one on hold, and one whose instant has not come yet.
 */
export function recordRungFired(tracker: DeadlineTracker, ladder: ReminderLadder, rungId: string, firedAt: string): DeadlineTracker {
  const firedMs = parseInstant(firedAt, 'firedAt');
  const state = trackerState(tracker, firedAt);
  const planned = planFromState(tracker, ladder, state).find((candidate) => candidate.rung.id === rungId);
  if (!planned) {
    throw new DeadlineTrackerError('UNKNOWN_RUNG', `rung: "${rungId}" is not a rung of ladder ${ladder.id}`);
  }
  if (planned.status === 'fired') {
    throw new DeadlineTrackerError('RUNG_ALREADY_FIRED', `rung ${rungId}: already fired at ${planned.firedAt}`);
  }
  if (planned.at === null) {
    throw new DeadlineTrackerError('RUNG_ON_HOLD', `rung ${rungId}: on hold while the term is suspended`);
  }
  if (parseInstant(planned.at) > firedMs) {
    throw new DeadlineTrackerError('RUNG_NOT_DUE', `rung ${rungId}: due at ${planned.at}, not yet at ${firedAt}`);
  }
  return {
    ...tracker,
    firedRungs: [...tracker.firedRungs, { ladderId: ladder.id, rungId, cycle: state.cycle, scheduledAt: planned.at, firedAt }],
  };
}
