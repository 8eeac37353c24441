import type { UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  type ActionProbe,
  CASE_SEARCH_ATTRIBUTES_PATCH,
  type CaseActivities,
  type CaseIndex,
  type CaseEventInput,
  type CaseEventResult,
  type DeadlineActivities,
  type NotificationIntent,
  type TrackedDeadline,
  availableActionsQuery,
  caseSearchAttributePairs,
  probeActions,
} from '@cmm/contracts';
import type { Actor, Refusal } from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from './deadline-wait';
import { guardedActions } from './guarded-actions';
import { SerialQueue } from './serial-queue';
import { earliest, fireDueRung, handlerPair } from './tracked-terms';

/** What a case event carries besides its type, payload and actor. */
export type CaseEventExtra = Pick<CaseEventInput, 'notifications' | 'registerOutbound'>;

type DeadlineEvent = Parameters<DeadlineActivities['applyDeadlineEvent']>[0]['event'];

/**
 * The scaffolding every procedure workflow shares, owned once: the machine's status, the serial
 * queue handlers and the clock share, the change counter the wait loop watches, the event count
 * that keys every case event, guarded Update handlers, the actions query, and the
 * run-until-closed loop. A procedure is a subclass: its status, its view, its handlers as
 * methods and its `onTime`. The handler-as-method shape is the one Temporal's samples use.
 *
 * Every command a subclass issues goes through the same activities in the same order as the
 * closures it replaced, so recorded histories replay unchanged.
 */
export abstract class ProcedureCase<Status extends { state: string }, Event extends { type: string }, Action, View> {
  protected readonly workflowId = workflowInfo().workflowId;
  protected readonly serial = new SerialQueue();
  protected readonly changes = new ChangeCounter();
  /** Keys case events: `${workflowId}/${count}/${type}` stays stable across retries and replays. */
  protected eventCount = 0;
  protected abstract status: Status;
  /** The search attributes last set, so an unchanged case adds nothing to history. */
  private indexed = '';

  protected constructor(private readonly activities: CaseActivities) {}

  /** The case the workflow runs (known from the input, or once registered). */
  protected abstract get caseId(): string;

  /** What operators search the case by in Temporal's UI and CLI, but its state (docs/operations.md). */
  protected abstract caseIndex(): Omit<CaseIndex, 'state'>;

  /** What the procedure's query answers, and every Update after it ran. */
  abstract view(): View;
  /** The machine's next status after an event it has accepted. */
  protected abstract applied(event: Event): Status;
  /** The machine's refusal of an action in the current status, or null. */
  protected abstract refusalOf(action: Action): Refusal | null;
  /** Whether the case has reached a terminal state. */
  protected abstract isClosed(): boolean;

  /** Whether the clock keeps running: until the case closes, unless a procedure outlives its closing. */
  protected keepsRunning(): boolean {
    return !this.isClosed();
  }

  /** The instants the clock must wake at (reminders, expiries); none by default. */
  protected wakeInstants(): Iterable<string | undefined> {
    return [];
  }

  /** What the clock does when one of `wakeInstants` is reached. */
  protected async onTime(): Promise<void> {}

  protected now(): string {
    // Workflow time: Temporal's deterministic clock inside a workflow.
    return new Date(Date.now()).toISOString();
  }

  /** The idempotency key of the next case event. */
  protected nextKey(type: string): string {
    return `${this.workflowId}/${++this.eventCount}/${type}`;
  }

  /** Moves the machine and records the event on the case: timeline, state, registry, outbox. */
  protected async record(
    event: Event,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: CaseEventExtra = {},
  ): Promise<CaseEventResult> {
    this.status = this.applied(event);
    return this.recordOnCase({ type: event.type, actor, payload, state: this.status.state, closed: this.isClosed(), ...extra });
  }

