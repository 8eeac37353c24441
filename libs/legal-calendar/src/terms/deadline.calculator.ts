import { LegalCalendarError } from '../errors/legal-calendar.error';
import {
  DEFAULT_CALENDAR,
  isCalendarId,
  nonWorkingReason,
  previousWorkingDayOnOrBefore,
  WorkingDayPolicy,
} from '../holidays/working-day.calendar';
import {
  backwardTermText,
  dueText,
  extensionText,
  forwardTermText,
  internalTargetText,
  interruptionText,
  nominalText,
  nonWorkingReasonText,
  shiftText,
  supersededSuspensionText,
  suspensionText,
} from '../i18n/deadline-explanation.texts';
import { BilingualText } from '../i18n/bilingual-text.types';
import { addMonths, DayNumber, formatCivilDate, parseCivilDate } from '../time/civil-date.codec';
import { assertSupportedDay, romeEndOfDayIso } from '../time/rome-time.zone';
import { applySuspensionCap, measureSuspensions } from './suspension-cap.policy';
import {
  CountedSuspension,
  DeadlineInput,
  DeadlineResult,
  DeadlineShift,
  HOLIDAY_SHIFTS,
  HolidayShift,
  OBLIGORS,
  SuspensionInterval,
  TERM_DIRECTIONS,
  TERM_UNITS,
  TermDirection,
  TermUnit,
} from './term.types';

/**
 * Input sanity bounds (a century), not legal terms: they stop a typo such as 1200000 days
 * from walking the calendar for seconds.
 */
const MAX_LENGTH: Readonly<Record<TermUnit, number>> = { days: 36_600, months: 1_200 };

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    const code = what === 'unit' ? 'INVALID_UNIT' : what === 'direction' ? 'INVALID_DIRECTION' : 'INVALID_OPTION';
    throw new LegalCalendarError(code, `${what}: "${String(value)}" is not one of ${allowed.join(', ')}`);
  }
  return value;
}

function defaultShift(direction: TermDirection): HolidayShift {
  return direction === 'forward' ? 'next-working-day' : 'previous-working-day';
}

function assertLength(length: number, unit: TermUnit): void {
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH[unit]) {
    throw new LegalCalendarError(
      'INVALID_LENGTH',
      `length: ${String(length)} is not a whole number of ${unit} between 1 and ${MAX_LENGTH[unit]}`,
    );
  }
}

interface ForwardCount {
  readonly start: DayNumber;
  readonly nominal: DayNumber;
  readonly suspensions: readonly CountedSuspension[];
  readonly suspendedDays: number;
  readonly extensionDays: number;
}

function moveOffNonWorkingDay(day: DayNumber, shift: HolidayShift, policy: WorkingDayPolicy): DayNumber {
  if (shift === 'none') return day;
  const step = shift === 'next-working-day' ? 1 : -1;
  let current = day;
  while (nonWorkingReason(current, policy)) current += step;
  return current;
}

const intervalKey = (interval: SuspensionInterval) => `${interval.from}..${interval.to}`;

/** Suspensions in chronological order with the days that count, and what a cap changed. */
function measure(input: DeadlineInput): {
  measured: readonly CountedSuspension[];
  capReasons: ReadonlyMap<string, BilingualText>;
} {
  const intervals = input.suspensions ?? [];
  if (!input.suspensionCap) return { measured: measureSuspensions(intervals), capReasons: new Map() };
  const outcome = applySuspensionCap(intervals, input.suspensionCap);
  return {
    measured: outcome.counted,
    capReasons: new Map(outcome.capped.map((capped) => [intervalKey(capped), capped.reason])),
  };
}

