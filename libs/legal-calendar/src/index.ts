/*
 * @cmm/legal-calendar: Italian legal time for CMM's procedures (docs/legal-time.md).
 * Pure TypeScript: no I/O, no Node modules, no clock; safe to bundle for a workflow sandbox,
 * though workflows call it through activities so results are recorded in history.
 * Types are exported with `export type` so per-file transpilers (swc, webpack) drop them.
 */
export { LegalCalendarError } from './errors/legal-calendar.error';
export type { LegalCalendarErrorCode } from './errors/legal-calendar.error';
export type { BilingualText } from './i18n/bilingual-text.types';

export {
  addMonths,
  dayNumberFromParts,
  daysInMonth,
  formatCivilDate,
  formatItalianDate,
  isLeapYear,
  isValidCivilDate,
  parseCivilDate,
  partsFromDayNumber,
  tryParseCivilDate,
  weekdayOf,
} from './time/civil-date.codec';
export type { CivilDate, CivilDateParts, DayNumber } from './time/civil-date.codec';
export {
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
  formatInstant,
  parseInstant,
  romeDateOf,
  romeDayOf,
  romeEndOfDayIso,
  romeEndOfDayMs,
  romeLocalTimeToEpochMs,
  romeOffsetHoursAt,
} from './time/rome-time.zone';

export { easterSunday } from './holidays/easter.computus';
export type { HolidayCategory, HolidayDefinition, HolidayRecurrence, HolidayValidity } from './holidays/holiday.types';
export { NATIONAL_HOLIDAYS } from './holidays/national-holidays.data';
export { MILANO_OFFICE_CLOSURES } from './holidays/milano-office-closures.data';
export {
  CALENDAR_IDS,
  DEFAULT_CALENDAR,
  countWorkingDays,
  datedHolidaysOfYear,
  holidayDefinitions,
  isCalendarId,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  nonWorkingReason,
  previousWorkingDayOnOrBefore,
} from './holidays/working-day.calendar';
export type { CalendarId, NonWorkingReason, WorkingDayPolicy } from './holidays/working-day.calendar';

export { HOLIDAY_SHIFTS, OBLIGORS, TERM_DIRECTIONS, TERM_UNITS } from './terms/term.types';
export type {
  CountedSuspension,
  DeadlineInput,
  DeadlineResult,
  DeadlineShift,
  HolidayShift,
  Obligor,
  SuspensionCap,
  SuspensionInterval,
  TermDirection,
  TermUnit,
} from './terms/term.types';
export { computeDeadline } from './terms/deadline.calculator';
export { applySuspensionCap, measureSuspensions } from './terms/suspension-cap.policy';
export type { CappedSuspension, SuspensionCapOutcome } from './terms/suspension-cap.policy';

export { CONFIRMATIONS, EXPIRY_EFFECTS } from './rulebook/legal-rule.types';
export type { Confirmation, ExpiryEffect, HalvedVariant, InterruptionLimit, LegalRule, Rulebook } from './rulebook/legal-rule.types';
export { loadRulebook } from './rulebook/rulebook.loader';
export { RULEBOOK_VERSION, findRule, getLadder, getRule, getRulebook, listLadders, listRules } from './rulebook/rulebook.registry';
export {
  computeRuleDeadline,
  halvedTermAllowed,
  resolveRuleTrigger,
  ruleDeadlineInput,
  suspendedTermResumesOn,
} from './rulebook/rule-deadline.calculator';
export type { AppliedRule, RuleDeadlineOptions, RuleDeadlineResult, SuspendedTermResumption } from './rulebook/rule-deadline.calculator';

export { DeadlineTrackerError } from './tracking/deadline-tracker.error';
export type { DeadlineTrackerErrorCode } from './tracking/deadline-tracker.error';
export type {
  AuditStamp,
  DeadlineTracker,
  FiredRung,
  OpenSuspension,
  TrackedTerm,
  TrackerEvent,
  TrackerState,
} from './tracking/deadline-tracker.types';
export { applyTrackerEvent, createRuleTracker, createTracker, trackerState } from './tracking/deadline-tracker.model';
export { explainSuspendedTerm } from './tracking/suspended-term.explanation';
export { RUNG_ANCHORS, RUNG_KINDS } from './tracking/reminder-ladder.types';
export type { LadderRung, ReminderLadder, RungAnchor, RungKind } from './tracking/reminder-ladder.types';
export { nextRung, planLadder, recordRungFired } from './tracking/reminder-ladder.planner';
export type { NextRung, PlannedRung, RungStatus } from './tracking/reminder-ladder.planner';
