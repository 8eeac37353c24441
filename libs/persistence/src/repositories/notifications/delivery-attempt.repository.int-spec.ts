// The batched attempt log (issue 19) against the one-by-one one, on PostgreSQL: the same
// decisions and the same rows, whatever mix of deliveries a batch holds, and no delivery begun
// twice when batches overlap.
import { type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { DeliveryAttemptRepository } from './delivery-attempt.repository';
import { NotificationOutboxRepository } from './notification-outbox.repository';
import type { AttemptDecision, AttemptStart, DeliveryStatus } from './notification-tables';

describe('DeliveryAttemptRepository: batched begins and outcomes on PostgreSQL', () => {
  let db: TestDatabase;
  let attempts: DeliveryAttemptRepository;
  let outbox: NotificationOutboxRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    attempts = new DeliveryAttemptRepository(db.dataSource);
    outbox = new NotificationOutboxRepository(db.dataSource);
  });

  afterAll(() => db?.drop());

  /** A notification with one delivery per recipient; the delivery ids in order. */
  const notice = async (recipients: number, channel: 'email' | 'pec' = 'email'): Promise<string[]> => {
    const deliveries = Array.from({ length: recipients }, (_, i) => {
      const id = randomUUID();
      return { id, address: `r${i}@comune.test`, name: `Ufficio ${i}`, istatCode: null, role: null, messageId: `<${id}@test>` };
    });
    await outbox.insert({
      id: randomUUID(),
      idempotencyKey: `spec/${randomUUID()}`,
      caseId: null,
      workflowId: null,
      templateId: 'deadline-reminder',
      locale: 'it',
      channel,
      data: { caseReference: 'CE-1' },
      calendar: null,
      deliveries,
    });
    return deliveries.map((d) => d.id);
  };

  const setStatus = (id: string, status: DeliveryStatus) =>
    db.dataSource.query('UPDATE notification_deliveries SET status = $2 WHERE id = $1', [id, status]);
  /** An attempt started long ago by a sender that died (the log is append-only: written as it would have been). */
  const staleAttempt = async (id: string) => {
    await db.dataSource.query(
      `INSERT INTO notification_attempts (delivery_id, attempt, started_at, worker, message_id)
       SELECT id, 1, now() - interval '10 minutes', 'dead', message_id FROM notification_deliveries WHERE id = $1`,
      [id],
    );
    await db.dataSource.query('UPDATE notification_deliveries SET attempts = 1 WHERE id = $1', [id]);
  };
  /** What the log holds for a delivery, without ids and times: comparable across deliveries. */
  const logOf = async (id: string) => ({
    delivery: (
      await db.dataSource.query('SELECT status, attempts, signal_state, last_error FROM notification_deliveries WHERE id = $1', [id])
    )[0],
    attempts: await db.dataSource.query(
      `SELECT a.attempt, a.worker, a.message_id = d.message_id AS same_message_id, o.outcome, o.smtp_code, o.smtp_response
         FROM notification_attempts a JOIN notification_deliveries d ON d.id = a.delivery_id
         LEFT JOIN notification_attempt_outcomes o USING (delivery_id, attempt)
        WHERE a.delivery_id = $1 ORDER BY a.attempt`,
      [id],
    ),
  });
  const decisionOf = (start: AttemptStart | undefined): AttemptDecision | { action: 'missing' } | undefined => {
    if (!start || start.action !== 'send') return start;
    const { work: _work, ...decision } = start;
    return decision;
  };

  /**
   * Five situations, twice: fresh; already final; an attempt in flight (within the lease); an
   * attempt cut short (past the lease, no outcome); an attempt that ended with a temporary failure.
   */
  const situations = async (): Promise<string[]> => {
    const [fresh, final, inFlight, cutShort, retried] = await notice(5);
    await setStatus(final, 'accepted');
    await attempts.beginAttempt(inFlight, 'other', 60);
    await staleAttempt(cutShort);
    const first = await attempts.beginAttempt(retried, 'other', 60);
    if (first.action !== 'send') throw new Error('setup: expected a first attempt');
    await attempts.recordOutcome({
      deliveryId: retried,
      attempt: first.attempt,
      outcome: 'temporary-failure',
      smtpCode: 451,
      smtpResponse: '451 try later',
      status: null,
      lastError: '451 try later',
      signal: false,
    });
    return [fresh, final, inFlight, cutShort, retried];
  };

  it('decides and writes as beginAttempt does, delivery by delivery, and reads the work of those to send', async () => {
    const single = await situations();
    const batched = await situations();
    const missing = randomUUID();

    const one: (AttemptDecision | { action: 'missing' })[] = [];
    for (const id of single) one.push(await attempts.beginAttempt(id, 'worker-1', 120));
    const starts = await attempts.beginAttempts([...batched, missing], 'worker-1', 120);

    expect(starts.size).toBe(6);
    expect(starts.get(missing)).toEqual({ action: 'missing' });
    const many = batched.map((id) => decisionOf(starts.get(id)));
    // Times differ between the twins (busy: when the attempt started); the rest must be equal.
    const comparable = (d: AttemptDecision | { action: 'missing' } | undefined) =>
      d?.action === 'busy' ? { action: 'busy', startedAt: expect.any(Date) } : d;
    expect(many.map(comparable)).toEqual(one.map(comparable));
    expect(one.map((d) => d.action)).toEqual(['send', 'skip', 'busy', 'send', 'send']);
    expect(one[3]).toEqual({ action: 'send', attempt: 2, ambiguousBefore: true });
    expect(one[4]).toEqual({ action: 'send', attempt: 2, ambiguousBefore: false });
    for (let i = 0; i < single.length; i++) expect(await logOf(batched[i])).toEqual(await logOf(single[i]));

    for (const [i, id] of batched.entries()) {
      const start = starts.get(id);
      if (start?.action !== 'send') continue;
      expect(start.work).toEqual({ ...(await attempts.deliveryWork(id)), attempts: start.attempt });
      expect(start.work).toMatchObject({ deliveryId: id, recipient: { address: `r${i}@comune.test` }, templateId: 'deadline-reminder' });
    }
  });

  it('begins each delivery once when batches overlap: the other batch finds the attempt in flight', async () => {
    const ids = await notice(30);
    const shuffled = [...ids].reverse();
    // Another transaction holds the rows, so all three batches start (and take their snapshots)
    // before any can lock them: the later ones must not trust what their snapshot says.
    const holder = db.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM notification_deliveries WHERE id = ANY($1) FOR UPDATE', [ids]);
    const batches = Promise.all([
      attempts.beginAttempts(ids, 'a', 120),
      attempts.beginAttempts(shuffled, 'b', 120),
      attempts.beginAttempts(ids.slice(10, 20), 'c', 120),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.commitTransaction();
    await holder.release();
    const [a, b, c] = await batches;
    for (const id of ids) {
      const actions = [a.get(id), b.get(id), c.get(id)].filter((s) => s !== undefined).map((s) => s.action);
      expect(actions.filter((action) => action === 'send')).toHaveLength(1);
      expect(actions.filter((action) => action !== 'send').every((action) => action === 'busy')).toBe(true);
    }
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM notification_attempts WHERE delivery_id = ANY($1)', [
      ids,
    ]);
    expect(count).toBe(30);
  });

  it('records outcomes as recordOutcome does: statuses move forward only, signals when asked', async () => {
    const record = (deliveryId: string, attempt: number, status: DeliveryStatus, signal: boolean) => ({
      deliveryId,
      attempt,
      outcome: 'accepted' as const,
      smtpCode: 250,
      smtpResponse: '250 OK queued',
      status,
      signal,
    });
    const twins = async () => {
      const [email, pec, late] = [...(await notice(1)), ...(await notice(1, 'pec')), ...(await notice(1))];
      for (const id of [email, pec, late]) await attempts.beginAttempt(id, 'w', 120);
      // A receipt overtook the worker's record: the status must not go back.
      await setStatus(late, 'delivered');
      return [email, pec, late];
    };
    const single = await twins();
    const batched = await twins();

    const movedOne: boolean[] = [];
    movedOne.push(await attempts.recordOutcome(record(single[0], 1, 'accepted', true)));
    movedOne.push(await attempts.recordOutcome(record(single[1], 1, 'sent', false)));
    movedOne.push(await attempts.recordOutcome(record(single[2], 1, 'accepted', true)));
    const moved = await attempts.recordOutcomes([
      record(batched[0], 1, 'accepted', true),
      record(batched[1], 1, 'sent', false),
      record(batched[2], 1, 'accepted', true),
    ]);

    expect(movedOne).toEqual([true, true, false]);
    expect(batched.map((id) => moved.has(id))).toEqual(movedOne);
    for (let i = 0; i < single.length; i++) expect(await logOf(batched[i])).toEqual(await logOf(single[i]));
    expect((await logOf(batched[0])).delivery).toMatchObject({ status: 'accepted', signal_state: 'pending' });
    expect((await logOf(batched[2])).delivery).toMatchObject({ status: 'delivered' });

    // The same records again (a job retried after its record committed) change nothing.
    const again = await attempts.recordOutcomes([record(batched[0], 1, 'accepted', true)]);
    expect(again.size).toBe(0);
    expect((await logOf(batched[0])).attempts).toHaveLength(1);
  });
});