  /** Records an event the machine does not model (the case's own bookkeeping), keyed like the others. */
  protected async recordOnCase(
    entry: Omit<CaseEventInput, 'caseId' | 'workflowId' | 'idempotencyKey'>,
    keyType = entry.type,
  ): Promise<CaseEventResult> {
    const result = await this.activities.recordCaseEvent({
      caseId: this.caseId,
      workflowId: this.workflowId,
      ...entry,
      idempotencyKey: this.nextKey(keyType),
    });
    this.changes.bump();
    this.indexCase();
    return result;
  }

  /**
   * Sets the case's search attributes when they changed: after registration (a subclass calls
   * it once the reference is known) and after every recorded event. Behind a patch, as the
   * upserts are commands that histories recorded before them do not hold.
   */
  protected indexCase(): void {
    const pairs = caseSearchAttributePairs({ ...this.caseIndex(), state: this.status.state });
    const fingerprint = JSON.stringify(pairs.map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === this.indexed || !patched(CASE_SEARCH_ATTRIBUTES_PATCH)) return;
    this.indexed = fingerprint;
    upsertSearchAttributes(pairs);
  }

  /**
   * Installs an Update as a guarded action: the validator refuses before anything reaches
   * history, the handler checks again in the serial queue (an earlier action may have changed
   * the state), performs, and answers with the case's new view.
   */
  protected action<A>(
    update: UpdateDefinition<View, [A]>,
    toAction: (arg: A) => Action,
    perform: (arg: A, action: Action) => Promise<void>,
  ): void {
    const guarded = guardedActions<Action, View>(
      this.serial,
      (act) => this.refusalOf(act),
      () => this.view(),
    );
    setHandler(update, ...handlerPair(guarded(toAction, perform)));
  }

  /** What a user may do now: the validators' own check on a sample of each action (a query: no history). */
  protected offerActions(probes: () => readonly ActionProbe<Action, Status>[]): void {
    setHandler(availableActionsQuery, (actor: Actor) => probeActions(probes(), (act) => this.refusalOf(act), actor, this.status));
  }

  /** Applies a deadline event (suspension, resume, interruption) and wakes the clock. */
  protected async deadlineEvent(
    acts: DeadlineActivities,
    term: TrackedDeadline,
    ladderId: string,
    event: DeadlineEvent,
  ): Promise<TrackedDeadline> {
    const updated = await acts.applyDeadlineEvent({
      caseId: this.caseId,
      deadlineId: term.view.deadlineId,
      ladderId,
      tracker: term.tracker,
      event,
      at: this.now(),
    });
    this.changes.bump();
    return updated;
  }

  /** The context of a reminder rung: it takes the next event count, due or not. */
  protected reminderContext(caseData: Record<string, unknown>) {
    return { caseId: this.caseId, workflowId: this.workflowId, key: String(++this.eventCount), caseData };
  }

  /** Fires the term's due reminder rung, if any; the count moves only when one is due. */
  protected async fireDueReminder(
    acts: CaseActivities & DeadlineActivities,
    term: TrackedDeadline,
    ladderId: string,
    remind: NotificationIntent['to'],
    caseData: Record<string, unknown>,
  ): Promise<TrackedDeadline> {
    const next = term.view.next;
    if (next?.kind !== 'rung' || Date.parse(next.at) > Date.now()) return term;
    const fired = await fireDueRung(acts, this.reminderContext(caseData), term, ladderId, remind);
    this.changes.bump();
    return fired;
  }

  /**
   * Waits for the next instant of the clock, or for a change that may move it, while the case
   * keeps running; then lets every running handler finish, so none is cut off mid-update.
   */
  protected async runUntilClosed(): Promise<void> {
    await this.runClock();
    await condition(allHandlersFinished);
  }

  /** The clock alone: wakes at the earliest instant or change, runs `onTime` in the serial queue. */
  protected async runClock(): Promise<void> {
    while (this.keepsRunning()) {
      const seen = this.changes.current;
      const wake = earliest([...this.wakeInstants()]);
      if ((await waitForInstantOrChange(wake, this.changes.since(seen))) === 'reached') await this.serial.run(() => this.onTime());
    }
  }
}
