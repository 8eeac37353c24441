// The baseline's workflows: nothing of ours in them, so the bench measures what Temporal itself
// costs for a start that runs to completion, and what a crowd of waiting workflows costs.
import { condition, defineSignal, proxySinks, setHandler, type Sinks } from '@temporalio/workflow';

export interface BenchSinks extends Sinks {
  progress: { waiting(): void };
}

export const releaseSignal = defineSignal('release');

/** A trivial workflow: one workflow task, completed on a worker. */
export async function bareStartWorkflow(n: number): Promise<number> {
  return n;
}

/** A long-lived workflow, as a procedure waiting for its term: a timer and a signal, nothing else. */
export async function backgroundWaitWorkflow(): Promise<void> {
  let released = false;
  setHandler(releaseSignal, () => {
    released = true;
  });
  // The sink tells the bench this workflow's first task ran (it is waiting now); not called on replay.
  proxySinks<BenchSinks>().progress.waiting();
  await condition(() => released, '30 days');
}
