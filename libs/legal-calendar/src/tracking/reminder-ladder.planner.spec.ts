import { getLadder } from '../rulebook/rulebook.registry';
import { applyTrackerEvent, createRuleTracker, trackerState } from './deadline-tracker.model';
import { AuditStamp, DeadlineTracker, TrackerEvent } from './deadline-tracker.types';
import { nextRung, planLadder, recordRungFired } from './reminder-ladder.planner';
import { ReminderLadder } from './reminder-ladder.types';

const STANDARD = getLadder('standard');
const audit: AuditStamp = { by: 'officer:m.rossi', at: '2027-05-01T08:00:00.000Z', reason: 'test', legalBasis: 'L. 241/1990 art. 2 c.7' };
const event = (type: 'suspend' | 'resume' | 'interrupt', on: string): TrackerEvent => ({ type, on, audit });
const extension = (on: string, days: number): TrackerEvent => ({ type: 'extend', on, days, audit });

/** A workflow's loop, without Temporal: fire what is due, otherwise jump to the next instant. */
function drive(tracker: DeadlineTracker, ladder: ReminderLadder, from: string, until: string) {
  let now = from;
  let current = tracker;
  const fired: string[] = [];
  for (let step = 0; step < 50; step += 1) {
    const next = nextRung(current, ladder, now);
    if (next.kind === 'fire-now') {
      current = recordRungFired(current, ladder, next.rung.id, now);
      fired.push(next.rung.id);
    } else if (next.kind === 'wait-until' && next.at <= until) {
      now = next.at;
    } else {
      return { tracker: current, fired, last: next };
    }
  }
  throw new Error('ladder did not settle');
}

