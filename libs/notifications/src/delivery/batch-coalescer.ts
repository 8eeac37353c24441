/** One item's answer from a batch run: its value, or the error that concerns it alone. */
export type BatchAnswer<O> = { ok: true; value: O } | { ok: false; error: Error };

export interface BatchCoalescerOptions {
  /** Items per run at most. */
  maxBatch: number;
  /** Runs in progress at once at most; requests arriving meanwhile wait and form the next batch. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: Error) => void;
}

/**
 * Gathers requests made concurrently (e.g. by a worker's parallel jobs) into batches for one
 * run each. There is no timer: a lone request runs at the next turn of the event loop, and
 * requests pile up only while earlier runs are busy, so batching adds no wait when idle and
 * grows with the load. Each caller gets its own item's answer; a run that throws rejects
 * every item of its batch with that error.
 */
export class BatchCoalescer<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<BatchAnswer<O>[]>,
    private readonly options: BatchCoalescerOptions,
  ) {
    if (!(options.maxBatch >= 1) || !(options.maxInFlight >= 1)) throw new Error('maxBatch and maxInFlight must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Requests not yet handed to a run. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // setImmediate lets the requests of the current turn (all jobs started together) join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight += 1;
    this.schedule();
    try {
      const answers = await this.run(batch.map((w) => w.item));
      batch.forEach((w, index) => {
        const answer = answers[index];
        if (!answer) w.reject(new Error('the batch run gave no answer for this item'));
        else if (answer.ok) w.resolve(answer.value);
        else w.reject(answer.error);
      });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const w of batch) w.reject(failure);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }
}
