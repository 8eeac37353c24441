import { parseArgs } from 'node:util';
import {
  CALENDAR_IDS,
  CalendarId,
  DeadlineInput,
  DeadlineResult,
  LegalCalendarError,
  LegalCalendarErrorCode,
  LegalRule,
  RULEBOOK_VERSION,
  RuleDeadlineResult,
  SuspensionInterval,
  TERM_DIRECTIONS,
  TERM_UNITS,
  TermDirection,
  TermUnit,
  computeDeadline,
  computeRuleDeadline,
  findRule,
  isCalendarId,
  isValidCivilDate,
} from '@cmm/legal-calendar';
import { CliCommand, CliIo } from '../cli-command';

/*
 * `deadline`: one legal term, as ONE JSON object on stdout. Scripts depend on the option
 * names, the output fields and exit status 2 for bad input (with stdout left empty), so
 * those are a contract: add, never rename.
 */

const OPTIONS = {
  from: { type: 'string' },
  days: { type: 'string' },
  unit: { type: 'string' },
  direction: { type: 'string' },
  suspend: { type: 'string', multiple: true },
  interrupt: { type: 'string' },
  calendar: { type: 'string' },
  rule: { type: 'string' },
  halved: { type: 'boolean' },
  'clear-days': { type: 'boolean' },
  'saturday-non-working': { type: 'boolean' },
} as const;

const OPTION_LIST = Object.keys(OPTIONS)
  .map((name) => `--${name}`)
  .join(', ');

const SUSPENSION_PATTERN = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const POSITIVE_INTEGER_PATTERN = /^[1-9]\d*$/;
const EXIT_OK = 0;
const EXIT_USAGE = 2;

/** parseArgs errors come from Node's realm, where `instanceof Error` can fail (e.g. under Jest). */
function parseArgsMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).split('\n')[0];
}

/** Bad input: carries the one line for stderr. */
class InvalidInput extends Error {}

type ParsedValues = {
  from?: string;
  days?: string;
  unit?: string;
  direction?: string;
  suspend?: string[];
  interrupt?: string;
  calendar?: string;
  rule?: string;
  halved?: boolean;
  'clear-days'?: boolean;
  'saturday-non-working'?: boolean;
};

function parse(argv: readonly string[]): ParsedValues {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = parseArgsMessage(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new InvalidInput(`${message.replace(/^Unknown option/, 'unknown option')}; deadline accepts ${OPTION_LIST}`);
    }
    const option = /'(--[a-z-]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      // parseArgs reads "--days -5" as a missing value: say what a valid value looks like.
      const expected =
        option === '--halved' || option === '--clear-days' || option === '--saturday-non-working'
          ? 'takes no value'
          : 'needs a value (a value starting with "-" is not accepted: N must be a positive whole number, dates are YYYY-MM-DD)';
      throw new InvalidInput(`${option} ${expected}`);
    }
    throw new InvalidInput(`${message}; deadline accepts only options: ${OPTION_LIST}`);
  }
}

function requireDate(value: string | undefined, option: string): string {
  if (value === undefined) throw new InvalidInput(`${option} is required (a date, YYYY-MM-DD)`);
  if (!isValidCivilDate(value)) {
    throw new InvalidInput(`${option}: "${value}" is not a valid date (YYYY-MM-DD naming a day that exists)`);
  }
  return value;
}

function readDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!POSITIVE_INTEGER_PATTERN.test(value)) {
    throw new InvalidInput(`--days: "${value}" must be a positive whole number (1, 2, ...)`);
  }
  return Number(value);
}

function readChoice<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidInput(`${option}: "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function readCalendar(value: string | undefined): CalendarId | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarId(value)) throw new InvalidInput(`--calendar: "${value}" is not a calendar (${CALENDAR_IDS.join(', ')})`);
  return value;
}

function readSuspensions(values: readonly string[] | undefined): SuspensionInterval[] {
  return (values ?? []).map((value) => {
    const match = SUSPENSION_PATTERN.exec(value);
    if (!match) throw new InvalidInput(`--suspend: "${value}" must be FROM..TO (two dates YYYY-MM-DD)`);
    const [, from, to] = match;
    requireDate(from, '--suspend');
    requireDate(to, '--suspend');
    if (to < from) {
      throw new InvalidInput(`--suspend: ${value} ends before it starts (TO must not be before FROM)`);
    }
    return { from, to };
  });
}

/** With --rule the term comes from the rulebook; a flag that says otherwise is a mistake. */
function assertAgreesWithRule(rule: LegalRule, values: ParsedValues, days: number | undefined): void {
  const ruleLength = values.halved && rule.halved ? rule.halved.length : rule.length;
  const disagreements: Array<[string, unknown, unknown]> = [
    ['--days', days, ruleLength],
    ['--unit', values.unit, rule.unit],
    ['--direction', values.direction, rule.direction],
    ['--clear-days', values['clear-days'], rule.clearDays],
    ['--saturday-non-working', values['saturday-non-working'], rule.saturdayNonWorking],
  ];
  if (values.calendar === 'milano' && rule.obligor === 'cmm') {
    throw new InvalidInput(`--calendar: milano is not allowed for rule ${rule.id}: the office calendar never extends CMM's own terms`);
  }
  disagreements.push(['--calendar', values.calendar, rule.calendar]);
  for (const [option, given, fromRule] of disagreements) {
    if (given !== undefined && given !== fromRule) {
      throw new InvalidInput(`${option} ${String(given)} contradicts rule ${rule.id} (${String(fromRule)}); omit it to use the rule`);
    }
  }
}

