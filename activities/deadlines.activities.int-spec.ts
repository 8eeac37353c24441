// The deadline activities (start, apply an event, close) against the real DeadlineRepository on
// PostgreSQL: the read model's row follows the legal calendar's tracker, a retried call
// writes the same row again rather than a second one, and a refused event changes nothing.
import type { DeadlineEventInput, TrackedDeadline } from '@cmm/contracts';
import { DeadlineTrackerError, computeRuleDeadline } from '@cmm/legal-calendar';
import { DeadlineRepository, deadlineUuid } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createDeadlineActivities } from './deadlines.activities';

const RULE = 'compatibility-evaluation.opinion';
const audit = { by: 'officer-1', reason: 'richiesta di integrazione documentale', legalBasis: 'L. 241/1990 art. 2 c.7' };

describe('deadline activities on PostgreSQL', () => {
  let db: TestDatabase;
  let deadlines: DeadlineRepository;
  let activities: ReturnType<typeof createDeadlineActivities>;
  // applyDeadlineEvent logs through the activity context, as it does in a worker (quietly here).
  const inActivity = <R>(work: () => Promise<R>): Promise<R> =>
    new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run(work);

  beforeAll(async () => {
    db = await createTestDatabase();
    deadlines = new DeadlineRepository(db.dataSource);
    activities = createDeadlineActivities({ deadlines });
  });

  afterAll(() => db?.drop());

  const rowsOf = async (caseId: string) =>
    (await deadlines.forCase(caseId)).map(({ id, ruleId, startsOn, dueDate, status, suspensions, legalSource }) => ({
      id,
      ruleId,
      startsOn,
      dueDate,
      status,
      suspensions,
      legalSource,
    }));

  async function started(): Promise<{ caseId: string; deadlineId: string; first: TrackedDeadline }> {
    const { id: caseId } = await openTestCase(db.dataSource, { istatCode: '015146' });
    const deadlineId = `${caseId}/opinion`;
    const first = await activities.startDeadline({
      caseId,
      deadlineId,
      ruleId: RULE,
      ladderId: 'standard',
      startInstant: '2027-01-04T09:00:00.000Z',
    });
    return { caseId, deadlineId, first };
  }

  const event = (
    caseId: string,
    deadlineId: string,
    tracker: TrackedDeadline['tracker'],
    type: 'suspend' | 'resume' | 'interrupt',
    at: string,
  ): DeadlineEventInput => ({
    caseId,
    deadlineId,
    ladderId: 'standard',
    tracker,
    event: { type, ...audit },
    at,
  });

  it('starts a term from its Rome date and keeps one row for it, however often the start is retried', async () => {
    const { caseId, deadlineId, first } = await started();
    const again = await activities.startDeadline({
      caseId,
      deadlineId,
      ruleId: RULE,
      ladderId: 'standard',
      startInstant: '2027-01-04T09:00:00.000Z',
    });

    expect(again).toEqual(first);
    expect(first.view).toMatchObject({
      deadlineId,
      ruleId: RULE,
      status: 'running',
      dueDate: computeRuleDeadline(RULE, '2027-01-04').deadline,
    });
    expect(await rowsOf(caseId)).toEqual([
      {
        id: deadlineUuid(deadlineId),
        ruleId: RULE,
        startsOn: '2027-01-04',
        dueDate: first.view.dueDate,
        status: 'running',
        suspensions: [],
        legalSource: first.view.legalSource,
      },
    ]);
  });

  it('suspends and resumes the term on the row, with the reason and legal basis of the suspension', async () => {
    const { caseId, deadlineId, first } = await started();

    const suspended = await inActivity(() =>
      activities.applyDeadlineEvent(event(caseId, deadlineId, first.tracker, 'suspend', '2027-01-10T10:00:00.000Z')),
    );
    expect(suspended.view).toMatchObject({ status: 'suspended', dueDate: null });
    expect(await rowsOf(caseId)).toEqual([
      expect.objectContaining({
        status: 'suspended',
        dueDate: null,
        suspensions: [{ from: '2027-01-10', to: null, reason: `${audit.reason} (${audit.legalBasis})` }],
      }),
    ]);

    const resumeInput = event(caseId, deadlineId, suspended.tracker, 'resume', '2027-01-20T10:00:00.000Z');
    const resumed = await inActivity(() => activities.applyDeadlineEvent(resumeInput));
    // A retried event is computed from the same tracker: same answer, same single row.
    expect(await inActivity(() => activities.applyDeadlineEvent(resumeInput))).toEqual(resumed);
    const expected = computeRuleDeadline(RULE, '2027-01-04', { suspensions: [{ from: '2027-01-10', to: '2027-01-20' }] }).deadline;
    expect(resumed.view).toMatchObject({ status: 'running', dueDate: expected });
    expect(expected > (first.view.dueDate as string)).toBe(true);
    const [row] = await rowsOf(caseId);
    expect(row).toMatchObject({ status: 'running', dueDate: expected });
    expect(row.suspensions).toEqual([{ from: '2027-01-10', to: '2027-01-20', reason: `${audit.reason} (${audit.legalBasis})` }]);
    expect(await rowsOf(caseId)).toHaveLength(1);
  });

  it('refuses an event the rule does not allow and leaves the row as it was', async () => {
    const { caseId, deadlineId, first } = await started();
    const before = await rowsOf(caseId);
    // Art. 13 c.5 LR 12/2005 lets the opinion term be suspended, never restarted.
    await expect(
      inActivity(() => activities.applyDeadlineEvent(event(caseId, deadlineId, first.tracker, 'interrupt', '2027-01-10T10:00:00.000Z'))),
    ).rejects.toThrow(DeadlineTrackerError);
    expect(await rowsOf(caseId)).toEqual(before);
  });

  it('closes the term, and closing it again changes nothing', async () => {
    const { caseId, deadlineId, first } = await started();
    await activities.closeDeadline({ deadlineId, status: 'met' });
    await activities.closeDeadline({ deadlineId, status: 'met' });
    expect(await rowsOf(caseId)).toEqual([
      expect.objectContaining({ id: deadlineUuid(deadlineId), status: 'met', dueDate: first.view.dueDate }),
    ]);
  });
});
