import { condition } from '@temporalio/workflow';

/**
 * Temporal has no pausable timer, and a legal term can move while a workflow waits on it
 * (a suspension, an answer, an interruption). So a workflow waits for "the instant, or a
 * change, whichever first" and then asks again what the term now says: `changed` turns
 * true on every event that may move the instant; `at` null means no instant (suspended).
 */
export async function waitForInstantOrChange(at: string | null, changed: () => boolean): Promise<'changed' | 'reached'> {
  if (at === null) {
    await condition(changed);
    return 'changed';
  }
  // Workflow time (Date.now() is Temporal's deterministic clock inside a workflow).
  const remaining = Date.parse(at) - Date.now();
  if (remaining <= 0) return 'reached';
  return (await condition(changed, remaining)) ? 'changed' : 'reached';
}

/** A counter that wait loops compare against: bump() on every change, then `since(seen)`. */
export class ChangeCounter {
  private value = 0;

  bump(): void {
    this.value++;
  }

  get current(): number {
    return this.value;
  }

  since(seen: number): () => boolean {
    return () => this.value !== seen;
  }
}
