// @needs-services
// Issue 5 performance: 10,000 notifications through the whole notifier (outbox → relay →
// BullMQ job → worker → render → pooled nodemailer → local SMTP peer) with the rate limit
// off, as a ratio to a bare nodemailer loop sending the same messages over the same pooled
// transport in the same run; zero lost, zero duplicated. With `--rate-limit`, 60/min for
// 3 minutes: the observed rate per sliding minute stays within the limit.
import { NotifierConfig, loadConfig } from '@cmm/config';
import { NodemailerMailTransport, NotificationOutbox, type OutgoingMail, SILENT_LOGGER, composeMail } from '@cmm/notifications';
import { DeliveryAttemptRepository, createDataSource } from '@cmm/persistence';
import { createTestDatabase } from '@cmm/test-support';
import { randomBytes } from 'node:crypto';
import { startNotifier } from '../../apps/notifier/src/notifier';
import { SmtpTestPeer } from '../../libs/notifications/src/testing/smtp-test-peer';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';

const COUNT = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
// Sends in flight, the same for the baseline loop and the notifier's workers; the pooled transport
// has POOL connections either way, so extra in-flight work only overlaps database round trips.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 40);
const POOL = 5;
const RATE_LIMIT_RUN = process.argv.includes('--rate-limit');

async function main() {
  const db = await createTestDatabase();
  const peer = new SmtpTestPeer();
  await peer.start();
  const transport = new NodemailerMailTransport({ url: peer.url, poolSize: POOL });
  const outbox = new NotificationOutbox(db.dataSource);
  const runId = randomBytes(4).toString('hex');

  const enqueue = async (count: number, prefix: string) => {
    const started = performance.now();
    for (let i = 0; i < count; i += 500) {
      await db.dataSource.transaction(async (tx) => {
        for (let j = i; j < Math.min(count, i + 500); j++) {
          await outbox.enqueue(
            {
              idempotencyKey: `${prefix}/${j}`,
              caseId: null,
              templateId: 'deadline-reminder',
              channel: 'email',
              recipients: [{ address: `ufficio${j}@comune.test`, name: `Ufficio ${j}` }],
              data: {
                caseReference: `CE-2026-${j}`,
                caseTitle: 'Variante PGT',
                daysLeft: 7,
                deadline: { date: '2026-12-07', legalSource: 'LR 12/2005 art. 13 c.5' },
                caseUrl: `https://procedimenti.test/cases/${j}`,
              },
            },
            tx,
          );
        }
      });
    }
    return performance.now() - started;
  };

  const config = (extra: Record<string, string>) =>
    loadConfig(NotifierConfig, {
      SMTP_URL: peer.url,
      NOTIFIER_QUEUE_PREFIX: `bench${runId}${extra.NOTIFIER_EMAIL_RATE_PER_MINUTE ?? ''}`,
      NOTIFIER_CONCURRENCY: String(CONCURRENCY),
      NOTIFIER_SMTP_POOL_SIZE: String(POOL),
      NOTIFIER_RELAY_INTERVAL_MS: '50',
      ...extra,
    });
  // The notifier's own pool, sized as in production for its concurrency (DATABASE_POOL_SIZE).
  const notifierDataSource = await createDataSource(db.url, CONCURRENCY * 2).initialize();
  const start = (extra: Record<string, string>) =>
    startNotifier({
      dataSource: notifierDataSource,
      redisUrl: process.env.REDIS_URL as string,
      config: config(extra),
      signals: { signal: async () => 'sent' },
      logger: SILENT_LOGGER,
      identity: 'bench',
      transports: { email: transport, pec: transport },
    });

  if (RATE_LIMIT_RUN) {
    const limit = 60;
    await enqueue(300, `rate-${runId}`);
    peer.received.length = 0;
    const notifier = await start({ NOTIFIER_EMAIL_RATE_PER_MINUTE: String(limit) });
    const t0 = Date.now();
    await waitUntil(() => Date.now() - t0 >= 180_000, 200_000, 'three minutes');
    await notifier.stop();
    const times = peer.received.map((m) => m.receivedAt.getTime()).sort((a, b) => a - b);
    let maxPerMinute = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 60_000) j++;
      maxPerMinute = Math.max(maxPerMinute, i - j + 1);
    }
    console.log(
      JSON.stringify({
        bench: 'notifications-rate-limit',
        limitPerMinute: limit,
        seconds: 180,
        sent: times.length,
        observedPerMinute: +(times.length / 3).toFixed(1),
        maxInAnySlidingMinute: maxPerMinute,
        withinLimit: maxPerMinute <= limit,
      }),
    );
  } else {
    const enqueueMs = await enqueue(COUNT, `bench-${runId}`);
    const work = await db.dataSource.query('SELECT d.id FROM notification_deliveries d ORDER BY d.position, d.id');
    const repository = new DeliveryAttemptRepository(db.dataSource);
    const messages: OutgoingMail[] = [];
    for (const { id } of work) messages.push(composeMail((await repository.deliveryWork(id))!, 'notifiche@cittametropolitana.mi.it'));

    // Baseline: the same messages, same transport, same number of sends in flight.
    peer.received.length = 0;
    const b0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < messages.length) {
          const result = await transport.send(messages[next++]);
          if (!result.ok) throw new Error(`baseline send failed: ${result.response}`);
        }
      }),
    );
    const baselineMs = performance.now() - b0;
    const baselineReceived = peer.received.length;

    // The pipeline, from the notifier's start to the last message at the peer.
    peer.received.length = 0;
    const p0 = performance.now();
    const notifier = await start({ NOTIFIER_EMAIL_RATE_PER_MINUTE: '0' });
    await waitUntil(() => peer.received.length >= COUNT, 600_000, 'all notifications received');
    const lastAt = Math.max(...peer.received.map((m) => m.receivedAt.getTime()));
    const pipelineMs = lastAt - (Date.now() - (performance.now() - p0));
    await waitUntil(
      async () =>
        (await db.dataSource.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE status = 'accepted'`))[0].n === COUNT,
      60_000,
      'all accepted',
    );
    await notifier.stop();

    const counts = peer.countByMessageId();
    const expectedIds = new Set(messages.map((m) => m.messageId));
    const lost = [...expectedIds].filter((id) => !counts.has(id)).length;
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    const [{ attempts }] = await db.dataSource.query('SELECT count(*)::int AS attempts FROM notification_attempts');
    console.log(
      JSON.stringify({
        bench: 'notifications-throughput',
        notifications: COUNT,
        concurrency: CONCURRENCY,
        smtpPool: POOL,
        enqueuePerSecond: Math.round(COUNT / (enqueueMs / 1000)),
        baseline: {
          received: baselineReceived,
          seconds: +(baselineMs / 1000).toFixed(2),
          perSecond: Math.round(COUNT / (baselineMs / 1000)),
        },
        pipeline: {
          received: peer.received.length,
          seconds: +(pipelineMs / 1000).toFixed(2),
          perSecond: Math.round(COUNT / (pipelineMs / 1000)),
          attempts,
        },
        ratioToBaseline: +(baselineMs / pipelineMs).toFixed(3),
        lost,
        duplicated,
      }),
    );
  }
  transport.close();
  await notifierDataSource.destroy();
  await peer.stop();
  await db.drop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
