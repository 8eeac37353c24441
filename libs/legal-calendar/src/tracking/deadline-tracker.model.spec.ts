import { DeadlineTrackerError } from './deadline-tracker.error';
import { applyTrackerEvent, createRuleTracker, createTracker, trackerState } from './deadline-tracker.model';
import { AuditStamp, DeadlineTracker, TrackerEvent } from './deadline-tracker.types';

const audit = (at = '2027-01-10T09:00:00.000Z'): AuditStamp => ({
  by: 'officer:m.rossi',
  at,
  reason: 'Richiesta di integrazioni prot. 2027/123',
  legalBasis: 'L. 241/1990 art. 2 c.7',
});
const suspend = (on: string): TrackerEvent => ({ type: 'suspend', on, audit: audit() });
const resume = (on: string): TrackerEvent => ({ type: 'resume', on, audit: audit() });
const extend = (on: string, days: number): TrackerEvent => ({ type: 'extend', on, days, audit: audit() });
const interrupt = (on: string): TrackerEvent => ({ type: 'interrupt', on, audit: audit() });

const apply = (tracker: DeadlineTracker, ...events: TrackerEvent[]) => events.reduce(applyTrackerEvent, tracker);
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeadlineTrackerError);
    return (error as DeadlineTrackerError).code;
  }
  return 'accepted';
};

const opinion = () => createRuleTracker('compatibility-evaluation.opinion', '2027-01-04');

