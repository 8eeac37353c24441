import { listRules, RULEBOOK_VERSION } from '@cmm/legal-calendar';
import { CliIo } from '../cli-command';
import { rulesCommand } from './rules.command';

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) };
  const code = await rulesCommand.run(args, io);
  return { code, stdout, stderr };
}

describe('rules command', () => {
  it('prints an aligned table of every rule', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    const lines = stdout.join('\n').split('\n');
    expect(lines[0]).toBe(`Rulebook ${RULEBOOK_VERSION}: ${listRules().length} rules`);
    const header = lines[2];
    expect(header).toMatch(/^ID\s+TERM\s+DIRECTION\s+ON EXPIRY\s+SOURCE\s+CONFIRMED$/);
    const rows = lines.slice(4);
    expect(rows).toHaveLength(listRules().length);
    // Aligned: every column starts at the same offset on every row.
    const directionColumn = header.indexOf('DIRECTION');
    for (const row of rows) expect(row.slice(directionColumn)).toMatch(/^(forward|backward) /);
    const opinion = rows.find((row) => row.startsWith('compatibility-evaluation.opinion '));
    expect(opinion).toMatch(/120 days\s+forward\s+deemed-favourable\s+LR 12\/2005 art\. 13 c\.5\s+source$/);
    const availability = rows.find((row) => row.startsWith('sttm-approval.proposal-availability '));
    expect(availability).toContain('90 days (45 halved)');
    expect(rows.find((row) => row.startsWith('compatibility-evaluation.integration-answer '))).toMatch(/default$/);
  });

  it('prints the rulebook as JSON with --json', async () => {
    const { code, stdout } = await run(['--json']);
    expect(code).toBe(0);
    expect(stdout).toHaveLength(1);
    const rulebook = JSON.parse(stdout[0]) as { version: string; rules: Array<{ id: string }>; ladders: unknown[] };
    expect(rulebook.version).toBe(RULEBOOK_VERSION);
    expect(rulebook.rules.map((rule) => rule.id)).toEqual(listRules().map((rule) => rule.id));
    expect(rulebook.ladders.length).toBeGreaterThan(0);
  });

  it('exits 2 with an empty stdout on an unknown option', async () => {
    const { code, stdout, stderr } = await run(['--yaml']);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^rules: Unknown option '--yaml'/);
  });
});
