import { getRule, RULEBOOK_VERSION } from '../rulebook/rulebook.registry';
import { formatCivilDate, parseCivilDate, tryParseCivilDate } from '../time/civil-date.codec';
import { assertSupportedDay, parseInstant, romeDayOf } from '../time/rome-time.zone';
import { computeDeadline } from '../terms/deadline.calculator';
import { CountedSuspension, DeadlineInput, DeadlineResult, SuspensionInterval } from '../terms/term.types';
import { DeadlineTrackerError } from './deadline-tracker.error';
import { AuditStamp, DeadlineTracker, OpenSuspension, TrackedTerm, TrackerEvent, TrackerState } from './deadline-tracker.types';

/*
 * A running deadline is a term, a start and a ledger of events; the due date is always
 * derived from the ledger, never stored, so replaying the same ledger gives the same answer
 * and a tracker can be kept in workflow state as plain JSON. Every function returns a new
 * tracker and leaves its argument untouched.
 */

export function createTracker(term: TrackedTerm, start: string): DeadlineTracker {
  if (term.direction === 'backward' && (term.suspendable !== false || term.interruptible !== false)) {
    throw new DeadlineTrackerError('INVALID_TERM', 'term: a backward term has no running time to suspend or interrupt');
  }
  const tracker: DeadlineTracker = { schemaVersion: 1, term, start, ledger: [], firedRungs: [] };
  // Computing once validates the term and the start with the calculator's own messages.
  computeDeadline(termInput(tracker, start, 0, [], 0));
  return tracker;
}

/** A tracker for a rulebook rule; the rule is copied in, so later rulebook versions do not move it. */
export function createRuleTracker(ruleId: string, start: string, options: { halved?: boolean } = {}): DeadlineTracker {
  const rule = getRule(ruleId);
  if (options.halved && !rule.halved) {
    throw new DeadlineTrackerError('INVALID_TERM', `halved: rule ${rule.id} has no halved term`);
  }
  return createTracker(
    {
      ruleId: rule.id,
      rulebookVersion: RULEBOOK_VERSION,
      length: options.halved && rule.halved ? rule.halved.length : rule.length,
      unit: rule.unit,
      direction: rule.direction,
      calendar: rule.calendar,
      obligor: rule.obligor,
      clearDays: rule.clearDays,
      ...(rule.firstDayCounted ? { firstDayCounted: true } : {}),
      saturdayNonWorking: rule.saturdayNonWorking,
      ...(rule.holidayShift ? { holidayShift: rule.holidayShift } : {}),
      suspendable: rule.suspendable,
      interruptible: rule.interruptible,
    },
    start,
  );
}

function termInput(
  tracker: DeadlineTracker,
  cycleStart: string,
  cycle: number,
  suspensions: readonly SuspensionInterval[],
  extensionDays: number,
): DeadlineInput {
  const { term } = tracker;
  return {
    trigger: tracker.start,
    length: term.length,
    unit: term.unit,
    direction: term.direction,
    calendar: term.calendar,
    obligor: term.obligor,
    clearDays: term.clearDays,
    ...(term.firstDayCounted ? { firstDayCounted: true } : {}),
    saturdayNonWorking: term.saturdayNonWorking,
    ...(term.holidayShift ? { holidayShift: term.holidayShift } : {}),
    ...(cycle > 0 ? { interruptedOn: cycleStart } : {}),
    suspensions,
    // How many suspensions are allowed is enforced on the ledger (per procedure); here only
    // the length of each one is capped.
    ...(term.suspendable
      ? { suspensionCap: { times: Number.MAX_SAFE_INTEGER, maxDays: term.suspendable.maxDays, basis: term.suspendable.basis } }
      : {}),
    ...(extensionDays > 0 ? { extensionDays } : {}),
  };
}

interface Replay {
  cycle: number;
  cycleStart: string;
  closed: SuspensionInterval[];
  openFrom?: string;
  suspensionsUsed: number;
  interruptionsUsed: number;
  extensionDays: number;
}

