import { Context } from '@temporalio/activity';
import type { DeadlineActivities, DeadlineView, TrackedDeadline, TrackerJson } from '@cmm/contracts';
import {
  applyTrackerEvent,
  createRuleTracker,
  explainSuspendedTerm,
  getLadder,
  getRule,
  nextRung,
  recordRungFired,
  romeDateOf,
  trackerState,
  type DeadlineTracker,
} from '@cmm/legal-calendar';
import { type DeadlineRepository, deadlineUuid } from '@cmm/persistence';

export interface DeadlineActivityDeps {
  deadlines: DeadlineRepository;
}

/**
 * Everything a workflow needs to know about a running term, computed here so it lands in
 * the workflow's history: the due date, the explanation, and when to wake up next.
 */
function describe(deadlineId: string, tracker: DeadlineTracker, ladderId: string, now: string): DeadlineView {
  const rule = getRule(tracker.term.ruleId ?? '');
  const state = trackerState(tracker, now);
  const next = nextRung(tracker, getLadder(ladderId), now);
  return {
    deadlineId,
    ruleId: rule.id,
    status: state.status,
    dueDate: state.due?.deadline ?? null,
    dueAt: state.due?.dueAt ?? null,
    internalTarget: state.due?.internalTarget ?? null,
    legalSource: rule.source,
    // A stopped clock has no computation to show: say why it stopped and what resuming today would give.
    explanation: state.due ? [...state.due.explanation] : explainSuspendedTerm(tracker, romeDateOf(now)),
    limits: {
      suspensions: tracker.term.suspendable ? tracker.term.suspendable.times : 0,
      interruptions: tracker.term.interruptible ? tracker.term.interruptible.times : 0,
    },
    next:
      next.kind === 'fire-now' || next.kind === 'wait-until'
        ? { kind: 'rung', rungId: next.rung.id, at: next.at, escalation: next.rung.kind === 'escalation', label: next.rung.label }
        : next.kind === 'on-hold' && next.wakeAt
          ? { kind: 'auto-resume', at: next.wakeAt }
          : null,
  };
}

/** The reason and legal basis of the suspension that began on `from`, as its ledger entry recorded them. */
function suspensionReason(tracker: DeadlineTracker, from: string): string {
  const entry = [...tracker.ledger].reverse().find((event) => event.type === 'suspend' && event.on === from);
  return entry ? `${entry.audit.reason} (${entry.audit.legalBasis})` : 'sospensione';
}

export const createDeadlineActivities = ({ deadlines }: DeadlineActivityDeps): DeadlineActivities => {
  const save = async (caseId: string, view: DeadlineView, startsOn: string, tracker: DeadlineTracker) => {
    const rule = getRule(view.ruleId);
    await deadlines.upsert({
      id: deadlineUuid(view.deadlineId),
      caseId,
      ruleId: view.ruleId,
      labelIt: rule.label.it,
      labelEn: rule.label.en,
      startsOn,
      dueDate: view.dueDate,
      dueAt: view.dueAt ? new Date(view.dueAt) : null,
      internalTarget: view.internalTarget,
      status: view.status,
      // The open suspension too (to: null): the pages show a suspended term with its start,
      // and each suspension with the reason and legal basis the ledger recorded for it.
      suspensions: ((state) => [
        ...state.suspensions.map((s) => ({ from: s.from, to: s.to ?? null, reason: suspensionReason(tracker, s.from) })),
        ...(state.openSuspension
          ? [{ from: state.openSuspension.from, to: null, reason: suspensionReason(tracker, state.openSuspension.from) }]
          : []),
      ])(trackerState(tracker)),
      legalSource: view.legalSource,
    });
  };

  return {
    async startDeadline({ caseId, deadlineId, ruleId, ladderId, startInstant, halved }) {
      const start = romeDateOf(startInstant);
      const tracker = createRuleTracker(ruleId, start, { halved });
      const view = describe(deadlineId, tracker, ladderId, startInstant);
      await save(caseId, view, start, tracker);
      return { tracker: tracker as unknown as TrackerJson, view };
    },

    async applyDeadlineEvent({ caseId, deadlineId, ladderId, tracker: json, event, at }): Promise<TrackedDeadline> {
      const tracker = json as unknown as DeadlineTracker;
      const updated =
        event.type === 'rung-fired'
          ? recordRungFired(tracker, getLadder(ladderId), event.rungId, at)
          : applyTrackerEvent(tracker, {
              type: event.type,
              on: romeDateOf(at),
              audit: { by: event.by, at, reason: event.reason, legalBasis: event.legalBasis },
            });
      const view = describe(deadlineId, updated, ladderId, at);
      await save(caseId, view, updated.start, updated);
      Context.current().log.info('deadline updated', { deadlineId, event: event.type, dueDate: view.dueDate });
      return { tracker: updated as unknown as TrackerJson, view };
    },

    async closeDeadline({ deadlineId, status }) {
      await deadlines.setStatus(deadlineUuid(deadlineId), status);
    },
  };
};

export { deadlineUuid };