function countForward(
  input: DeadlineInput,
  trigger: DayNumber,
  unit: TermUnit,
  shift: HolidayShift,
  policy: WorkingDayPolicy,
  explanation: BilingualText[],
): ForwardCount {
  let start = trigger;
  if (input.interruptedOn !== undefined) {
    start = parseCivilDate(input.interruptedOn, 'interruptedOn');
    if (start < trigger) {
      throw new LegalCalendarError(
        'INVALID_INTERRUPTION',
        `interruptedOn: ${input.interruptedOn} is before the trigger ${input.trigger} (a term can only restart after it began)`,
      );
    }
    explanation.push(interruptionText(input.interruptedOn));
  }
  const firstDayCounted = input.firstDayCounted === true;
  const base = (unit === 'days' ? start + input.length : addMonths(start, input.length)) - (firstDayCounted ? 1 : 0);
  explanation.push(forwardTermText(input.length, unit, formatCivilDate(start), formatCivilDate(base), firstDayCounted));

  const { measured, capReasons } = measure(input);

  // The extension is counted before the suspensions: the sum is the same either way, and a
  // suspension granted after an extension must be checked against the extended term.
  const extensionDays = input.extensionDays ?? 0;
  if (!Number.isInteger(extensionDays) || extensionDays < 0) {
    throw new LegalCalendarError('INVALID_OPTION', `extensionDays: ${String(extensionDays)} is not a whole number of days >= 0`);
  }
  let running = base + extensionDays;
  if (extensionDays > 0) explanation.push(extensionText(extensionDays));
  let previousEnd: DayNumber | undefined;
  let suspendedDays = 0;
  const kept: CountedSuspension[] = [];
  for (const suspension of measured) {
    const from = parseCivilDate(suspension.from);
    const to = parseCivilDate(suspension.to);
    if (from < start) {
      if (input.interruptedOn === undefined) {
        throw new LegalCalendarError(
          'SUSPENSION_BEFORE_START',
          `suspension from ${suspension.from}: starts before the trigger ${input.trigger} (nothing runs yet to suspend)`,
        );
      }
      // The term restarted in full: what was suspended before the restart no longer matters.
      explanation.push(supersededSuspensionText(suspension.from, suspension.to));
      continue;
    }
    if (previousEnd !== undefined && from < previousEnd) {
      throw new LegalCalendarError(
        'OVERLAPPING_SUSPENSIONS',
        `suspension from ${suspension.from}: overlaps the previous one ending ${formatCivilDate(previousEnd)} (days would be counted twice)`,
      );
    }
    const runningDeadline = moveOffNonWorkingDay(running, shift, policy);
    if (from > runningDeadline) {
      throw new LegalCalendarError(
        'SUSPENSION_AFTER_EXPIRY',
        `suspension from ${suspension.from}: starts after the term expired on ` +
          `${formatCivilDate(runningDeadline)} (an expired term cannot be suspended)`,
      );
    }
    previousEnd = to;
    running += suspension.countedDays;
    suspendedDays += suspension.countedDays;
    kept.push(suspension);
    explanation.push(capReasons.get(intervalKey(suspension)) ?? suspensionText(suspension.from, suspension.to, suspension.countedDays));
  }

  if (kept.length > 0 || extensionDays > 0) explanation.push(nominalText(formatCivilDate(running)));
  return { start, nominal: running, suspensions: kept, suspendedDays, extensionDays };
}

function refuseRunningTimeOptions(input: DeadlineInput): void {
  const why = 'a backward term ("at least N before D") has no running time';
  if (input.suspensions && input.suspensions.length > 0) {
    throw new LegalCalendarError('SUSPENSION_NOT_ALLOWED', `suspensions: ${why} to suspend`);
  }
  if (input.interruptedOn !== undefined) {
    throw new LegalCalendarError('INTERRUPTION_NOT_ALLOWED', `interruptedOn: ${why} to interrupt`);
  }
  if (input.extensionDays) {
    throw new LegalCalendarError('INVALID_OPTION', `extensionDays: ${why} to extend`);
  }
  if (input.firstDayCounted) {
    throw new LegalCalendarError('INVALID_OPTION', 'firstDayCounted: a backward term ("at least N before D") has no first day to count');
  }
}

/**
 * One legal term under Italian rules (docs/legal-time.md): the first day is not counted, months
 * end on the same day number, suspensions add their days, and the holiday rule moves only
 * the final day. Pure and independent of the host's time zone.
 */
