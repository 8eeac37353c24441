// Nothing lost, nothing twice: notices flow while Redis is stopped and restarted, the SMTP
// server goes away and comes back, and the notifier is killed (SIGKILL) in the middle of a
// send and restarted. At the end every recipient of every idempotency key has its message,
// under exactly one Message-ID; a message the peer saw twice is only ever a resend of an
// attempt cut short by the kill (same Message-ID, recorded as ambiguous in the attempt log).
import { NotificationOutbox } from '@cmm/notifications';
import { type RunningProcess, type TestDatabase, createTestDatabase, openTestCase, startBuilt, freePort } from '@cmm/test-support';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SmtpTestPeer } from '../../libs/notifications/src/testing/smtp-test-peer';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';

/** A private redis-server with append-only persistence, stoppable and restartable on the same port and data. */
class RedisProcess {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', this.dir],
      {
        stdio: 'ignore',
      },
    );
    await waitUntil(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = createServer().listen(this.port, '127.0.0.1');
          socket.once('listening', () => socket.close(() => resolve(false)));
          socket.once('error', () => resolve(true));
        }),
      30_000,
      'redis listening',
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}

describe('notifications: exactly once through faults', () => {
  let db: TestDatabase;
  let redis: RedisProcess;
  let peer: SmtpTestPeer;
  let smtpPort: number;
  let notifier: RunningProcess | null = null;
  const expected = new Map<string, number>(); // idempotency key → recipients
  let outbox: NotificationOutbox;
  let caseId: string;

  const env = () => ({
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NOTIFIER_QUEUE_PREFIX: 'fault',
    NOTIFIER_RETRY_ATTEMPTS: '50',
    NOTIFIER_RETRY_BASE_MS: '200',
    NOTIFIER_RETRY_MAX_MS: '2000',
    NOTIFIER_SEND_LEASE_SECONDS: '6',
    NOTIFIER_SWEEP_STALE_SECONDS: '10',
    NOTIFIER_RELAY_INTERVAL_MS: '100',
    NOTIFIER_PEC_RATE_PER_MINUTE: '0',
    NOTIFIER_CONCURRENCY: '8',
    LOG_LEVEL: 'info',
  });

  const enqueue = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const key = `fault/${randomUUID()}`;
      const recipients = 1 + (i % 3);
      expected.set(key, recipients);
      await outbox.enqueue({
        idempotencyKey: key,
        caseId,
        templateId: i % 2 ? 'deadline-reminder' : 'conference-convocation',
        channel: i % 4 === 0 ? 'pec' : 'email',
        recipients: Array.from({ length: recipients }, (_, r) => ({ address: `r${r}-${i}@comune.test`, istatCode: '015146' })),
        data: { caseReference: 'CE-FAULT', daysLeft: 2, deadline: { date: '2026-06-30', legalSource: 'LR 12/2005 art. 13 c.5' } },
      });
    }
  };
  const received = () => peer.received.filter((m) => m.idempotencyKey?.startsWith('fault/')).length;
  const startNotifier = async () => {
    notifier = startBuilt('apps/notifier/src/main.js', env());
    await notifier.waitForOutput(/"msg":"notifier started"/);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    outbox = new NotificationOutbox(db.dataSource);
    caseId = (await openTestCase(db.dataSource, { istatCode: '015146' })).id;
    redis = new RedisProcess(await freePort(), await mkdtemp(join(tmpdir(), `cmm-redis-${randomBytes(3).toString('hex')}-`)));
    await redis.start();
    peer = new SmtpTestPeer();
    smtpPort = await peer.start();
    peer.behaviour = () => ({ kind: 'accept', delayMs: 5 });
  });

  afterAll(async () => {
    if (notifier && notifier.child.exitCode === null) notifier.child.kill('SIGKILL');
    await peer?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('delivers every notification exactly once per recipient', async () => {
    try {
      await scenario();
    } catch (error) {
      // What the notifier said is the first thing to read when a fault run goes wrong.
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nnotifier output (tail):\n${notifier?.output().slice(-4000)}`,
      );
    }
  });

  async function scenario() {
    await enqueue(60);
    await startNotifier();
    await waitUntil(() => received() >= 20, 60_000, 'first messages');

    // 1. Redis stops mid-run: new notices wait in the outbox, none is marked relayed.
    await redis.stop();
    await enqueue(40);
    await notifier!.waitForOutput(/notifier loop failed/, 30_000);
    const [{ waiting }] = await db.dataSource.query('SELECT count(*)::int AS waiting FROM notifications WHERE relayed_at IS NULL');
    expect(waiting).toBeGreaterThanOrEqual(40);
    await redis.start();
    await waitUntil(
      async () => (await db.dataSource.query('SELECT 1 FROM notifications WHERE relayed_at IS NULL')).length === 0,
      60_000,
      'outbox drained',
    );

    // 2. The SMTP server goes away mid-run: attempts fail as temporary and are retried.
    await enqueue(40);
    await peer.stop();
    await waitUntil(
      async () =>
        (await db.dataSource.query(`SELECT 1 FROM notification_attempt_outcomes WHERE outcome = 'temporary-failure' LIMIT 1`)).length === 1,
      60_000,
      'temporary failures while SMTP is down',
    );
    await peer.start(smtpPort);

    // 3. The notifier is killed while the server holds a message unanswered, then restarted.
    peer.behaviour = () => ({ kind: 'accept', delayMs: 300 });
    await enqueue(40);
    await waitUntil(() => peer.inFlight > 0, 60_000, 'a send in flight');
    notifier!.child.kill('SIGKILL');
    await notifier!.exited();
    peer.behaviour = () => ({ kind: 'accept', delayMs: 5 });
    await enqueue(20);
    await startNotifier();

    // 4. Everything ends: every delivery accepted (email) or sent (PEC, awaiting receipts).
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    await waitUntil(
      async () => {
        const [{ done }] = await db.dataSource.query(
          `SELECT count(*)::int AS done FROM notification_deliveries WHERE status IN ('accepted', 'sent')`,
        );
        return done === total;
      },
      150_000,
      'every delivery sent',
    );
    const [{ failed }] = await db.dataSource.query(
      `SELECT count(*)::int AS failed FROM notification_deliveries WHERE status NOT IN ('accepted', 'sent')`,
    );
    expect(failed).toBe(0);

    // Count at the peer, per idempotency key: one Message-ID per recipient, none missing.
    const messageIdsByKey = new Map<string, Set<string>>();
    for (const message of peer.received) {
      if (!message.idempotencyKey?.startsWith('fault/')) continue;
      const ids = messageIdsByKey.get(message.idempotencyKey) ?? new Set<string>();
      ids.add(message.messageId ?? '(none)');
      messageIdsByKey.set(message.idempotencyKey, ids);
    }
    const mismatches = [...expected].filter(([key, recipients]) => messageIdsByKey.get(key)?.size !== recipients);
    expect(mismatches).toEqual([]);
    expect(messageIdsByKey.size).toBe(expected.size);

    // A Message-ID seen twice must be a resend after an attempt whose fate the sender could not
    // know: cut short by the kill (ambiguous), or a connection lost with no SMTP reply while
    // the server was being stopped (it may have taken the message before the socket closed).
    // Either way the resend carries the same Message-ID, so the receiving side can drop it.
    const ambiguous: { message_id: string }[] = await db.dataSource.query(
      `SELECT a.message_id FROM notification_attempt_outcomes o JOIN notification_attempts a USING (delivery_id, attempt)
        WHERE o.outcome = 'ambiguous' OR (o.outcome = 'temporary-failure' AND o.smtp_code IS NULL)`,
    );
    const duplicates = [...peer.countByMessageId()].filter(([, count]) => count > 1).map(([id]) => id);
    expect(duplicates.filter((id) => !ambiguous.some((a) => a.message_id === id))).toEqual([]);
    // Reported for the README: how many of the sends were doubled by the kill.
    process.stdout.write(
      `fault run: ${expected.size} notifications, ${total} deliveries, ${received()} messages at the peer, ${duplicates.length} resent after the kill\n`,
    );

    notifier!.child.kill('SIGTERM');
    expect((await notifier!.exited()).code).toBe(0);
  }
});
