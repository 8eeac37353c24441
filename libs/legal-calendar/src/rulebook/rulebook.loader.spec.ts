import { LegalCalendarError } from '../errors/legal-calendar.error';
import rulebookData from './rulebook.data.json';
import { loadRulebook } from './rulebook.loader';
import { getRule, listLadders, listRules, RULEBOOK_VERSION } from './rulebook.registry';

/** The shipped rulebook with one rule (or the root) edited. */
function withRule(id: string, edit: (rule: Record<string, unknown>) => void): unknown {
  const copy = JSON.parse(JSON.stringify(rulebookData)) as { rules: Array<Record<string, unknown>> };
  const rule = copy.rules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  edit(rule);
  return copy;
}

const OPINION = 'compatibility-evaluation.opinion';

describe('rulebook loader', () => {
  it('loads the shipped rulebook with its version', () => {
    expect(RULEBOOK_VERSION).toMatch(/^\d{4}\.\d+$/);
    expect(listRules().map((rule) => rule.id)).toEqual([
      'sttm-approval.proposal-availability',
      'sttm-approval.conferenza-istruttoria-window',
      'sttm-approval.osservazioni',
      'sttm-approval.conferenza-istruttoria-before-adoption',
      'sttm-approval.planned-adoption',
      'compatibility-evaluation.opinion',
      'compatibility-evaluation.opinion-interrupting',
      'compatibility-evaluation.integration-answer',
      'compatibility-evaluation.preavviso-di-rigetto',
      'pgt-adoption.deposit',
      'pgt-adoption.deposit-period',
      'pgt-adoption.osservazioni',
      'piano-attuativo.adoption',
      'vas-screening.opinions',
      'vas-screening.decision',
      'public-notice-board.publication',
      'public-notice-board.enforceability',
      'concertation-conference.convocation-notice',
      'concertation-conference.written-contributions',
      'concertation-conference.attendance-answer',
      'territorial-agreement.signature',
      'territorial-agreement.commitment-due',
      'annual-call.submission-window',
    ]);
    expect(listLadders().map((ladder) => ladder.id)).toEqual(['standard', 'short', 'evaluation-120']);
  });

  it('gives every default a note and never the milano calendar to a cmm rule', () => {
    for (const rule of listRules()) {
      if (rule.confirmed === 'default') expect(rule.note?.length).toBeGreaterThan(40);
      if (rule.obligor === 'cmm') expect(rule.calendar).toBe('national');
      expect(rule.label.it).not.toBe(rule.label.en);
    }
  });

  it('carries the values of docs/legal-time.md', () => {
    expect(getRule(OPINION)).toMatchObject({
      length: 120,
      direction: 'forward',
      onExpiry: 'deemed-favourable',
      suspendable: { times: 1, maxDays: 30, basis: 'L. 241/1990 art. 2 c.7' },
      source: 'LR 12/2005 art. 13 c.5',
    });
    expect(getRule('sttm-approval.proposal-availability')).toMatchObject({ length: 90, direction: 'backward', halved: { length: 45 } });
    expect(getRule('sttm-approval.conferenza-istruttoria-window')).toMatchObject({ length: 60, halved: { length: 30 } });
    expect(getRule('sttm-approval.osservazioni')).toMatchObject({ length: 60, halved: { length: 30 } });
    expect(getRule('sttm-approval.conferenza-istruttoria-before-adoption')).toMatchObject({
      length: 1,
      direction: 'backward',
      confirmed: 'default',
    });
    expect(getRule('sttm-approval.planned-adoption')).toMatchObject({
      length: 1,
      direction: 'forward',
      holidayShift: 'none',
      confirmed: 'default',
    });
    expect(getRule('vas-screening.opinions').length).toBe(30);
    expect(getRule('vas-screening.decision').length).toBe(90);
    expect(getRule('compatibility-evaluation.preavviso-di-rigetto').length).toBe(10);
    expect(getRule('public-notice-board.publication').length).toBe(15);
    expect(getRule('public-notice-board.enforceability').length).toBe(10);
    expect(getRule('compatibility-evaluation.integration-answer')).toMatchObject({ length: 30, confirmed: 'default' });
    expect(getRule('territorial-agreement.commitment-due')).toMatchObject({
      length: 1,
      direction: 'forward',
      holidayShift: 'none',
      onExpiry: 'alert-officer',
      confirmed: 'default',
    });
  });

  it('refuses an unknown rule id', () => {
    expect(() => getRule('nope')).toThrow(expect.objectContaining({ code: 'UNKNOWN_RULE' }));
  });

  it.each<[string, (rule: Record<string, unknown>) => void, RegExp]>([
    ['a negative length', (rule) => (rule.length = -3), /rule "compatibility-evaluation.opinion", field "length"/],
    ['a misspelt field', (rule) => (rule.lenght = 3), /rule "compatibility-evaluation.opinion", field "lenght": is not a known field/],
    ['a missing label translation', (rule) => (rule.label = { it: 'Parere' }), /field "label", field "en"/],
    ['an unknown unit', (rule) => (rule.unit = 'weeks'), /field "unit": must be one of days, months/],
    ['the milano calendar on a cmm rule', (rule) => (rule.calendar = 'milano'), /field "calendar"/],
    [
      'a default without a note',
      (rule) => {
        rule.confirmed = 'default';
        delete rule.note;
      },
      /field "note": must be a non-empty string/,
    ],
    ['a cap without basis', (rule) => (rule.suspendable = { times: 1, maxDays: 30 }), /field "suspendable", field "basis"/],
    ['an unknown ladder', (rule) => (rule.ladder = 'weekly'), /field "ladder": "weekly" is not a ladder/],
    ['a halved term not shorter', (rule) => (rule.halved = { length: 200, source: 'x' }), /field "halved", field "length"/],
    ['an unknown effect', (rule) => (rule.onExpiry = 'explodes'), /field "onExpiry"/],
    [
      'a configuration without a note',
      (rule) => {
        rule.confirmed = 'configuration';
        delete rule.note;
      },
      /field "note": must be a non-empty string/,
    ],
    [
      'trigger options without the default',
      (rule) => (rule.triggerOptions = ['burl-notice', 'albo-publication']),
      /field "triggerOptions": must include the default trigger "complete-documentation-received"/,
    ],
    [
      'a single trigger option',
      (rule) => (rule.triggerOptions = ['complete-documentation-received']),
      /field "triggerOptions": lists the alternatives/,
    ],
    ['an optional flag that is not a boolean', (rule) => (rule.optional = 'yes'), /field "optional": must be true or false/],
    [
      'a first day counted on a backward term',
      (rule) => {
        rule.direction = 'backward';
        rule.suspendable = false;
        rule.firstDayCounted = true;
      },
      /field "firstDayCounted"/,
    ],
    [
      'a suspension of a rule without its restart days',
      (rule) => (rule.suspends = { rule: 'vas-screening.decision', basis: 'x' }),
      /field "suspends", field "daysAfterAnswer"/,
    ],
  ])('refuses %s, naming the rule and the field', (_label, edit, message) => {
    const data = withRule(OPINION, edit);
    expect(() => loadRulebook(data)).toThrow(LegalCalendarError);
    expect(() => loadRulebook(data)).toThrow(message);
  });

  it('refuses a suspension of a rule that is not in the rulebook', () => {
    const data = withRule('compatibility-evaluation.preavviso-di-rigetto', (rule) => {
      rule.suspends = { rule: 'compatibility-evaluation.nope', daysAfterAnswer: 10, basis: 'x' };
    });
    expect(() => loadRulebook(data)).toThrow(
      /rule "compatibility-evaluation.preavviso-di-rigetto", field "suspends": "compatibility-evaluation.nope" is not a rule/,
    );
  });

  it('records the confidence of every rule: sourced, documented default, or explicitly chosen configuration', () => {
    const byConfidence = (confirmed: string) =>
      listRules()
        .filter((rule) => rule.confirmed === confirmed)
        .map((rule) => rule.id);
    expect(byConfidence('configuration')).toEqual(['compatibility-evaluation.opinion-interrupting']);
    expect(byConfidence('default')).toEqual(
      expect.arrayContaining(['sttm-approval.conferenza-istruttoria-window', 'sttm-approval.osservazioni']),
    );
    for (const rule of listRules()) {
      if (rule.confirmed !== 'source') expect(rule.note?.length).toBeGreaterThan(40);
      if (rule.triggerOptions) expect(rule.triggerOptions).toContain(rule.trigger);
    }
    expect(
      listRules()
        .filter((rule) => rule.firstDayCounted)
        .map((rule) => rule.id),
    ).toEqual(['pgt-adoption.deposit-period', 'public-notice-board.publication']);
    expect(
      listRules()
        .filter((rule) => rule.optional)
        .map((rule) => rule.id),
    ).toEqual(['compatibility-evaluation.preavviso-di-rigetto']);
  });

  it('is version 2026.4 or later: trackers keep the version they were created with', () => {
    const [year, n] = RULEBOOK_VERSION.split('.').map(Number);
    expect(year * 1000 + n).toBeGreaterThanOrEqual(2026 * 1000 + 4);
  });

  it('refuses a backward rule that could be suspended', () => {
    const data = withRule('sttm-approval.proposal-availability', (rule) => {
      rule.suspendable = { times: 1, maxDays: 30, basis: 'x' };
    });
    expect(() => loadRulebook(data)).toThrow(/rule "sttm-approval.proposal-availability", field "suspendable"/);
  });

  it('refuses duplicate ids, a bad version and a non-object', () => {
    const copy = JSON.parse(JSON.stringify(rulebookData)) as { version: string; rules: unknown[] };
    copy.rules.push(copy.rules[0]);
    expect(() => loadRulebook(copy)).toThrow(/appears twice/);
    expect(() => loadRulebook({ ...copy, version: 'latest' })).toThrow(/field "version"/);
    expect(() => loadRulebook(null)).toThrow(/rulebook/);
  });
});
