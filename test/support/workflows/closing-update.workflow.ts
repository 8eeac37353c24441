// A workflow small enough to reason about, for tests of how the API runs Updates: one Update
// that either closes the workflow (in the same task that completes the Update) or is refused
// by the handler with the domain's refusal shape. Bundled on its own by the test that uses it.
import { ApplicationFailure, allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export interface CloseOutcome {
  state: string;
}

export const closeUpdate = defineUpdate<CloseOutcome, [string]>('close');

/** `refusalType`: the failure type the API reads as a refusal (passed in: the bundle has no aliases). */
export async function closingUpdateWorkflow(refusalType: string): Promise<string> {
  let state = 'open';
  setHandler(closeUpdate, async (to: string) => {
    if (to === 'refused')
      throw ApplicationFailure.create({
        type: refusalType,
        message: 'already decided',
        details: [{ code: 'invalid-state', text: { it: 'già deciso', en: 'already decided' }, state }],
      });
    state = to;
    return { state };
  });
  await condition(() => state !== 'open');
  await condition(allHandlersFinished);
  return state;
}
