import { LegalCalendarError } from '../errors/legal-calendar.error';
import { CALENDAR_IDS } from '../holidays/working-day.calendar';
import { BilingualText } from '../i18n/bilingual-text.types';
import { HOLIDAY_SHIFTS, OBLIGORS, SuspensionCap, TERM_DIRECTIONS, TERM_UNITS } from '../terms/term.types';
import { LadderRung, ReminderLadder, RUNG_ANCHORS, RUNG_KINDS } from '../tracking/reminder-ladder.types';
import { CONFIRMATIONS, EXPIRY_EFFECTS, HalvedVariant, InterruptionLimit, LegalRule, Rulebook, SuspensionOfRule } from './legal-rule.types';

const ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const KEBAB_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION_PATTERN = /^\d{4}\.\d+$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A reminder ladder is never a legal variant to opt into: it is sourced or a default. */
const LADDER_CONFIRMATIONS = CONFIRMATIONS.filter((c): c is 'source' | 'default' => c !== 'configuration');

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one object of the rulebook field by field. Every complaint names the owner (the
 * rule or ladder id) and the field, so a reviewer fixes the JSON without reading code;
 * unknown fields are refused so a misspelt "lenght" cannot silently fall back to a default.
 */
class FieldReader {
  private readonly seen = new Set<string>();

  constructor(
    private readonly owner: string,
    private readonly fields: Fields,
  ) {}

  fail(field: string, problem: string): never {
    throw new LegalCalendarError('INVALID_RULEBOOK', `rulebook: ${this.owner}, field "${field}": ${problem}`);
  }

  private raw(field: string): unknown {
    this.seen.add(field);
    return this.fields[field];
  }

  has(field: string): boolean {
    return this.fields[field] !== undefined;
  }

