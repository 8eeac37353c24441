/**
 * Runs async steps one after the other. Update handlers and the timer loop of a workflow
 * all change the same case; interleaving two of them across an activity call would let
 * one act on a state the other is changing.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step, step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
