// The supervisor of `npm start` (scripts/supervise.js): an application that dies is started
// again, the restart is written where GET /status reads it, each application gets its own
// METRICS_PORT, and SIGTERM stops every application and then the supervisor, with exit status
// 0, even with its output pipe gone.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUPERVISOR = join(__dirname, '..', '..', 'scripts', 'supervise.js');

/** Polls (bounded, not a timing assertion) until `done` holds. */
const until = async (done: () => Promise<boolean>, what: string): Promise<void> => {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never: ${what}`);
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the npm start supervisor', () => {
  let dir: string;
  let supervisor: ChildProcess;

  const state = async () => {
    const text = await readFile(join(dir, 'processes.json'), 'utf8').catch(() => '{}');
    return (
      JSON.parse(text) as {
        processes?: Record<
          string,
          { status: string; pid: number | null; restarts: number; lastExit: { code: number | null; signal: string | null } | null }
        >;
      }
    ).processes;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cmm-supervisor-'));
    // An application that dies at its first start (exit 3) and then runs until told to stop.
    await writeFile(
      join(dir, 'flaky.js'),
      `const fs = require('fs'); const marker = ${JSON.stringify(join(dir, 'started-once'))};
       if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); console.log('dying'); process.exit(3); }
       console.log('serving', process.env.METRICS_PORT ?? 'without metrics'); process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); }); setInterval(() => {}, 1000);`,
    );
    await writeFile(
      join(dir, 'steady.js'),
      `console.log('metrics on', process.env.METRICS_PORT); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`,
    );
  });

  afterAll(async () => {
    if (supervisor?.exitCode === null) supervisor.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('restarts an application that exits, records it, and stops everything on SIGTERM', async () => {
    const { METRICS_PORT: _none, ...environment } = process.env;
    supervisor = spawn(
      process.execPath,
      [SUPERVISOR, join(dir, 'processes.json'), join(dir, 'logs'), `flaky=${join(dir, 'flaky.js')}`, `steady=${join(dir, 'steady.js')}`],
      // METRICS_PORT_<NAME> becomes that application's METRICS_PORT (npm start: one port per process).
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...environment, METRICS_PORT_STEADY: '19999' } },
    );
    const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));

    await until(async () => (await state())?.flaky?.restarts === 1 && (await state())?.flaky?.status === 'running', 'flaky restarted');
    const processes = (await state())!;
    expect(processes.flaky).toMatchObject({ status: 'running', restarts: 1, lastExit: { code: 3, signal: null } });
    expect(processes.steady).toMatchObject({ status: 'running', restarts: 0, lastExit: null });
    await until(async () => (await readFile(join(dir, 'logs', 'flaky.log'), 'utf8').catch(() => '')).includes('serving'), 'flaky logged');
    const log = await readFile(join(dir, 'logs', 'flaky.log'), 'utf8');
    expect(log).toContain('dying');
    expect(log).toContain('serving without metrics');
    expect(log).toContain('supervisor: flaky exited unexpectedly (code 3); restart 1');

    // The reader of its output goes away first, as tee does on Ctrl-C.
    supervisor.stdout!.destroy();
    supervisor.stderr!.destroy();
    const pids = [processes.flaky.pid!, processes.steady.pid!];
    supervisor.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(await state()).toMatchObject({ flaky: { status: 'stopped', restarts: 1 }, steady: { status: 'stopped', restarts: 0 } });
    expect(await readFile(join(dir, 'logs', 'steady.log'), 'utf8')).toContain('metrics on 19999');
  });
});
