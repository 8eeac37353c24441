import { parseArgs } from 'node:util';
import { LegalRule, getRulebook } from '@cmm/legal-calendar';
import { CliCommand, CliIo } from '../cli-command';

/*
 * `rules`: the rulebook for a reviewer (aligned table) or a script (--json, the validated
 * rulebook as loaded, with its version).
 */

const EXIT_OK = 0;
const EXIT_USAGE = 2;
const COLUMN_GAP = '  ';

function termText(rule: LegalRule): string {
  const unit = (length: number) =>
    `${length} ${rule.unit === 'days' ? (length === 1 ? 'day' : 'days') : length === 1 ? 'month' : 'months'}`;
  const clear = rule.clearDays ? ' clear' : '';
  return rule.halved ? `${unit(rule.length)}${clear} (${rule.halved.length} halved)` : `${unit(rule.length)}${clear}`;
}

function sourceText(rule: LegalRule): string {
  return rule.halved ? `${rule.source}; halved: ${rule.halved.source}` : rule.source;
}

/** parseArgs errors come from Node's realm, where `instanceof Error` can fail (e.g. under Jest). */
function parseArgsMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).split('\n')[0];
}

export function formatRulesTable(rules: readonly LegalRule[]): string {
  const header = ['ID', 'TERM', 'DIRECTION', 'ON EXPIRY', 'SOURCE', 'CONFIRMED'];
  const rows = rules.map((rule) => [rule.id, termText(rule), rule.direction, rule.onExpiry, sourceText(rule), rule.confirmed]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(COLUMN_GAP)
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'print the rulebook of legal terms (aligned table, or --json)',
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    let json: boolean;
    try {
      json =
        parseArgs({ args: [...argv], options: { json: { type: 'boolean' } }, strict: true, allowPositionals: false }).values.json === true;
    } catch (error) {
      const message = parseArgsMessage(error);
      io.stderr(`rules: ${message}; rules accepts only --json`);
      return EXIT_USAGE;
    }
    const rulebook = getRulebook();
    if (json) {
      io.stdout(JSON.stringify(rulebook, null, 2));
    } else {
      io.stdout(`Rulebook ${rulebook.version}: ${rulebook.rules.length} rules\n\n${formatRulesTable(rulebook.rules)}`);
    }
    return EXIT_OK;
  },
};
