// Operator CLI: `npm run -s cli -- <command> [options]`. Results go to stdout (JSON or a
// table, for scripts), diagnostics to stderr; exit 2 means the input was wrong.
import 'reflect-metadata';
import { ConfigError } from '@cmm/config';
import { type CliCommand, type CliIo, UsageError } from './cli-command';
import { migrateCommand, seedCommand } from './commands/database-commands';
import { deadlineCommand } from './commands/deadline.command';
import { rulesCommand } from './commands/rules.command';
import { verifyTimelineCommand } from './commands/verify-timeline.command';
import { tokenCommand } from './commands/token.command';

const COMMANDS: readonly CliCommand[] = [deadlineCommand, rulesCommand, tokenCommand, migrateCommand, seedCommand, verifyTimelineCommand];

const io: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

const usage = (): string =>
  ['usage: npm run -s cli -- <command> [options]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)].join('\n');

export async function runCli(argv: readonly string[], out: CliIo = io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    out.stderr(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.stderr(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(error.message.split('\n')[0]);
      return 2;
    }
    out.stderr(error instanceof ConfigError ? error.message : `${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
