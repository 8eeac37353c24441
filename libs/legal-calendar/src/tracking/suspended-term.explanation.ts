import type { BilingualText } from '../i18n/bilingual-text.types';
import {
  autoResumeText,
  openSuspensionText,
  projectedDueText,
  suspendedTermText,
  suspensionText,
} from '../i18n/deadline-explanation.texts';
import { type CivilDate, parseCivilDate } from '../time/civil-date.codec';
import { applyTrackerEvent, trackerState } from './deadline-tracker.model';
import type { DeadlineTracker } from './deadline-tracker.types';

/**
 * What an officer needs to read about a term whose clock is stopped, where a running term has
 * its computation: the term and its start, the suspensions already over, the open one with its
 * reason and legal basis as recorded, when it ends at the latest, and the due date the term
 * would have if the suspension ended on `today`. Empty for a term that is running.
 */
export function explainSuspendedTerm(tracker: DeadlineTracker, today: CivilDate): BilingualText[] {
  const state = trackerState(tracker);
  const open = state.openSuspension;
  if (state.status !== 'suspended' || !open) return [];
  const lines: BilingualText[] = [
    suspendedTermText(tracker.term.length, tracker.term.unit, state.cycleStart, tracker.term.firstDayCounted === true),
  ];
  for (const closed of state.suspensions) lines.push(suspensionText(closed.from, closed.to, closed.countedDays));
  const suspend = [...tracker.ledger].reverse().find((event) => event.type === 'suspend' && event.on === open.from);
  lines.push(openSuspensionText(open.from, suspend?.audit.reason ?? '—', suspend?.audit.legalBasis ?? '—'));
  const cap = tracker.term.suspendable;
  if (cap && open.autoResumeOn) lines.push(autoResumeText(open.autoResumeOn, cap));
  // The projection resumes a copy of the ledger; the tracker itself is left as it is.
  if (parseCivilDate(today) >= parseCivilDate(open.from)) {
    const resumed = applyTrackerEvent(tracker, {
      type: 'resume',
      on: today,
      audit: { by: 'projection', at: `${today}T12:00:00Z`, reason: 'projection', legalBasis: '—' },
    });
    const due = trackerState(resumed).due;
    if (due) lines.push(projectedDueText(today, due.deadline));
  }
  return lines;
}