  text(field: string, pattern?: RegExp): string {
    const value = this.raw(field);
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) this.fail(field, `"${value}" does not match ${pattern}`);
    return value;
  }

  integer(field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(field);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `from ${min}`;
      this.fail(field, `must be a whole number ${range} (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  bool(field: string, fallback?: boolean): boolean {
    const value = this.raw(field);
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(field, `must be true or false (got ${JSON.stringify(value)})`);
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.raw(field);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return value as T;
  }

  bilingual(field: string): BilingualText {
    const value = this.raw(field);
    if (!isRecord(value)) this.fail(field, 'must be an object { it, en }');
    const nested = new FieldReader(`${this.owner}, field "${field}"`, value);
    const text = { it: nested.text('it'), en: nested.text('en') };
    nested.finish();
    return text;
  }

  nested(field: string): FieldReader {
    const value = this.raw(field);
    if (!isRecord(value)) this.fail(field, 'must be an object');
    return new FieldReader(`${this.owner}, field "${field}"`, value);
  }

  list(field: string): readonly unknown[] {
    const value = this.raw(field);
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value;
  }

  /** Marks a field read without interpreting it (the caller does). */
  value(field: string): unknown {
    return this.raw(field);
  }

  finish(): void {
    const unknown = Object.keys(this.fields).filter((key) => !this.seen.has(key));
    if (unknown.length > 0) this.fail(unknown[0], 'is not a known field');
  }
}

function readSuspendable(reader: FieldReader): false | SuspensionCap {
  if (reader.value('suspendable') === false) return false;
  const cap = reader.nested('suspendable');
  const result = { times: cap.integer('times', 1), maxDays: cap.integer('maxDays', 1), basis: cap.text('basis') };
  cap.finish();
  return result;
}

function readInterruptible(reader: FieldReader): false | InterruptionLimit {
  if (reader.value('interruptible') === false) return false;
  const limit = reader.nested('interruptible');
  const result = { times: limit.integer('times', 1), basis: limit.text('basis') };
  limit.finish();
  return result;
}

function readHalved(reader: FieldReader, length: number): HalvedVariant | undefined {
  if (!reader.has('halved')) return undefined;
  const halved = reader.nested('halved');
  const result = {
    length: halved.integer('length', 1, length - 1),
    source: halved.text('source'),
    appliesToFirst: halved.integer('appliesToFirst', 1),
  };
  halved.finish();
  return result;
}

function readTriggerOptions(reader: FieldReader, trigger: string): readonly string[] | undefined {
  if (!reader.has('triggerOptions')) return undefined;
  const options = reader.list('triggerOptions');
  if (options.length < 2) reader.fail('triggerOptions', 'lists the alternatives: at least two events, the default "trigger" among them');
  for (const option of options) {
    if (typeof option !== 'string' || !KEBAB_PATTERN.test(option)) {
      reader.fail('triggerOptions', `${JSON.stringify(option)} is not a kebab-case event name`);
    }
  }
  const names = options as readonly string[];
  if (new Set(names).size !== names.length) reader.fail('triggerOptions', 'lists an event twice');
  if (!names.includes(trigger)) reader.fail('triggerOptions', `must include the default trigger "${trigger}"`);
  return names;
}

function readSuspends(reader: FieldReader): SuspensionOfRule | undefined {
  if (!reader.has('suspends')) return undefined;
  const suspends = reader.nested('suspends');
  const result = {
    rule: suspends.text('rule', ID_PATTERN),
    daysAfterAnswer: suspends.integer('daysAfterAnswer', 0, 366),
    basis: suspends.text('basis'),
  };
  suspends.finish();
  return result;
}

function readRule(value: unknown, index: number, ladderIds: ReadonlySet<string>): LegalRule {
  const preliminaryId = isRecord(value) && typeof value.id === 'string' ? value.id : `#${index + 1}`;
  const reader = new FieldReader(`rule "${preliminaryId}"`, isRecord(value) ? value : {});
  if (!isRecord(value)) reader.fail('(rule)', 'must be an object');
  const id = reader.text('id', ID_PATTERN);
  const label = reader.bilingual('label');
  const procedure = reader.text('procedure', KEBAB_PATTERN);
  const trigger = reader.text('trigger', KEBAB_PATTERN);
  const triggerOptions = readTriggerOptions(reader, trigger);
  const unit = reader.oneOf('unit', TERM_UNITS);
  const length = reader.integer('length', 1);
  const direction = reader.oneOf('direction', TERM_DIRECTIONS);
  const clearDays = reader.bool('clearDays', false);
  if (clearDays && direction === 'forward') reader.fail('clearDays', '"giorni liberi" applies to backward terms only');
  const firstDayCounted = reader.bool('firstDayCounted', false);
  if (firstDayCounted && direction === 'backward') reader.fail('firstDayCounted', 'a backward term has no first day to count');
  const holidayShift = reader.has('holidayShift') ? reader.oneOf('holidayShift', HOLIDAY_SHIFTS) : undefined;
  if (holidayShift === 'previous-working-day' && direction === 'forward') {
    reader.fail('holidayShift', 'a forward term is never shortened by a holiday (art. 155 c.p.c.)');
  }
  const saturdayNonWorking = reader.bool('saturdayNonWorking', false);
  const calendar = reader.oneOf('calendar', CALENDAR_IDS);
  const obligor = reader.oneOf('obligor', OBLIGORS);
  if (obligor === 'cmm' && calendar === 'milano') {
    reader.fail('calendar', '"milano" (office closures) never extends CMM\'s own terms: a cmm rule uses "national"');
  }
  const onExpiry = reader.oneOf('onExpiry', EXPIRY_EFFECTS);
  const suspendable = readSuspendable(reader);
  const interruptible = readInterruptible(reader);
  if (direction === 'backward' && (suspendable !== false || interruptible !== false)) {
    reader.fail(suspendable !== false ? 'suspendable' : 'interruptible', 'a backward term has no running time to stop');
  }
  const source = reader.text('source');
  const confirmed = reader.oneOf('confirmed', CONFIRMATIONS);
  const note = reader.has('note') || confirmed !== 'source' ? reader.text('note') : undefined;
  const halved = readHalved(reader, length);
  const optional = reader.bool('optional', false);
  const suspends = readSuspends(reader);
  const ladder = reader.has('ladder') ? reader.text('ladder') : undefined;
  if (ladder !== undefined && !ladderIds.has(ladder)) reader.fail('ladder', `"${ladder}" is not a ladder of this rulebook`);
  reader.finish();
  return {
    id,
    label,
    procedure,
    trigger,
    ...(triggerOptions ? { triggerOptions } : {}),
    length,
    unit,
    direction,
    clearDays,
    firstDayCounted,
    ...(holidayShift ? { holidayShift } : {}),
    saturdayNonWorking,
    calendar,
    obligor,
    onExpiry,
    suspendable,
    interruptible,
    source,
    confirmed,
    ...(note ? { note } : {}),
    ...(halved ? { halved } : {}),
    optional,
    ...(suspends ? { suspends } : {}),
    ...(ladder ? { ladder } : {}),
  };
}

function readRung(value: unknown, owner: string, index: number): LadderRung {
  const preliminaryId = isRecord(value) && typeof value.id === 'string' ? value.id : `#${index + 1}`;
  const reader = new FieldReader(`${owner}, rung "${preliminaryId}"`, isRecord(value) ? value : {});
  if (!isRecord(value)) reader.fail('(rung)', 'must be an object');
  const rung = {
    id: reader.text('id', ID_PATTERN),
    offsetDays: reader.integer('offsetDays', -366, 366),
    time: reader.text('time', TIME_PATTERN),
    anchor: reader.oneOf('anchor', RUNG_ANCHORS),
    kind: reader.oneOf('kind', RUNG_KINDS),
    label: reader.bilingual('label'),
  };
  reader.finish();
  return rung;
}

function readLadder(value: unknown, index: number): ReminderLadder {
  const preliminaryId = isRecord(value) && typeof value.id === 'string' ? value.id : `#${index + 1}`;
  const owner = `ladder "${preliminaryId}"`;
  const reader = new FieldReader(owner, isRecord(value) ? value : {});
  if (!isRecord(value)) reader.fail('(ladder)', 'must be an object');
  const id = reader.text('id', KEBAB_PATTERN);
  const label = reader.bilingual('label');
  const rungs = reader.list('rungs').map((rung, i) => readRung(rung, owner, i));
  if (rungs.length === 0) reader.fail('rungs', 'must list at least one rung');
  const duplicate = rungs.find((rung, i) => rungs.findIndex((other) => other.id === rung.id) !== i);
  if (duplicate) reader.fail('rungs', `rung id "${duplicate.id}" appears twice`);
  const confirmed = reader.oneOf('confirmed', LADDER_CONFIRMATIONS);
  const note = reader.has('note') || confirmed === 'default' ? reader.text('note') : undefined;
  reader.finish();
  return { id, label, rungs, confirmed, ...(note ? { note } : {}) };
}

/**
 * Validates untyped rulebook data (the JSON file, or a candidate under review) and returns
 * it typed. Throws LegalCalendarError INVALID_RULEBOOK naming the rule and the field.
 */
export function loadRulebook(data: unknown): Rulebook {
  const reader = new FieldReader('rulebook', isRecord(data) ? data : {});
  if (!isRecord(data)) reader.fail('(root)', 'must be an object { version, rules, ladders }');
  const version = reader.text('version', VERSION_PATTERN);
  const ladders = reader.list('ladders').map(readLadder);
  const ladderIds = new Set<string>();
  for (const ladder of ladders) {
    if (ladderIds.has(ladder.id)) reader.fail('ladders', `ladder id "${ladder.id}" appears twice`);
    ladderIds.add(ladder.id);
  }
  const rules = reader.list('rules').map((rule, index) => readRule(rule, index, ladderIds));
  if (rules.length === 0) reader.fail('rules', 'must list at least one rule');
  const ruleIds = new Set<string>();
  for (const rule of rules) {
    if (ruleIds.has(rule.id)) reader.fail('rules', `rule id "${rule.id}" appears twice`);
    ruleIds.add(rule.id);
  }
  for (const rule of rules) {
    if (rule.suspends && !ruleIds.has(rule.suspends.rule)) {
      reader.fail('rules', `rule "${rule.id}", field "suspends": "${rule.suspends.rule}" is not a rule of this rulebook`);
    }
  }
  reader.finish();
  return { version, rules, ladders };
}