const OPTION_OF_ERROR: Partial<Record<LegalCalendarErrorCode, string>> = {
  INVALID_DATE: '--from',
  DATE_OUT_OF_RANGE: '--from',
  INVALID_LENGTH: '--days',
  UNKNOWN_CALENDAR: '--calendar',
  CALENDAR_NOT_ALLOWED: '--calendar',
  INVERTED_SUSPENSION: '--suspend',
  OVERLAPPING_SUSPENSIONS: '--suspend',
  SUSPENSION_BEFORE_START: '--suspend',
  SUSPENSION_AFTER_EXPIRY: '--suspend',
  SUSPENSION_NOT_ALLOWED: '--suspend',
  INTERRUPTION_NOT_ALLOWED: '--interrupt',
  INVALID_INTERRUPTION: '--interrupt',
  HALVED_NOT_AVAILABLE: '--halved',
  UNKNOWN_RULE: '--rule',
};

function compute(values: ParsedValues): DeadlineResult | RuleDeadlineResult {
  const from = requireDate(values.from, '--from');
  const days = readDays(values.days);
  const unit = readChoice<TermUnit>(values.unit, TERM_UNITS, '--unit');
  const direction = readChoice<TermDirection>(values.direction, TERM_DIRECTIONS, '--direction');
  const calendar = readCalendar(values.calendar);
  const suspensions = readSuspensions(values.suspend);
  const interruptedOn = values.interrupt === undefined ? undefined : requireDate(values.interrupt, '--interrupt');

  if (values.rule !== undefined) {
    const rule = findRule(values.rule);
    if (!rule) {
      throw new InvalidInput(`--rule: "${values.rule}" is not in rulebook ${RULEBOOK_VERSION} (the rules command lists them)`);
    }
    assertAgreesWithRule(rule, values, days);
    return computeRuleDeadline(rule.id, from, {
      halved: values.halved === true,
      suspensions,
      ...(interruptedOn ? { interruptedOn } : {}),
    });
  }
  if (values.halved) throw new InvalidInput('--halved needs --rule: the halved term is a property of a rule');
  if (days === undefined) throw new InvalidInput('--days is required without --rule (a positive whole number)');
  const input: DeadlineInput = {
    trigger: from,
    length: days,
    ...(unit ? { unit } : {}),
    ...(direction ? { direction } : {}),
    ...(calendar ? { calendar } : {}),
    ...(values['clear-days'] ? { clearDays: true } : {}),
    ...(values['saturday-non-working'] ? { saturdayNonWorking: true } : {}),
    suspensions,
    ...(interruptedOn ? { interruptedOn } : {}),
  };
  return computeDeadline(input);
}

/** The output contract, spelled out so a library refactor cannot change it by accident. */
function toOutput(result: DeadlineResult | RuleDeadlineResult): Record<string, unknown> {
  return {
    deadline: result.deadline,
    dueAt: result.dueAt,
    nominal: result.nominal,
    trigger: result.trigger,
    start: result.start,
    length: result.length,
    unit: result.unit,
    direction: result.direction,
    calendar: result.calendar,
    clearDays: result.clearDays,
    saturdayNonWorking: result.saturdayNonWorking,
    ...(result.interruptedOn ? { interruptedOn: result.interruptedOn } : {}),
    suspendedDays: result.suspendedDays,
    suspensions: result.suspensions,
    shifts: result.shifts,
    ...(result.internalTarget ? { internalTarget: result.internalTarget } : {}),
    explanation: result.explanation,
    ...('rule' in result ? { rule: result.rule, cappedSuspensions: result.cappedSuspensions } : {}),
  };
}

export const deadlineCommand: CliCommand = {
  name: 'deadline',
  summary: 'compute a legal deadline (--from YYYY-MM-DD --days N | --rule ID), prints one JSON object',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    let result: DeadlineResult | RuleDeadlineResult;
    try {
      result = compute(parse(argv));
    } catch (error) {
      if (error instanceof InvalidInput) {
        io.stderr(`deadline: ${error.message}`);
        return EXIT_USAGE;
      }
      if (error instanceof LegalCalendarError) {
        const option = OPTION_OF_ERROR[error.code];
        io.stderr(`deadline: ${option && !error.message.startsWith('--') ? `${option}: ` : ''}${error.message}`);
        return EXIT_USAGE;
      }
      throw error;
    }
    io.stdout(JSON.stringify(toOutput(result)));
    return EXIT_OK;
  },
};
