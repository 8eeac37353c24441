/**
 * Exponential backoff with "equal jitter": half the exponential delay, plus a random half.
 * Workers that failed together (the SMTP server went away) do not come back together.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Thrown by a job handler to be run again after `delayMs` (the workers' backoff strategy reads it). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}
