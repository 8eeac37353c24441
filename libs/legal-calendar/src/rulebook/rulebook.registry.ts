import { LegalCalendarError } from '../errors/legal-calendar.error';
import { ReminderLadder } from '../tracking/reminder-ladder.types';
import { LegalRule, Rulebook } from './legal-rule.types';
import { loadRulebook } from './rulebook.loader';
// JSON rather than a TS module: the rulebook is reviewed and versioned by legal officers,
// so it is plain data that any tool can read; `loadRulebook` gives it back its types.
import rulebookData from './rulebook.data.json';

/** Validated once at import: a malformed rulebook stops the process at boot, not mid-procedure. */
const RULEBOOK: Rulebook = loadRulebook(rulebookData);
const RULES_BY_ID = new Map(RULEBOOK.rules.map((rule) => [rule.id, rule]));
const LADDERS_BY_ID = new Map(RULEBOOK.ladders.map((ladder) => [ladder.id, ladder]));

export const RULEBOOK_VERSION: string = RULEBOOK.version;

export function getRulebook(): Rulebook {
  return RULEBOOK;
}

export function listRules(): readonly LegalRule[] {
  return RULEBOOK.rules;
}

export function findRule(id: string): LegalRule | undefined {
  return RULES_BY_ID.get(id);
}

export function getRule(id: string): LegalRule {
  const rule = RULES_BY_ID.get(id);
  if (!rule) {
    throw new LegalCalendarError('UNKNOWN_RULE', `rule: "${id}" is not in rulebook ${RULEBOOK.version} (see the "rules" command)`);
  }
  return rule;
}

export function listLadders(): readonly ReminderLadder[] {
  return RULEBOOK.ladders;
}

export function getLadder(id: string): ReminderLadder {
  const ladder = LADDERS_BY_ID.get(id);
  if (!ladder) {
    throw new LegalCalendarError('UNKNOWN_LADDER', `ladder: "${id}" is not in rulebook ${RULEBOOK.version}`);
  }
  return ladder;
}
