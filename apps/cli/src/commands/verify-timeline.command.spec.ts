import { UsageError } from '../cli-command';
import { runCli } from '../main';
import { verifyTimelineCommand } from './verify-timeline.command';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
};

// Bad input is refused before any database is opened: these run without DATABASE_URL.
describe('verify-timeline usage', () => {
  it.each([[[]], [['not-a-uuid']], [['--everything']], [['--all', '7f1c0a1e-0000-4000-8000-000000000001']], [['7f1c0a1e-0000-4000-8000']]])(
    'refuses %j as a usage error',
    async (argv) => {
      const { io } = capture();
      await expect(verifyTimelineCommand.run(argv, io)).rejects.toBeInstanceOf(UsageError);
    },
  );

  it('exits 2 through the dispatcher, naming the bad case id on stderr and writing nothing on stdout', async () => {
    const { io, out, err } = capture();
    await expect(runCli(['verify-timeline', 'pratica-42'], io)).resolves.toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringContaining('"pratica-42" is not a case id (UUID)')]);
  });
});
