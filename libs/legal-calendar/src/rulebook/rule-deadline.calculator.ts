import { LegalCalendarError } from '../errors/legal-calendar.error';
import { BilingualText } from '../i18n/bilingual-text.types';
import { confidenceText, optionalStepText, resumesAfterAnswerText, triggerText } from '../i18n/deadline-explanation.texts';
import { CivilDate, formatCivilDate, parseCivilDate } from '../time/civil-date.codec';
import { computeDeadline } from '../terms/deadline.calculator';
import { applySuspensionCap, CappedSuspension } from '../terms/suspension-cap.policy';
import { DeadlineInput, DeadlineResult, SuspensionInterval } from '../terms/term.types';
import { Confirmation, ExpiryEffect, LegalRule } from './legal-rule.types';
import { getRule, RULEBOOK_VERSION } from './rulebook.registry';

export interface RuleDeadlineOptions {
  /** The STTM halved term (NdA art. 7bis c.7); refused when the rule has none. */
  readonly halved?: boolean;
  readonly suspensions?: readonly SuspensionInterval[];
  readonly interruptedOn?: CivilDate;
  readonly extensionDays?: number;
  /** For a rule with `triggerOptions`: the configured starting event (default: the rule's `trigger`). */
  readonly trigger?: string;
}

export interface AppliedRule {
  readonly id: string;
  readonly label: BilingualText;
  readonly source: string;
  readonly confirmed: Confirmation;
  readonly onExpiry: ExpiryEffect;
  readonly halved: boolean;
  readonly optional: boolean;
  /** The event the term ran from (the configured one when the rule offers a choice). */
  readonly trigger: string;
  readonly rulebookVersion: string;
}

export interface RuleDeadlineResult extends DeadlineResult {
  readonly rule: AppliedRule;
  /** What the rule's suspension cap shortened or left out. */
  readonly cappedSuspensions: readonly CappedSuspension[];
}

/** The term a rule prescribes, as calculator input: the one place rules become arithmetic. */
export function ruleDeadlineInput(rule: LegalRule, trigger: CivilDate, options: RuleDeadlineOptions = {}): DeadlineInput {
  if (options.halved && !rule.halved) {
    throw new LegalCalendarError(
      'HALVED_NOT_AVAILABLE',
      `halved: rule ${rule.id} has no halved term (NdA art. 7bis c.7 covers the STTM terms only)`,
    );
  }
  if (options.suspensions && options.suspensions.length > 0 && rule.suspendable === false) {
    throw new LegalCalendarError('SUSPENSION_NOT_ALLOWED', `suspensions: rule ${rule.id} cannot be suspended (${rule.source})`);
  }
  if (options.interruptedOn !== undefined && rule.interruptible === false) {
    throw new LegalCalendarError('INTERRUPTION_NOT_ALLOWED', `interruptedOn: rule ${rule.id} cannot be interrupted (${rule.source})`);
  }
  return {
    trigger,
    length: options.halved && rule.halved ? rule.halved.length : rule.length,
    unit: rule.unit,
    direction: rule.direction,
    calendar: rule.calendar,
    obligor: rule.obligor,
    clearDays: rule.clearDays,
    ...(rule.firstDayCounted ? { firstDayCounted: true } : {}),
    saturdayNonWorking: rule.saturdayNonWorking,
    ...(rule.holidayShift ? { holidayShift: rule.holidayShift } : {}),
    ...(options.suspensions ? { suspensions: options.suspensions } : {}),
    ...(rule.suspendable ? { suspensionCap: rule.suspendable } : {}),
    ...(options.interruptedOn !== undefined ? { interruptedOn: options.interruptedOn } : {}),
    ...(options.extensionDays ? { extensionDays: options.extensionDays } : {}),
  };
}

function ruleText(rule: LegalRule, halved: boolean): BilingualText {
  const it = `Regola ${rule.id} (${rule.label.it}), fonte: ${rule.source}`;
  const en = `Rule ${rule.id} (${rule.label.en}), source: ${rule.source}`;
  if (!halved || !rule.halved) return { it, en };
  const { length, source } = rule.halved;
  const unit = rule.unit === 'days' ? { it: 'giorni', en: 'days' } : { it: 'mesi', en: 'months' };
  return {
    it: `${it}; termine dimezzato a ${length} ${unit.it} (${source})`,
    en: `${en}; term halved to ${length} ${unit.en} (${source})`,
  };
}

/**
 * The starting event of a rule as configured: `chosen` must be one of the rule's
 * `triggerOptions` (or its only trigger). Checked at boot by whoever reads the setting, so a
 * misspelt configuration stops the process instead of starting terms from the wrong event.
 */