function replay(ledger: readonly TrackerEvent[], start: string): Replay {
  const state: Replay = { cycle: 0, cycleStart: start, closed: [], suspensionsUsed: 0, interruptionsUsed: 0, extensionDays: 0 };
  for (const event of ledger) {
    switch (event.type) {
      case 'suspend':
        state.openFrom = event.on;
        state.suspensionsUsed += 1;
        break;
      case 'resume':
        if (state.openFrom !== undefined) state.closed.push({ from: state.openFrom, to: event.on });
        state.openFrom = undefined;
        break;
      case 'extend':
        state.extensionDays += event.days;
        break;
      case 'interrupt':
        // The term restarts in full: earlier suspensions and extensions no longer matter.
        state.cycle += 1;
        state.cycleStart = event.on;
        state.closed = [];
        state.openFrom = undefined;
        state.extensionDays = 0;
        state.interruptionsUsed += 1;
        break;
    }
  }
  return state;
}

function countSuspensions(tracker: DeadlineTracker, intervals: readonly SuspensionInterval[]): CountedSuspension[] {
  const cap = tracker.term.suspendable;
  return intervals.map(({ from, to }) => {
    const days = parseCivilDate(to) - parseCivilDate(from);
    return { from, to, days, countedDays: cap ? Math.min(days, cap.maxDays) : days };
  });
}

/**
 * The tracker's state from its ledger. With `asOf` (ISO instant), an open suspension whose
 * cap has run out by then counts as over: the law restarts the clock without an answer.
 */
export function trackerState(tracker: DeadlineTracker, asOf?: string): TrackerState {
  const replayed = replay(tracker.ledger, tracker.start);
  const cap = tracker.term.suspendable;
  const closed = [...replayed.closed];
  let openSuspension: OpenSuspension | undefined;
  if (replayed.openFrom !== undefined) {
    const autoResumeDay = cap ? parseCivilDate(replayed.openFrom) + cap.maxDays : undefined;
    const capReached = autoResumeDay !== undefined && asOf !== undefined && romeDayOf(parseInstant(asOf, 'asOf')) >= autoResumeDay;
    openSuspension = {
      from: replayed.openFrom,
      ...(autoResumeDay !== undefined ? { autoResumeOn: formatCivilDate(autoResumeDay) } : {}),
      capReached,
    };
    if (capReached && autoResumeDay !== undefined) {
      closed.push({ from: replayed.openFrom, to: formatCivilDate(autoResumeDay) });
    }
  }
  const stopped = openSuspension !== undefined && !openSuspension.capReached;
  const due: DeadlineResult | undefined = stopped
    ? undefined
    : computeDeadline(termInput(tracker, replayed.cycleStart, replayed.cycle, closed, replayed.extensionDays));
  return {
    status: stopped ? 'suspended' : 'running',
    cycle: replayed.cycle,
    cycleStart: replayed.cycleStart,
    ...(due ? { due } : {}),
    ...(openSuspension ? { openSuspension } : {}),
    suspensions: countSuspensions(tracker, closed),
    suspensionsUsed: replayed.suspensionsUsed,
    interruptionsUsed: replayed.interruptionsUsed,
    extensionDays: replayed.extensionDays,
  };
}

function assertAudit(audit: AuditStamp | undefined): void {
  const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  if (!audit || !filled(audit.by) || !filled(audit.reason) || !filled(audit.legalBasis)) {
    throw new DeadlineTrackerError('INVALID_AUDIT', 'audit: by, reason and legalBasis are required and must not be empty');
  }
  try {
    parseInstant(audit.at, 'audit.at');
  } catch (error) {
    throw new DeadlineTrackerError('INVALID_AUDIT', error instanceof Error ? error.message : String(error));
  }
}

