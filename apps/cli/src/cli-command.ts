/** Where a command writes: injected so commands are testable without spawning a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * One operator command. `run` returns the process exit status: 0 success, 1 failure of
 * the operation, 2 bad usage (scripts depend on 2 meaning "your input was wrong").
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Thrown for invalid input; the dispatcher prints its message as one line on stderr and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
