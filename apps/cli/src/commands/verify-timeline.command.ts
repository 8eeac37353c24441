import { CaseRepository, TimelineRepository } from '@cmm/persistence';
import { type CliCommand, type CliIo, UsageError } from '../cli-command';
import { withDatabase } from './database-commands';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USAGE = 'usage: verify-timeline <caseId> | verify-timeline --all';

type Target = { all: true } | { all: false; caseId: string };

const parse = (argv: readonly string[]): Target => {
  if (argv.length !== 1) throw new UsageError(`verify-timeline: expected one argument; ${USAGE}`);
  const [argument] = argv;
  if (argument === '--all') return { all: true };
  if (argument.startsWith('-')) throw new UsageError(`verify-timeline: unknown option "${argument}"; ${USAGE}`);
  if (!UUID.test(argument)) throw new UsageError(`verify-timeline: "${argument}" is not a case id (UUID); ${USAGE}`);
  return { all: false, caseId: argument.toLowerCase() };
};

/**
 * Recomputes the hash chain of a case's timeline (or of every case) from the database.
 * stdout: one JSON object per case reported (the case, or with --all each broken case);
 * exit 0 when every chain holds, 1 when one is broken (or the case does not exist), 2 on bad input.
 */
export const verifyTimelineCommand: CliCommand = {
  name: 'verify-timeline',
  summary: 'verify the hash chain of a case timeline: <caseId> or --all (DATABASE_URL)',
  async run(argv, io: CliIo) {
    const target = parse(argv);
    return withDatabase(async (dataSource) => {
      const timeline = new TimelineRepository(dataSource);
      if (!target.all) {
        if (!(await new CaseRepository(dataSource).findVisible(null, target.caseId))) {
          io.stderr(`verify-timeline: case ${target.caseId} not found`);
          return 1;
        }
        const verification = await timeline.verify(target.caseId);
        io.stdout(JSON.stringify({ caseId: target.caseId, ...verification }));
        if (!verification.valid)
          io.stderr(`verify-timeline: case ${target.caseId} broken at event ${verification.brokenAt}: ${verification.reason}`);
        return verification.valid ? 0 : 1;
      }
      let cases = 0;
      let broken = 0;
      for await (const verification of timeline.verifyAll()) {
        cases += 1;
        if (verification.valid) continue;
        broken += 1;
        io.stdout(JSON.stringify(verification));
      }
      io.stderr(`verify-timeline: ${cases} case(s) verified, ${broken} broken`);
      return broken === 0 ? 0 : 1;
    });
  },
};