export function computeDeadline(input: DeadlineInput): DeadlineResult {
  const unit = oneOf(input.unit, TERM_UNITS, 'days', 'unit');
  const direction = oneOf(input.direction, TERM_DIRECTIONS, 'forward', 'direction');
  const calendar = input.calendar ?? DEFAULT_CALENDAR;
  if (!isCalendarId(calendar)) {
    throw new LegalCalendarError('UNKNOWN_CALENDAR', `calendar: "${String(calendar)}" is not one of national, milano`);
  }
  const obligor = input.obligor === undefined ? undefined : oneOf(input.obligor, OBLIGORS, 'cmm', 'obligor');
  if (obligor === 'cmm' && calendar === 'milano') {
    throw new LegalCalendarError(
      'CALENDAR_NOT_ALLOWED',
      'calendar: "milano" (office closures) never extends CMM\'s own terms; use "national" for a cmm obligation',
    );
  }
  assertLength(input.length, unit);
  const clearDays = input.clearDays ?? false;
  if (clearDays && direction === 'forward') {
    throw new LegalCalendarError('INVALID_OPTION', 'clearDays: "giorni liberi" applies to backward terms only');
  }
  const holidayShift = oneOf(input.holidayShift, HOLIDAY_SHIFTS, defaultShift(direction), 'holidayShift');
  if (direction === 'forward' && holidayShift === 'previous-working-day') {
    throw new LegalCalendarError('INVALID_OPTION', 'holidayShift: a forward term is never shortened by a holiday (art. 155 c.p.c.)');
  }
  const saturdayNonWorking = input.saturdayNonWorking ?? false;
  const policy: WorkingDayPolicy = { calendar, saturdayNonWorking };
  const trigger = parseCivilDate(input.trigger, 'trigger');
  assertSupportedDay(trigger, 'trigger');

  const explanation: BilingualText[] = [];
  let count: ForwardCount;
  if (direction === 'backward') {
    refuseRunningTimeOptions(input);
    const back = unit === 'days' ? trigger - input.length : addMonths(trigger, -input.length);
    const nominal = clearDays ? back - 1 : back;
    explanation.push(backwardTermText(input.length, unit, clearDays, holidayShift, input.trigger, formatCivilDate(nominal)));
    count = { start: trigger, nominal, suspensions: [], suspendedDays: 0, extensionDays: 0 };
  } else {
    count = countForward(input, trigger, unit, holidayShift, policy, explanation);
  }
  assertSupportedDay(count.nominal, 'nominal deadline');

  const shifts: DeadlineShift[] = [];
  let deadline = count.nominal;
  if (holidayShift !== 'none') {
    const step = holidayShift === 'next-working-day' ? 1 : -1;
    for (let reason = nonWorkingReason(deadline, policy); reason; reason = nonWorkingReason(deadline, policy)) {
      const from = formatCivilDate(deadline);
      const to = formatCivilDate(deadline + step);
      const why = nonWorkingReasonText(from, reason);
      shifts.push({ from, to, reason: why });
      explanation.push(shiftText(why, to, step > 0));
      deadline += step;
    }
  }
  assertSupportedDay(deadline, 'deadline');
  const deadlineText = formatCivilDate(deadline);
  const nominalDate = formatCivilDate(count.nominal);
  const dueAt = romeEndOfDayIso(deadline);
  explanation.push(dueText(deadlineText, dueAt));

  // The internal target is a safety margin for CMM's officers: it ignores any extension a
  // holiday grants, so it is the last working day on or before the NOMINAL day (for a
  // backward term that is the deadline itself). Terms with a non-default holidayShift are
  // not days to act by (the opening of a window, a publication period), so they have none.
  const isDayToActBy = holidayShift === defaultShift(direction);
  let internalTarget: string | undefined;
  if (obligor === 'cmm' && isDayToActBy) {
    internalTarget = formatCivilDate(previousWorkingDayOnOrBefore(count.nominal, policy));
    explanation.push(internalTargetText(internalTarget, nominalDate));
  }

  return {
    deadline: deadlineText,
    dueAt,
    nominal: nominalDate,
    trigger: input.trigger,
    start: formatCivilDate(count.start),
    length: input.length,
    unit,
    direction,
    calendar,
    ...(obligor ? { obligor } : {}),
    clearDays,
    saturdayNonWorking,
    holidayShift,
    ...(input.interruptedOn !== undefined && direction === 'forward' ? { interruptedOn: input.interruptedOn } : {}),
    suspensions: count.suspensions,
    suspendedDays: count.suspendedDays,
    extensionDays: count.extensionDays,
    shifts,
    ...(internalTarget ? { internalTarget } : {}),
    explanation,
  };
}