describe('deadline tracker', () => {
  it('starts running with the due date of its rule, snapshotting the rule', () => {
    const tracker = opinion();
    expect(tracker.term).toMatchObject({ ruleId: 'compatibility-evaluation.opinion', length: 120, obligor: 'cmm' });
    const state = trackerState(tracker);
    expect(state).toMatchObject({ status: 'running', cycle: 0, suspensionsUsed: 0 });
    expect(state.due?.deadline).toBe('2027-05-04');
    expect(state.due?.dueAt).toBe('2027-05-04T21:59:59.999Z');
  });

  it('counts the first day of a publication period, and keeps the old count for trackers of earlier rulebooks', () => {
    const publication = createRuleTracker('public-notice-board.publication', '2027-10-16');
    expect(publication.term).toMatchObject({ firstDayCounted: true });
    expect(trackerState(publication).due?.deadline).toBe('2027-10-30');
    // A tracker recorded before rulebook 2026.4 has no firstDayCounted: it replays to its old due date.
    const { firstDayCounted: _dropped, ...older } = publication.term;
    expect(trackerState({ ...publication, term: { ...older, rulebookVersion: '2026.3' } }).due?.deadline).toBe('2027-10-31');
  });

  it('has no due date while suspended and shows the open suspension', () => {
    const state = trackerState(apply(opinion(), suspend('2027-01-10')));
    expect(state.status).toBe('suspended');
    expect(state.due).toBeUndefined();
    expect(state.openSuspension).toEqual({ from: '2027-01-10', autoResumeOn: '2027-02-09', capReached: false });
  });

  it('moves the due date by the suspended days once resumed', () => {
    const state = trackerState(apply(opinion(), suspend('2027-01-10'), resume('2027-01-25')));
    expect(state.status).toBe('running');
    expect(state.due?.deadline).toBe('2027-05-19');
    expect(state.suspensions).toEqual([{ from: '2027-01-10', to: '2027-01-25', days: 15, countedDays: 15 }]);
  });

  it('counts a late answer only up to the cap', () => {
    const state = trackerState(apply(opinion(), suspend('2027-01-10'), resume('2027-02-19')));
    expect(state.suspensions[0]).toMatchObject({ days: 40, countedDays: 30 });
    expect(state.due?.deadline).toBe('2027-06-03');
  });

  it('restarts the clock when the cap runs out, even with no answer recorded', () => {
    const tracker = apply(opinion(), suspend('2027-01-10'));
    expect(trackerState(tracker, '2027-02-08T12:00:00.000Z').status).toBe('suspended');
    const state = trackerState(tracker, '2027-02-09T08:00:00.000Z');
    expect(state).toMatchObject({ status: 'running', openSuspension: { capReached: true } });
    expect(state.due?.deadline).toBe('2027-06-03');
  });

  it('refuses a second suspension beyond the rule (once, L. 241/1990 art. 2 c.7)', () => {
    const tracker = apply(opinion(), suspend('2027-01-10'), resume('2027-01-25'));
    expect(refusal(() => applyTrackerEvent(tracker, suspend('2027-02-01')))).toBe('SUSPENSION_LIMIT_REACHED');
  });

  it('refuses to resume when not suspended and to suspend twice', () => {
    expect(refusal(() => applyTrackerEvent(opinion(), resume('2027-01-10')))).toBe('NOT_SUSPENDED');
    const twice = createTracker({ ...opinion().term, suspendable: { times: 3, maxDays: 30, basis: 'test' } }, '2027-01-04');
    const suspended = applyTrackerEvent(twice, suspend('2027-01-10'));
    expect(refusal(() => applyTrackerEvent(suspended, suspend('2027-01-12')))).toBe('ALREADY_SUSPENDED');
  });

  it('refuses suspension on a rule that has none, and events out of order or before the start', () => {
    const decision = createRuleTracker('vas-screening.decision', '2027-01-04');
    expect(refusal(() => applyTrackerEvent(decision, suspend('2027-01-10')))).toBe('NOT_SUSPENDABLE');
    const suspended = applyTrackerEvent(opinion(), suspend('2027-01-10'));
    expect(refusal(() => applyTrackerEvent(suspended, resume('2027-01-09')))).toBe('EVENT_OUT_OF_ORDER');
    expect(refusal(() => applyTrackerEvent(opinion(), suspend('2027-01-03')))).toBe('EVENT_BEFORE_START');
    expect(refusal(() => applyTrackerEvent(opinion(), suspend('2027-02-30')))).toBe('INVALID_EVENT');
  });

  it('refuses to suspend, extend or interrupt an expired term', () => {
    expect(refusal(() => applyTrackerEvent(opinion(), suspend('2027-05-05')))).toBe('TERM_EXPIRED');
    expect(refusal(() => applyTrackerEvent(opinion(), suspend('2027-05-04')))).toBe('accepted');
    expect(refusal(() => applyTrackerEvent(opinion(), extend('2027-05-05', 10)))).toBe('TERM_EXPIRED');
  });

  it('accepts a suspension after the original expiry when an extension came first', () => {
    const tracker = apply(opinion(), extend('2027-04-01', 10), suspend('2027-05-10'), resume('2027-05-12'));
    expect(trackerState(tracker).due?.deadline).toBe('2027-05-17');
  });

  it('extends by whole days only', () => {
    expect(trackerState(apply(opinion(), extend('2027-03-01', 10))).due?.deadline).toBe('2027-05-14');
    expect(refusal(() => applyTrackerEvent(opinion(), extend('2027-03-01', 0)))).toBe('INVALID_EXTENSION');
    const backward = createRuleTracker('concertation-conference.convocation-notice', '2027-05-05');
    expect(refusal(() => applyTrackerEvent(backward, extend('2027-05-05', 2)))).toBe('NOT_EXTENDABLE');
  });

  it('restarts in full on interruption, once, and refuses it where the rule has none', () => {
    const plan = createRuleTracker('piano-attuativo.adoption', '2027-01-04');
    expect(trackerState(plan).due?.deadline).toBe('2027-04-05');
    const interrupted = applyTrackerEvent(plan, interrupt('2027-02-01'));
    expect(trackerState(interrupted)).toMatchObject({ cycle: 1, cycleStart: '2027-02-01', interruptionsUsed: 1 });
    expect(trackerState(interrupted).due?.deadline).toBe('2027-05-03');
    expect(refusal(() => applyTrackerEvent(interrupted, interrupt('2027-03-01')))).toBe('INTERRUPTION_LIMIT_REACHED');
    expect(refusal(() => applyTrackerEvent(opinion(), interrupt('2027-02-01')))).toBe('NOT_INTERRUPTIBLE');
  });

  it('requires a complete audit stamp on every event', () => {
    const noBasis = { type: 'suspend', on: '2027-01-10', audit: { ...audit(), legalBasis: ' ' } } as TrackerEvent;
    expect(refusal(() => applyTrackerEvent(opinion(), noBasis))).toBe('INVALID_AUDIT');
    const localTime = { type: 'suspend', on: '2027-01-10', audit: { ...audit(), at: '2027-01-10T09:00:00' } } as TrackerEvent;
    expect(refusal(() => applyTrackerEvent(opinion(), localTime))).toBe('INVALID_AUDIT');
    const unknown = { type: 'pause', on: '2027-01-10', audit: audit() } as unknown as TrackerEvent;
    expect(refusal(() => applyTrackerEvent(opinion(), unknown))).toBe('INVALID_EVENT');
  });

  it('never mutates the tracker it is given and survives a JSON round trip', () => {
    const tracker = opinion();
    const frozen = JSON.stringify(tracker);
    const next = apply(tracker, suspend('2027-01-10'), resume('2027-01-25'));
    expect(JSON.stringify(tracker)).toBe(frozen);
    const revived = JSON.parse(JSON.stringify(next)) as DeadlineTracker;
    expect(revived).toEqual(next);
    expect(trackerState(revived)).toEqual(trackerState(next));
  });

  it('refuses a backward term that claims to be suspendable', () => {
    const backward = createRuleTracker('sttm-approval.proposal-availability', '2024-02-28', { halved: true });
    expect(trackerState(backward).due?.deadline).toBe('2024-01-13');
    expect(refusal(() => createTracker({ ...backward.term, suspendable: { times: 1, maxDays: 30, basis: 'x' } }, '2024-02-28'))).toBe(
      'INVALID_TERM',
    );
  });
});
