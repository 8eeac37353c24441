import { CliIo } from '../cli-command';
import { deadlineCommand } from './deadline.command';

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) };
  const code = await deadlineCommand.run(args, io);
  return { code, stdout, stderr };
}

async function runOk(args: string[]) {
  const result = await run(args);
  expect(result.stderr).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toHaveLength(1);
  return JSON.parse(result.stdout[0]) as Record<string, unknown> & { explanation: Array<{ it: string; en: string }> };
}

describe('deadline command', () => {
  it('prints one JSON object with the deadline, the instant and the explanation', async () => {
    const output = await runOk(['--from', '2027-09-04', '--days', '30']);
    expect(output).toMatchObject({
      deadline: '2027-10-05',
      dueAt: '2027-10-05T21:59:59.999Z',
      nominal: '2027-10-04',
      trigger: '2027-09-04',
      length: 30,
      unit: 'days',
      direction: 'forward',
      calendar: 'national',
      suspendedDays: 0,
      shifts: [{ from: '2027-10-04', to: '2027-10-05' }],
    });
    expect(output.explanation).toEqual([
      {
        it: 'Termine di 30 giorni dal 2027-09-04 (il giorno iniziale non si computa): 2027-10-04',
        en: 'Term of 30 days from 2027-09-04 (the first day is not counted): 2027-10-04',
      },
      {
        it: "2027-10-04 è festivo (San Francesco d'Assisi): si passa al 2027-10-05",
        en: '2027-10-04 is a public holiday (St Francis of Assisi): moved forward to 2027-10-05',
      },
      {
        it: 'Scadenza: 2027-10-05, fino alle 23:59:59.999 ora di Roma (2027-10-05T21:59:59.999Z)',
        en: 'Deadline: 2027-10-05, until 23:59:59.999 Rome time (2027-10-05T21:59:59.999Z)',
      },
    ]);
    expect(output.internalTarget).toBeUndefined();
  });

  it('computes months, backward terms and the milano calendar', async () => {
    expect(await runOk(['--from', '2027-01-31', '--days', '1', '--unit', 'months'])).toMatchObject({
      nominal: '2027-02-28',
      deadline: '2027-03-01',
    });
    expect(await runOk(['--from', '2027-05-05', '--days', '10', '--direction', 'backward'])).toMatchObject({
      deadline: '2027-04-24',
      direction: 'backward',
    });
    expect(await runOk(['--from', '2027-01-17', '--days', '10', '--direction', 'backward', '--clear-days'])).toMatchObject({
      nominal: '2027-01-06',
      deadline: '2027-01-05',
    });
    expect(await runOk(['--from=2027-11-07', '--days=30', '--calendar=milano'])).toMatchObject({ deadline: '2027-12-09' });
    expect(await runOk(['--from', '2027-05-01', '--days', '28', '--saturday-non-working'])).toMatchObject({ deadline: '2027-05-31' });
  });

  it('adds several suspensions and explains each', async () => {
    const output = await runOk([
      '--from',
      '2027-01-04',
      '--days',
      '120',
      '--suspend',
      '2027-01-10..2027-01-25',
      '--suspend',
      '2027-02-01..2027-02-11',
    ]);
    expect(output).toMatchObject({ deadline: '2027-05-29', suspendedDays: 25 });
    expect(output.explanation.map((line) => line.it)).toContain('sospensione dal 2027-01-10 al 2027-01-25: +15 giorni');
  });

  it('takes length, direction, calendar and cap from --rule', async () => {
    const output = await runOk([
      '--rule',
      'compatibility-evaluation.opinion',
      '--from',
      '2027-01-04',
      '--suspend',
      '2027-01-10..2027-02-19',
    ]);
    expect(output).toMatchObject({
      deadline: '2027-06-03',
      internalTarget: '2027-06-03',
      suspendedDays: 30,
      length: 120,
      rule: { id: 'compatibility-evaluation.opinion', source: 'LR 12/2005 art. 13 c.5', onExpiry: 'deemed-favourable' },
      cappedSuspensions: [{ from: '2027-01-10', to: '2027-02-19', days: 40, countedDays: 30 }],
    });
    expect(output.explanation[0].it).toMatch(/^Regola compatibility-evaluation\.opinion/);
  });

  it('computes the halved STTM availability term for the real approval date', async () => {
    expect(await runOk(['--rule', 'sttm-approval.proposal-availability', '--from', '2024-02-28', '--halved'])).toMatchObject({
      deadline: '2024-01-13',
      nominal: '2024-01-14',
      length: 45,
      rule: { halved: true },
    });
  });

  it('restarts an interruptible rule in full with --interrupt', async () => {
    const output = await runOk(['--rule', 'piano-attuativo.adoption', '--from', '2027-01-04', '--interrupt', '2027-02-01']);
    expect(output).toMatchObject({ start: '2027-02-01', interruptedOn: '2027-02-01', nominal: '2027-05-02', deadline: '2027-05-03' });
    const refused = await run(['--rule', 'compatibility-evaluation.opinion', '--from', '2027-01-04', '--interrupt', '2027-02-01']);
    expect(refused).toMatchObject({ code: 2, stdout: [] });
    expect(refused.stderr[0]).toMatch(/^deadline: --interrupt: .*cannot be interrupted/);
  });

  it('accepts --days that agree with the rule', async () => {
    expect(await runOk(['--rule', 'vas-screening.decision', '--from', '2027-01-04', '--days', '90'])).toMatchObject({
      deadline: '2027-04-05',
    });
  });

  it.each<[string, string[], RegExp]>([
    ['an impossible date', ['--from', '2027-02-30', '--days', '10'], /--from: "2027-02-30" is not a valid date/],
    ['a date before 1996', ['--from', '1990-01-01', '--days', '10'], /--from: .*1996/],
    ['a negative N (separate value)', ['--from', '2027-01-04', '--days', '-5'], /--days needs a value/],
    ['a negative N (inline value)', ['--from', '2027-01-04', '--days=-5'], /--days: "-5" must be a positive whole number/],
    ['a non-integer N', ['--from', '2027-01-04', '--days', '1.5'], /--days: "1.5" must be a positive whole number/],
    ['a zero N', ['--from', '2027-01-04', '--days', '0'], /--days: "0"/],
    ['N missing', ['--from', '2027-01-04'], /--days is required/],
    ['--from missing', ['--days', '10'], /--from is required/],
    ['--from without value', ['--days', '10', '--from'], /--from needs a value/],
    [
      'an inverted suspension',
      ['--from', '2027-01-04', '--days', '30', '--suspend', '2027-01-25..2027-01-10'],
      /--suspend: 2027-01-25\.\.2027-01-10 ends before it starts/,
    ],
    [
      'a malformed suspension',
      ['--from', '2027-01-04', '--days', '30', '--suspend', '2027-01-25'],
      /--suspend: "2027-01-25" must be FROM\.\.TO/,
    ],
    ['a suspension after expiry', ['--from', '2027-01-04', '--days', '30', '--suspend', '2027-03-01..2027-03-05'], /--suspend: .*expired/],
    ['an unknown option', ['--from', '2027-01-04', '--days', '30', '--frobnicate'], /unknown option '--frobnicate'/],
    ['a positional argument', ['--from', '2027-01-04', '--days', '30', 'extra'], /Unexpected argument 'extra'/],
    [
      'an unknown calendar',
      ['--from', '2027-01-04', '--days', '30', '--calendar', 'roma'],
      /--calendar: "roma" is not a calendar \(national, milano\)/,
    ],
    ['an unknown unit', ['--from', '2027-01-04', '--days', '3', '--unit', 'weeks'], /--unit: "weeks" is not one of days, months/],
    ['an unknown direction', ['--from', '2027-01-04', '--days', '3', '--direction', 'up'], /--direction: "up"/],
    ['an unknown rule', ['--from', '2027-01-04', '--rule', 'nope'], /--rule: "nope" is not in rulebook/],
    [
      'milano for a cmm rule',
      ['--from', '2027-01-04', '--rule', 'compatibility-evaluation.opinion', '--calendar', 'milano'],
      /--calendar: milano is not allowed for rule compatibility-evaluation\.opinion/,
    ],
    [
      '--days contradicting the rule',
      ['--from', '2027-01-04', '--rule', 'vas-screening.decision', '--days', '30'],
      /--days 30 contradicts rule vas-screening\.decision \(90\)/,
    ],
    ['--halved without a rule', ['--from', '2027-01-04', '--days', '30', '--halved'], /--halved needs --rule/],
    [
      '--halved on a rule without it',
      ['--from', '2027-01-04', '--rule', 'vas-screening.decision', '--halved'],
      /--halved: .*no halved term/,
    ],
    ['--halved with a value', ['--from', '2027-01-04', '--days', '30', '--halved=yes'], /--halved takes no value/],
    [
      'a suspension on a rule that has none',
      ['--from', '2027-01-04', '--rule', 'vas-screening.decision', '--suspend', '2027-01-10..2027-01-12'],
      /--suspend: .*cannot be suspended/,
    ],
    ['clear days forward', ['--from', '2027-01-04', '--days', '3', '--clear-days'], /clearDays/],
  ])('exits 2 on %s, one line on stderr, nothing on stdout', async (_label, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).not.toContain('\n');
    expect(result.stderr[0]).toMatch(/^deadline: /);
    expect(result.stderr[0]).toMatch(message);
  });
});