export function resolveRuleTrigger(ruleId: string, chosen?: string): string {
  const rule = getRule(ruleId);
  if (chosen === undefined) return rule.trigger;
  const allowed = rule.triggerOptions ?? [rule.trigger];
  if (!allowed.includes(chosen)) {
    throw new LegalCalendarError(
      'INVALID_TRIGGER',
      `trigger: rule ${rule.id} runs from ${allowed.map((t) => `"${t}"`).join(' or ')}, not "${chosen}"`,
    );
  }
  return chosen;
}

function confidenceLines(rule: LegalRule, trigger: string): BilingualText[] {
  const lines: BilingualText[] = [];
  const confidence = confidenceText(rule.confirmed);
  if (confidence) lines.push(confidence);
  if (rule.optional) lines.push(optionalStepText());
  if (rule.triggerOptions) lines.push(triggerText(trigger, rule.triggerOptions));
  return lines;
}

/** A rulebook deadline: the rule's length, direction, calendar and suspension cap applied. */
export function computeRuleDeadline(ruleId: string, trigger: CivilDate, options: RuleDeadlineOptions = {}): RuleDeadlineResult {
  const rule = getRule(ruleId);
  const halved = options.halved === true;
  const startingEvent = resolveRuleTrigger(ruleId, options.trigger);
  const result = computeDeadline(ruleDeadlineInput(rule, trigger, options));
  const cappedSuspensions = rule.suspendable && options.suspensions ? applySuspensionCap(options.suspensions, rule.suspendable).capped : [];
  return {
    ...result,
    explanation: [ruleText(rule, halved), ...confidenceLines(rule, startingEvent), ...result.explanation],
    rule: {
      id: rule.id,
      label: rule.label,
      source: halved && rule.halved ? `${rule.source}; ${rule.halved.source}` : rule.source,
      confirmed: rule.confirmed,
      onExpiry: rule.onExpiry,
      halved,
      optional: rule.optional,
      trigger: startingEvent,
      rulebookVersion: RULEBOOK_VERSION,
    },
    cappedSuspensions,
  };
}

export interface SuspendedTermResumption {
  /** The suspended rule (e.g. the 120-day opinion). */
  readonly rule: string;
  /** The day the suspended term runs again. */
  readonly resumesOn: CivilDate;
  readonly basis: string;
  readonly explanation: readonly BilingualText[];
}

/**
 * When a term suspended by this rule's act runs again (e.g. the notice of intended rejection,
 * L. 241/1990 art. 10-bis as amended by D.L. 76/2020): `daysAfterAnswer` days after the
 * answer is filed within the window, otherwise from the window's expiry. Never on the filing day.
 */
export function suspendedTermResumesOn(ruleId: string, trigger: CivilDate, answeredOn?: CivilDate): SuspendedTermResumption {
  const rule = getRule(ruleId);
  if (!rule.suspends) {
    throw new LegalCalendarError('INVALID_OPTION', `rule: ${rule.id} suspends no other term`);
  }
  const window = computeRuleDeadline(ruleId, trigger);
  const { rule: suspended, daysAfterAnswer, basis } = rule.suspends;
  let answered: CivilDate | undefined;
  let resumesOn = window.deadline;
  if (answeredOn !== undefined) {
    const filed = parseCivilDate(answeredOn, 'answeredOn');
    if (filed < parseCivilDate(trigger, 'trigger')) {
      throw new LegalCalendarError('INVALID_OPTION', `answeredOn: ${answeredOn} is before the notice of ${trigger}`);
    }
    // A late answer does not move the restart: the term already runs from the window's expiry.
    if (filed <= parseCivilDate(window.deadline)) {
      answered = answeredOn;
      resumesOn = formatCivilDate(filed + daysAfterAnswer);
    }
  }
  return {
    rule: suspended,
    resumesOn,
    basis,
    explanation: [...window.explanation, resumesAfterAnswerText(suspended, resumesOn, daysAfterAnswer, answered, basis)],
  };
}

/**
 * Whether the n-th procedure of a series may run with the rule's halved term: only the
 * first `appliesToFirst` (NdA art. 7bis c.7: the first three STTM). A later one never does.
 */
export function halvedTermAllowed(ruleId: string, ordinal: number): boolean {
  const halved = getRule(ruleId).halved;
  return halved !== undefined && Number.isInteger(ordinal) && ordinal >= 1 && ordinal <= halved.appliesToFirst;
}
