import type { Refusal } from '@cmm/domain';
import { refuseUpdate } from './refusals';
import type { SerialQueue } from './serial-queue';

/**
 * Turns a procedure's pure machine into Update validators and handlers. The validator refuses
 * before anything reaches history; the handler checks again inside the serial queue, where an
 * earlier action may have changed the state meanwhile, then performs the action and answers
 * with the case's new view.
 */
export function guardedActions<Action, View>(serial: SerialQueue, refusalOf: (action: Action) => Refusal | null, view: () => View) {
  return <A>(toAction: (arg: A) => Action, perform: (arg: A, action: Action) => Promise<void>) => ({
    validator: (arg: A): void => {
      const refusal = refusalOf(toAction(arg));
      if (refusal) refuseUpdate(refusal);
    },
    handler: (arg: A): Promise<View> =>
      serial.run(async () => {
        const act = toAction(arg);
        const refusal = refusalOf(act);
        if (refusal) refuseUpdate(refusal);
        await perform(arg, act);
        return view();
      }),
  });
}
