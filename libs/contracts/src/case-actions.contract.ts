import { defineQuery } from '@temporalio/workflow';
import type { Actor, DateWindow, Refusal } from '@cmm/domain';

/**
 * Which of a procedure's actions the given user may take now, answered by the workflow itself
 * from its own state and facts with its own machine (the same check its Update validators run),
 * so the web app never re-codes a rule. A query: nothing is recorded in the history.
 */
export interface ActionAvailability {
  /** The Temporal Update the action is (e.g. requestIntegration). */
  update: string;
  /** Path parameters beyond the case id, e.g. { sessionId } for a session's actions. */
  target?: Record<string, string>;
  /** null: allowed now; otherwise why not (forbidden, invalid-state). */
  refusal: Refusal | null;
  /** The dates the procedure allows for this step now (STTM), when it has such a window. */
  dateWindow?: DateWindow;
}

export const availableActionsQuery = defineQuery<ActionAvailability[], [Actor]>('availableActions');

/**
 * One action to probe: a well-formed sample of it for this actor (and the current status, for
 * actions that must name what they act on), so only role and state decide.
 */
export interface ActionProbe<E, S = unknown> {
  update: string;
  target?: Record<string, string>;
  sample(actor: Actor, status: S): E;
  /**
   * The machine checks this action's data only after role and state: an input refusal of the
   * sample then still means the action may be taken (its data decide on submit).
   */
  inputCheckedLast?: boolean;
  dateWindow?(status: S): DateWindow | null;
  /** A target read from the current status (e.g. the draft version a signature names), so the form need not ask for it. */
  targetOf?(status: S): Record<string, string> | undefined;
}

/** Runs each probe through the machine's check (null = accepted). */
export const probeActions = <E, S>(
  probes: readonly ActionProbe<E, S>[],
  check: (event: E) => Refusal | null,
  actor: Actor,
  status: S,
): ActionAvailability[] =>
  probes.map((probe) => {
    const refusal = check(probe.sample(actor, status));
    const dateWindow = probe.dateWindow?.(status);
    const target = probe.targetOf?.(status) ?? probe.target;
    return {
      update: probe.update,
      ...(target ? { target } : {}),
      ...(dateWindow ? { dateWindow } : {}),
      refusal: refusal && !(probe.inputCheckedLast && refusal.code === 'invalid-input') ? refusal : null,
    };
  });
