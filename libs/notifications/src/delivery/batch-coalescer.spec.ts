import { type BatchAnswer, BatchCoalescer } from './batch-coalescer';

/** A run whose batches the test sees and releases by hand. */
function controlledRun() {
  const runs: { items: number[]; release: (answers?: BatchAnswer<string>[]) => void; fail: (error: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<BatchAnswer<string>[]>((resolve, reject) => {
      runs.push({
        items,
        release: (answers) => resolve(answers ?? items.map((i) => ({ ok: true, value: `v${i}` }))),
        fail: reject,
      });
    });
  return { runs, run };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchCoalescer', () => {
  it('gathers requests of the same turn into one run and answers each caller with its own item', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 10, maxInFlight: 1 });
    const answers = [1, 2, 3].map((i) => coalescer.submit(i));
    await turn();
    expect(runs.map((r) => r.items)).toEqual([[1, 2, 3]]);
    runs[0].release();
    await expect(Promise.all(answers)).resolves.toEqual(['v1', 'v2', 'v3']);
  });

  it('runs a lone request at once (no timer to wait for)', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 10, maxInFlight: 1 });
    const answer = coalescer.submit(7);
    await turn();
    expect(runs).toHaveLength(1);
    runs[0].release();
    await expect(answer).resolves.toBe('v7');
  });

  it('never puts more than maxBatch items in a run', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 2, maxInFlight: 5 });
    const answers = [1, 2, 3, 4, 5].map((i) => coalescer.submit(i));
    await turn();
    await turn();
    await turn();
    expect(runs.map((r) => r.items)).toEqual([[1, 2], [3, 4], [5]]);
    for (const r of runs) r.release();
    await expect(Promise.all(answers)).resolves.toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('keeps at most maxInFlight runs going; requests made meanwhile form the next batch', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 100, maxInFlight: 1 });
    const first = coalescer.submit(1);
    await turn();
    const later = [2, 3, 4].map((i) => coalescer.submit(i));
    await turn();
    await turn();
    expect(runs).toHaveLength(1);
    expect(coalescer.pending).toBe(3);
    runs[0].release();
    await first;
    await turn();
    expect(runs.map((r) => r.items)).toEqual([[1], [2, 3, 4]]);
    runs[1].release();
    await expect(Promise.all(later)).resolves.toEqual(['v2', 'v3', 'v4']);
    expect(coalescer.pending).toBe(0);
  });

  it('rejects only the item whose answer is an error, and every item of a run that throws', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 2, maxInFlight: 2 });
    const [a, b, c] = [1, 2, 3].map((i) => coalescer.submit(i));
    await turn();
    await turn();
    runs[0].release([
      { ok: true, value: 'one' },
      { ok: false, error: new Error('two is broken') },
    ]);
    runs[1].fail(new Error('database away'));
    await expect(a).resolves.toBe('one');
    await expect(b).rejects.toThrow('two is broken');
    await expect(c).rejects.toThrow('database away');
    // A failed run does not stop the next one.
    const d = coalescer.submit(4);
    await turn();
    runs[2].release();
    await expect(d).resolves.toBe('v4');
  });

  it('rejects an item the run gave no answer for', async () => {
    const { runs, run } = controlledRun();
    const coalescer = new BatchCoalescer(run, { maxBatch: 5, maxInFlight: 1 });
    const [a, b] = [1, 2].map((i) => coalescer.submit(i));
    await turn();
    runs[0].release([{ ok: true, value: 'one' }]);
    await expect(a).resolves.toBe('one');
    await expect(b).rejects.toThrow('no answer');
  });

  it('refuses bounds below one', () => {
    expect(() => new BatchCoalescer(async () => [], { maxBatch: 0, maxInFlight: 1 })).toThrow('at least 1');
    expect(() => new BatchCoalescer(async () => [], { maxBatch: 1, maxInFlight: 0 })).toThrow('at least 1');
  });
});
