import type { CaseActivities, DeadlineActivities, NotificationIntent, TrackedDeadline } from '@cmm/contracts';
import { SYSTEM_ACTOR } from '@cmm/domain';
import { patched } from '@temporalio/workflow';

/** A term is over after the last millisecond of its last day. */
export function expiryInstant(term: TrackedDeadline | null | undefined): string | undefined {
  if (!term || term.view.status !== 'running' || !term.view.dueAt) return undefined;
  return new Date(Date.parse(term.view.dueAt) + 1).toISOString();
}

export function earliest(instants: (string | undefined)[]): string | null {
  const present = instants.filter((at): at is string => typeof at === 'string');
  if (present.length === 0) return null;
  return present.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/**
 * Fires the term's next reminder rung if its instant has come: a timeline event plus a notice
 * (to whoever must act, `remind`; escalations always to the officers), then the tracker
 * records it so it never fires twice.
 */
export async function fireDueRung(
  acts: CaseActivities & DeadlineActivities,
  context: { caseId: string; workflowId: string; key: string; caseData: Record<string, unknown> },
  term: TrackedDeadline,
  ladderId: string,
  remind: NotificationIntent['to'] = 'officers',
): Promise<TrackedDeadline> {
  const next = term.view.next;
  if (!next || next.kind !== 'rung' || Date.parse(next.at) > Date.now()) return term;
  if (patched('one-reminder-per-overdue-term')) return fireLatestDueRung(acts, context, term, ladderId, remind);
  const notice: NotificationIntent = {
    key: `reminder/${term.view.deadlineId}/${next.rungId}/${context.key}`,
    templateId: 'deadline-reminder',
    to: next.escalation ? 'officers' : remind,
    channel: 'email',
    data: { ...context.caseData, rung: next.label, deadline: { date: term.view.dueDate, legalSource: term.view.legalSource } },
  };
  await acts.recordCaseEvent({
    caseId: context.caseId,
    workflowId: context.workflowId,
    actor: SYSTEM_ACTOR,
    type: next.escalation ? 'deadline-escalated' : 'deadline-reminder',
    payload: { deadlineId: term.view.deadlineId, rung: next.rungId, dueDate: term.view.dueDate },
    idempotencyKey: `${context.workflowId}/${context.key}/rung/${term.view.deadlineId}/${next.rungId}`,
    notifications: [notice],
  });
  return acts.applyDeadlineEvent({
    caseId: context.caseId,
    deadlineId: term.view.deadlineId,
    ladderId,
    tracker: term.tracker,
    event: { type: 'rung-fired', rungId: next.rungId },
    at: new Date(Date.now()).toISOString(),
  });
}

type DueRung = Extract<NonNullable<TrackedDeadline['view']['next']>, { kind: 'rung' }>;
const dueRung = (term: TrackedDeadline): DueRung | null => {
  const next = term.view.next;
  return next?.kind === 'rung' && Date.parse(next.at) <= Date.now() ? next : null;
};

/**
 * Rungs whose instants have all passed (a term started late, a plan of the past, a worker that
 * was down) are all marked fired, but only the latest is sent: one reminder per overdue term,
 * not one per rung at the same moment. The timeline event names the rungs it stands for.
 */
async function fireLatestDueRung(
  acts: CaseActivities & DeadlineActivities,
  context: { caseId: string; workflowId: string; key: string; caseData: Record<string, unknown> },
  term: TrackedDeadline,
  ladderId: string,
  remind: NotificationIntent['to'],
): Promise<TrackedDeadline> {
  let current = term;
  const superseded: string[] = [];
  for (let rung = dueRung(current); rung; rung = dueRung(current)) {
    const fired = await acts.applyDeadlineEvent({
      caseId: context.caseId,
      deadlineId: term.view.deadlineId,
      ladderId,
      tracker: current.tracker,
      event: { type: 'rung-fired', rungId: rung.rungId },
      at: new Date(Date.now()).toISOString(),
    });
    if (dueRung(fired)) {
      superseded.push(rung.rungId);
      current = fired;
      continue;
    }
    await acts.recordCaseEvent({
      caseId: context.caseId,
      workflowId: context.workflowId,
      actor: SYSTEM_ACTOR,
      type: rung.escalation ? 'deadline-escalated' : 'deadline-reminder',
      payload: {
        deadlineId: term.view.deadlineId,
        rung: rung.rungId,
        dueDate: term.view.dueDate,
        ...(superseded.length > 0 ? { superseded } : {}),
      },
      idempotencyKey: `${context.workflowId}/${context.key}/rung/${term.view.deadlineId}/${rung.rungId}`,
      notifications: [
        {
          key: `reminder/${term.view.deadlineId}/${rung.rungId}/${context.key}`,
          templateId: 'deadline-reminder',
          to: rung.escalation ? 'officers' : remind,
          channel: 'email',
          data: { ...context.caseData, rung: rung.label, deadline: { date: term.view.dueDate, legalSource: term.view.legalSource } },
        },
      ],
    });
    return fired;
  }
  return current;
}

/** setHandler takes the handler and its options separately. */
export function handlerPair<A extends unknown[], R>(pair: { validator: (...args: A) => void; handler: (...args: A) => Promise<R> }) {
  return [pair.handler, { validator: pair.validator }] as const;
}
