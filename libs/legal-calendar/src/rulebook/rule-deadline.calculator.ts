import { LegalCalendarError } from '../errors/legal-calendar.error';
import { BilingualText } from '../i18n/bilingual-text.types';
import { CivilDate } from '../time/civil-date.codec';
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
}

export interface AppliedRule {
  readonly id: string;
  readonly label: BilingualText;
  readonly source: string;
  readonly confirmed: Confirmation;
  readonly onExpiry: ExpiryEffect;
  readonly halved: boolean;
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
    throw new LegalCalendarError(
      'SUSPENSION_NOT_ALLOWED',
      `suspensions: rule ${rule.id} cannot be suspended (${rule.source})`,
    );
  }
  if (options.interruptedOn !== undefined && rule.interruptible === false) {
    throw new LegalCalendarError(
      'INTERRUPTION_NOT_ALLOWED',
      `interruptedOn: rule ${rule.id} cannot be interrupted (${rule.source})`,
    );
  }
  return {
    trigger,
    length: options.halved && rule.halved ? rule.halved.length : rule.length,
    unit: rule.unit,
    direction: rule.direction,
    calendar: rule.calendar,
    obligor: rule.obligor,
    clearDays: rule.clearDays,
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

/** A rulebook deadline: the rule's length, direction, calendar and suspension cap applied. */
export function computeRuleDeadline(
  ruleId: string,
  trigger: CivilDate,
  options: RuleDeadlineOptions = {},
): RuleDeadlineResult {
  const rule = getRule(ruleId);
  const halved = options.halved === true;
  const result = computeDeadline(ruleDeadlineInput(rule, trigger, options));
  const cappedSuspensions =
    rule.suspendable && options.suspensions ? applySuspensionCap(options.suspensions, rule.suspendable).capped : [];
  return {
    ...result,
    explanation: [ruleText(rule, halved), ...result.explanation],
    rule: {
      id: rule.id,
      label: rule.label,
      source: halved && rule.halved ? `${rule.source}; ${rule.halved.source}` : rule.source,
      confirmed: rule.confirmed,
      onExpiry: rule.onExpiry,
      halved,
      rulebookVersion: RULEBOOK_VERSION,
    },
    cappedSuspensions,
  };
}