function assertEventDate(tracker: DeadlineTracker, event: TrackerEvent): number {
  const on = typeof event.on === 'string' ? tryParseCivilDate(event.on) : undefined;
  if (on === undefined) {
    throw new DeadlineTrackerError('INVALID_EVENT', `${event.type}: "${String(event.on)}" is not a valid civil date (YYYY-MM-DD)`);
  }
  assertSupportedDay(on, `${event.type} date`);
  if (on < parseCivilDate(tracker.start)) {
    throw new DeadlineTrackerError('EVENT_BEFORE_START', `${event.type} on ${event.on}: before the term started on ${tracker.start}`);
  }
  const last = tracker.ledger[tracker.ledger.length - 1];
  if (last && on < parseCivilDate(last.on)) {
    throw new DeadlineTrackerError(
      'EVENT_OUT_OF_ORDER',
      `${event.type} on ${event.on}: before the last recorded event (${last.type} on ${last.on}); the ledger is chronological`,
    );
  }
  return on;
}

function assertNotExpired(state: TrackerState, event: TrackerEvent, on: number): void {
  if (state.due && on > parseCivilDate(state.due.deadline)) {
    throw new DeadlineTrackerError('TERM_EXPIRED', `${event.type} on ${event.on}: the term expired on ${state.due.deadline}`);
  }
}

/** Appends an event after checking it is a valid transition; throws DeadlineTrackerError otherwise. */
export function applyTrackerEvent(tracker: DeadlineTracker, event: TrackerEvent): DeadlineTracker {
  if (!event || !['suspend', 'resume', 'extend', 'interrupt'].includes(event.type)) {
    throw new DeadlineTrackerError('INVALID_EVENT', `event: unknown type "${String(event?.type)}"`);
  }
  assertAudit(event.audit);
  const on = assertEventDate(tracker, event);
  const state = trackerState(tracker);
  const { term } = tracker;
  switch (event.type) {
    case 'suspend':
      if (term.suspendable === false) {
        throw new DeadlineTrackerError('NOT_SUSPENDABLE', `suspend: ${term.ruleId ?? 'this term'} cannot be suspended`);
      }
      if (state.status === 'suspended') {
        throw new DeadlineTrackerError(
          'ALREADY_SUSPENDED',
          `suspend on ${event.on}: already suspended since ${state.openSuspension?.from}`,
        );
      }
      if (state.suspensionsUsed >= term.suspendable.times) {
        throw new DeadlineTrackerError(
          'SUSPENSION_LIMIT_REACHED',
          `suspend on ${event.on}: ${term.suspendable.times} suspension(s) allowed and already used (${term.suspendable.basis})`,
        );
      }
      assertNotExpired(state, event, on);
      break;
    case 'resume':
      if (state.status !== 'suspended') {
        throw new DeadlineTrackerError('NOT_SUSPENDED', `resume on ${event.on}: the term is not suspended`);
      }
      break;
    case 'extend':
      if (term.direction === 'backward') {
        throw new DeadlineTrackerError('NOT_EXTENDABLE', 'extend: a backward term has no running time to extend');
      }
      if (!Number.isInteger(event.days) || event.days < 1) {
        throw new DeadlineTrackerError('INVALID_EXTENSION', `extend: ${String(event.days)} is not a whole number of days >= 1`);
      }
      assertNotExpired(state, event, on);
      break;
    case 'interrupt':
      if (term.interruptible === false) {
        throw new DeadlineTrackerError('NOT_INTERRUPTIBLE', `interrupt: ${term.ruleId ?? 'this term'} cannot be interrupted`);
      }
      if (state.interruptionsUsed >= term.interruptible.times) {
        throw new DeadlineTrackerError(
          'INTERRUPTION_LIMIT_REACHED',
          `interrupt on ${event.on}: ${term.interruptible.times} interruption(s) allowed and already used (${term.interruptible.basis})`,
        );
      }
      assertNotExpired(state, event, on);
      break;
  }
  return { ...tracker, ledger: [...tracker.ledger, event] };
}
