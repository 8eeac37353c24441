import type { CaseActivities, DeadlineActivities, NotificationIntent, TrackedDeadline } from '@cmm/contracts';
import { SYSTEM_ACTOR } from '@cmm/domain';

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

/** setHandler takes the handler and its options separately. */
export function handlerPair<A extends unknown[], R>(pair: { validator: (...args: A) => void; handler: (...args: A) => Promise<R> }) {
  return [pair.handler, { validator: pair.validator }] as const;
}
