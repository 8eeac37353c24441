import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..', 'dist');

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, limitMs?: number): Promise<void>;
  exited(limitMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a built entry point (dist/…) the way the run script does, capturing its output.
 * `nodeOptions` go before the entry (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function startBuilt(entry: string, env: NodeJS.ProcessEnv, nodeOptions: readonly string[] = []): RunningProcess {
  const child = spawn(process.execPath, [...nodeOptions, join(DIST, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // The limits below only keep a broken process from hanging the suite.
  const guard = <T>(promise: Promise<T>, limitMs: number, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what} within ${limitMs} ms; output:\n${output}`)), limitMs).unref(),
      ),
    ]);
  return {
    child,
    output: () => output,
    waitForOutput: (pattern, limitMs = 60_000) =>
      guard(
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (pattern.test(output)) return resolve();
            if (child.exitCode !== null) return reject(new Error(`process exited before printing ${pattern}:\n${output}`));
            setTimeout(check, 100);
          };
          check();
        }),
        limitMs,
        `no ${pattern}`,
      ),
    exited: (limitMs = 60_000) => guard(exit, limitMs, 'process did not exit'),
  };
}