describe('reminder ladder', () => {
  const opinion = () => createRuleTracker('compatibility-evaluation.opinion', '2027-01-04');

  it('places each rung at 09:00 Rome time relative to its anchor (CEST here)', () => {
    expect(planLadder(opinion(), STANDARD).map((planned) => [planned.rung.id, planned.at, planned.status])).toEqual([
      ['t-minus-7', '2027-04-27T07:00:00.000Z', 'pending'],
      ['t-minus-2', '2027-05-02T07:00:00.000Z', 'pending'],
      ['t0', '2027-05-04T07:00:00.000Z', 'pending'],
      ['t-plus-1', '2027-05-05T07:00:00.000Z', 'pending'],
    ]);
  });

  it('counts reminders from the internal target and the due-day and escalation rungs from the deadline', () => {
    // Nominal Sunday 2027-05-09: deadline Monday 05-10, internal target Saturday 05-08.
    const tracker = createRuleTracker('compatibility-evaluation.opinion', '2027-01-09');
    expect(trackerState(tracker).due).toMatchObject({ deadline: '2027-05-10', internalTarget: '2027-05-08' });
    expect(planLadder(tracker, STANDARD).map((planned) => planned.at)).toEqual([
      '2027-05-01T07:00:00.000Z',
      '2027-05-06T07:00:00.000Z',
      '2027-05-10T07:00:00.000Z',
      '2027-05-11T07:00:00.000Z',
    ]);
  });

  it('uses 09:00 CET in winter', () => {
    const tracker = createRuleTracker('vas-screening.opinions', '2027-01-04');
    expect(planLadder(tracker, STANDARD)[2].at).toBe('2027-02-03T08:00:00.000Z');
  });

  it('says to wait, then to fire, and refuses early or repeated firing', () => {
    const tracker = opinion();
    expect(nextRung(tracker, STANDARD, '2027-04-01T00:00:00.000Z')).toEqual({
      kind: 'wait-until',
      rung: STANDARD.rungs[0],
      at: '2027-04-27T07:00:00.000Z',
    });
    expect(() => recordRungFired(tracker, STANDARD, 't-minus-7', '2027-04-27T06:59:59.999Z')).toThrow(
      expect.objectContaining({ code: 'RUNG_NOT_DUE' }),
    );
    expect(nextRung(tracker, STANDARD, '2027-04-27T07:00:00.000Z')).toMatchObject({ kind: 'fire-now', at: '2027-04-27T07:00:00.000Z' });
    const fired = recordRungFired(tracker, STANDARD, 't-minus-7', '2027-04-27T07:00:05.000Z');
    expect(() => recordRungFired(fired, STANDARD, 't-minus-7', '2027-04-28T07:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'RUNG_ALREADY_FIRED' }),
    );
    expect(() => recordRungFired(fired, STANDARD, 't-minus-9', '2027-04-28T07:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_RUNG' }),
    );
    expect(nextRung(fired, STANDARD, '2027-04-27T07:00:05.000Z')).toMatchObject({ kind: 'wait-until', rung: { id: 't-minus-2' } });
  });

  it('fires each rung exactly once, in order, then has nothing left', () => {
    const { fired, last, tracker } = drive(opinion(), STANDARD, '2027-01-04T10:00:00.000Z', '2027-12-31T00:00:00.000Z');
    expect(fired).toEqual(['t-minus-7', 't-minus-2', 't0', 't-plus-1']);
    expect(last).toEqual({ kind: 'none' });
    expect(planLadder(tracker, STANDARD).every((planned) => planned.fired)).toBe(true);
  });

  it('holds rungs that fall during a suspension until the resume, then moves them; fired rungs stay fired', () => {
    let tracker = recordRungFired(opinion(), STANDARD, 't-minus-7', '2027-04-27T07:00:00.000Z');
    tracker = applyTrackerEvent(tracker, event('suspend', '2027-05-01'));
    // t-minus-2 was due 2027-05-02 09:00: it waits.
    expect(nextRung(tracker, STANDARD, '2027-05-02T08:00:00.000Z')).toEqual({
      kind: 'on-hold',
      since: '2027-05-01',
      wakeAt: '2027-05-30T22:00:00.000Z',
    });
    expect(planLadder(tracker, STANDARD).map((planned) => planned.status)).toEqual(['fired', 'on-hold', 'on-hold', 'on-hold']);
    expect(() => recordRungFired(tracker, STANDARD, 't-minus-2', '2027-05-02T08:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'RUNG_ON_HOLD' }),
    );
    tracker = applyTrackerEvent(tracker, event('resume', '2027-05-10'));
    expect(trackerState(tracker).due?.deadline).toBe('2027-05-13');
    const plan = planLadder(tracker, STANDARD);
    expect(plan[0]).toMatchObject({ status: 'fired', at: '2027-04-27T07:00:00.000Z' });
    expect(plan[1]).toMatchObject({ status: 'pending', at: '2027-05-11T07:00:00.000Z' });
    expect(nextRung(tracker, STANDARD, '2027-05-10T10:00:00.000Z')).toMatchObject({ kind: 'wait-until', rung: { id: 't-minus-2' } });
    expect(drive(tracker, STANDARD, '2027-05-10T10:00:00.000Z', '2027-12-31T00:00:00.000Z').fired).toEqual(['t-minus-2', 't0', 't-plus-1']);
  });

  it('wakes up when the cap restarts the clock without an answer', () => {
    const fired = recordRungFired(opinion(), STANDARD, 't-minus-7', '2027-04-27T07:00:00.000Z');
    const tracker = applyTrackerEvent(fired, event('suspend', '2027-05-01'));
    expect(nextRung(tracker, STANDARD, '2027-05-30T21:59:59.999Z').kind).toBe('on-hold');
    // From 2027-05-31 the 30 days have run: due 2027-06-03, t-minus-2 due 2027-06-01 09:00.
    expect(nextRung(tracker, STANDARD, '2027-05-30T22:00:00.000Z')).toMatchObject({
      kind: 'wait-until',
      rung: { id: 't-minus-2' },
      at: '2027-06-01T07:00:00.000Z',
    });
  });

  it('fires at once, when the clock restarts, a rung whose new instant fell inside the suspension', () => {
    // t-minus-7 never fired; with the due date moved to 2027-06-03 it belongs to 2027-05-27.
    const tracker = applyTrackerEvent(opinion(), event('suspend', '2027-05-01'));
    expect(nextRung(tracker, STANDARD, '2027-05-30T22:00:00.000Z')).toMatchObject({
      kind: 'fire-now',
      rung: { id: 't-minus-7' },
      at: '2027-05-27T07:00:00.000Z',
    });
  });

  it('moves unfired rungs after an extension and never fires a fired rung again', () => {
    let tracker = recordRungFired(opinion(), STANDARD, 't-minus-7', '2027-04-27T07:00:00.000Z');
    tracker = applyTrackerEvent(tracker, extension('2027-04-28', 10));
    const plan = planLadder(tracker, STANDARD);
    expect(plan.map((planned) => [planned.rung.id, planned.status, planned.at])).toEqual([
      ['t-minus-7', 'fired', '2027-04-27T07:00:00.000Z'],
      ['t-minus-2', 'pending', '2027-05-12T07:00:00.000Z'],
      ['t0', 'pending', '2027-05-14T07:00:00.000Z'],
      ['t-plus-1', 'pending', '2027-05-15T07:00:00.000Z'],
    ]);
    expect(drive(tracker, STANDARD, '2027-04-28T00:00:00.000Z', '2027-12-31T00:00:00.000Z').fired).toEqual(['t-minus-2', 't0', 't-plus-1']);
  });

  it('fires the ladder again for a term restarted in full by an interruption', () => {
    const plan = createRuleTracker('piano-attuativo.adoption', '2027-01-04');
    const first = drive(plan, STANDARD, '2027-01-04T10:00:00.000Z', '2027-03-30T00:00:00.000Z');
    expect(first.fired).toEqual(['t-minus-7']);
    const interrupted = applyTrackerEvent(first.tracker, event('interrupt', '2027-03-30'));
    expect(trackerState(interrupted).due?.deadline).toBe('2027-06-28');
    expect(drive(interrupted, STANDARD, '2027-03-30T10:00:00.000Z', '2027-12-31T00:00:00.000Z').fired).toEqual([
      't-minus-7',
      't-minus-2',
      't0',
      't-plus-1',
    ]);
  });
});
