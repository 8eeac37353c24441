// The notifier in-process against real PostgreSQL, Redis and an SMTP peer on loopback:
// outbox → relay → BullMQ flow → nodemailer → peer, retries, failures, PEC receipts.
import { NotifierConfig, loadConfig } from '@cmm/config';
import type { NotificationDeliveredSignal } from '@cmm/contracts';
import { MAY_HAVE_ARRIVED, NotificationOutbox, SILENT_LOGGER, buildPecReceipt, type WorkflowSignalPort } from '@cmm/notifications';
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import ICAL from 'ical.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SmtpTestPeer } from '../../../libs/notifications/src/testing/smtp-test-peer';
import { waitUntil } from '../../../libs/notifications/src/testing/wait-until';
import { type RunningNotifier, startNotifier } from './notifier';

const redisUrl = (): string => {
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is not set: run with `npm test`');
  return process.env.REDIS_URL;
};

describe('notifier pipeline', () => {
  let db: TestDatabase;
  let peer: SmtpTestPeer;
  let notifier: RunningNotifier;
  let outbox: NotificationOutbox;
  const signals: { workflowId: string; payload: NotificationDeliveredSignal }[] = [];
  const port: WorkflowSignalPort = {
    async signal(workflowId, payload) {
      signals.push({ workflowId, payload });
      return workflowId.startsWith('ended-') ? 'not-running' : 'sent';
    },
  };
  // Per-recipient script: the local part says what the peer does (e.g. "temp2" = two 451s first).
  const seen = new Map<string, number>();

  beforeAll(async () => {
    db = await createTestDatabase();
    peer = new SmtpTestPeer();
    await peer.start();
    peer.behaviour = ({ to }) => {
      const address = to[0] ?? '';
      const count = (seen.get(address) ?? 0) + 1;
      seen.set(address, count);
      if (address.startsWith('perm')) return { kind: 'permanent', code: 550 };
      if (address.startsWith('temp2') && count <= 2) return { kind: 'temporary', code: 451 };
      if (address.startsWith('drop1') && count === 1) return { kind: 'drop' };
      if (address.startsWith('dropperm')) return count === 1 ? { kind: 'drop' } : { kind: 'permanent', code: 554 };
      return { kind: 'accept' };
    };
    const config = loadConfig(NotifierConfig, {
      SMTP_URL: peer.url,
      NOTIFIER_QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      NOTIFIER_RETRY_ATTEMPTS: '4',
      NOTIFIER_RETRY_BASE_MS: '100',
      NOTIFIER_RETRY_MAX_MS: '400',
      NOTIFIER_RELAY_INTERVAL_MS: '50',
      NOTIFIER_PEC_RATE_PER_MINUTE: '0',
      PEC_INBOUND_PORT: '0',
    });
    // Port 0 means "off" in configuration; the test asks the OS for a free one through a listener of its own.
    config.PEC_INBOUND_PORT = await freePort();
    const documentsDir = await mkdtemp(join(tmpdir(), 'cmm-receipts-'));
    notifier = await startNotifier({
      dataSource: db.dataSource,
      redisUrl: redisUrl(),
      config,
      documents: { DOCUMENTS_STORAGE: 'fs', DOCUMENTS_DIR: documentsDir, DOCUMENTS_MAX_BYTES: 1e9, DOCUMENTS_S3_REGION: 'x' } as never,
      signals: port,
      logger: SILENT_LOGGER,
      identity: 'int-spec',
    });
    outbox = new NotificationOutbox(db.dataSource);
  });

  afterAll(async () => {
    await notifier?.stop();
    await peer?.stop();
    await db?.drop();
  });

  const deliveries = (notificationId: string) =>
    db.dataSource.query('SELECT * FROM notification_deliveries WHERE notification_id = $1 ORDER BY position', [notificationId]);
  const attempts = (deliveryId: string) =>
    db.dataSource.query(
      `SELECT a.attempt, a.message_id, o.outcome, o.smtp_code, o.smtp_response FROM notification_attempts a
         LEFT JOIN notification_attempt_outcomes o USING (delivery_id, attempt) WHERE a.delivery_id = $1 ORDER BY a.attempt`,
      [deliveryId],
    );
  const settled = (notificationId: string, statuses: string[]) =>
    waitUntil(
      async () => {
        const rows = await deliveries(notificationId);
        return rows.length > 0 && rows.every((r: { status: string }) => statuses.includes(r.status)) ? rows : undefined;
      },
      60_000,
      `notification ${notificationId} settled`,
    );

  it('sends a PEC convocation to each mayor’s office with an ICS invitation, once per key', async () => {
    const kase = await openTestCase(db.dataSource, { istatCode: '015002', title: 'Variante PGT Abbiategrasso' });
    const calendar = {
      uid: `session-1-${kase.id}@cittametropolitana.mi.it`,
      sequence: 0,
      method: 'REQUEST' as const,
      start: '2026-03-10T09:00:00.000Z',
      end: '2026-03-10T11:00:00.000Z',
      summary: 'Conferenza di concertazione – seduta 1',
      location: 'Palazzo Isimbardi, Milano',
      organizer: { name: 'Città metropolitana di Milano', address: 'protocollo@pec.cittametropolitana.milano.it' },
    };
    const request = {
      idempotencyKey: `conference-convocation/${kase.id}/1`,
      caseId: kase.id,
      workflowId: `concertation-conference-${kase.id}`,
      templateId: 'conference-convocation' as const,
      channel: 'pec' as const,
      recipients: [
        { address: 'sindaco@pec.comune.abbiategrasso.mi.it', name: 'Sindaco di Abbiategrasso', istatCode: '015002', role: 'mayor_office' },
        { address: 'sindaco@pec.comune.milano.it', name: 'Sindaco di Milano', istatCode: '015146', role: 'mayor_office' },
        { address: 'sindaco@pec.comune.magenta.mi.it', istatCode: '015130', role: 'mayor_office' },
      ],
      data: {
        caseReference: kase.reference,
        caseTitle: kase.title,
        caseUrl: `https://procedimenti.test/cases/${kase.id}`,
        deadline: { date: '2026-03-05', legalSource: 'NdA PTM art. 10' },
        session: { start: calendar.start, location: calendar.location },
      },
      calendar,
    };
    const first = await db.dataSource.transaction((tx) => outbox.enqueue(request, tx));
    const again = await outbox.enqueue(request);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });

    const rows = await settled(first.id, ['sent']);
    expect(rows).toHaveLength(3);
    const received = peer.received.filter((m) => m.idempotencyKey === request.idempotencyKey);
    expect(received.map((m) => m.to[0]).sort()).toEqual(request.recipients.map((r) => r.address).sort());
    expect(received.map((m) => m.messageId).sort()).toEqual(rows.map((r: { message_id: string }) => r.message_id).sort());

    const mail = await received.find((m) => m.to[0] === 'sindaco@pec.comune.milano.it')!.parse();
    expect(mail.subject).toBe(`Convocazione conferenza di concertazione – pratica ${kase.reference}`);
    expect(mail.text).toContain('Gentile Sindaco di Milano,');
    expect(mail.text).toContain('Scadenza: 05/03/2026');
    expect(mail.text).toContain('Seduta: 10/03/2026 10:00 (ora di Roma)');
    expect(mail.html).toContain(`href="https://procedimenti.test/cases/${kase.id}"`);
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
    expect(ics).toBeDefined();
    const root = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
    ICAL.TimezoneService.register(new ICAL.Timezone(root.getFirstSubcomponent('vtimezone') as ICAL.Component), 'Europe/Rome');
    const event = new ICAL.Event(root.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(root.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe(calendar.uid);
    expect(event.sequence).toBe(0);
    expect(event.startDate.toString()).toBe('2026-03-10T10:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe(calendar.start);
    ICAL.TimezoneService.reset();

    const [attempt] = await attempts(rows[1].id);
    expect(attempt).toMatchObject({ attempt: 1, message_id: rows[1].message_id, outcome: 'accepted', smtp_code: 250 });
    expect(attempt.smtp_response).toMatch(/^250/);
    // PEC ends with the delivery receipt, not with the SMTP answer: no signal yet.
    expect(signals.filter((s) => s.payload.notificationId === first.id)).toEqual([]);

    // The provider's receipts arrive on the inbound listener.
    const milan = rows[1];
    const deliveredAt = new Date('2026-03-02T09:15:30Z');
    const inbound = nodemailer.createTransport({ host: '127.0.0.1', port: notifier.pecInboundPort!, secure: false, ignoreTLS: true });
    const receipt = (kind: 'accettazione' | 'avvenuta-consegna', issuedAt: Date) =>
      buildPecReceipt({
        kind,
        referencedMessageId: milan.message_id,
        sender: 'protocollo@pec.cittametropolitana.milano.it',
        recipient: milan.recipient_address,
        subject: mail.subject!,
        issuedAt,
      });
    const send = async (raw: Buffer) =>
      inbound.sendMail({ envelope: { from: 'posta-certificata@pec.test', to: ['protocollo@pec.cittametropolitana.milano.it'] }, raw });
    await send(await receipt('accettazione', new Date('2026-03-02T09:15:00Z')));
    const delivery = await receipt('avvenuta-consegna', deliveredAt);
    await send(delivery);
    await send(delivery); // a provider repeating itself changes nothing
    await expect(
      send(Buffer.from('From: a@b.it\r\nTo: c@d.it\r\nSubject: hello\r\nMessage-ID: <z@b.it>\r\n\r\nhello\r\n')),
    ).rejects.toThrow(/550/);
    inbound.close();

    const [after] = await db.dataSource.query('SELECT status, delivered_at FROM notification_deliveries WHERE id = $1', [milan.id]);
    expect(after).toEqual({ status: 'delivered', delivered_at: deliveredAt });
    const receipts = await db.dataSource.query(
      'SELECT kind, issued_at, document_id FROM notification_receipts WHERE delivery_id = $1 ORDER BY received_at',
      [milan.id],
    );
    expect(receipts.map((r: { kind: string }) => r.kind)).toEqual(['accettazione', 'avvenuta-consegna']);
    const [document] = await db.dataSource.query('SELECT kind, title FROM documents WHERE id = $1', [receipts[1].document_id]);
    expect(document.kind).toBe('pec-receipt');
    const events = await db.dataSource.query(`SELECT payload FROM timeline_events WHERE case_id = $1 AND type = 'notification-delivered'`, [
      kase.id,
    ]);
    expect(events).toEqual([{ payload: expect.objectContaining({ deliveryId: milan.id, deliveredAt: deliveredAt.toISOString() }) }]);
    await waitUntil(() => signals.find((s) => s.payload.recipient === milan.recipient_address), 30_000, 'delivery signal');
    expect(signals.filter((s) => s.payload.notificationId === first.id)).toEqual([
      {
        workflowId: request.workflowId,
        payload: {
          notificationId: first.id,
          idempotencyKey: request.idempotencyKey,
          recipient: milan.recipient_address,
          status: 'delivered',
          at: deliveredAt.toISOString(),
        },
      },
    ]);
    expect(peer.countByKey().get(request.idempotencyKey)).toBe(3);
  });

  it('retries a 4xx with backoff and records every attempt; plain email ends accepted', async () => {
    const key = `integration-requested/${randomUUID()}`;
    const { id } = await outbox.enqueue({
      idempotencyKey: key,
      caseId: null,
      workflowId: 'compatibility-evaluation-x',
      templateId: 'integration-requested',
      channel: 'email',
      recipients: [{ address: `temp2-${randomUUID().slice(0, 8)}@comune.test` }],
      data: { caseReference: 'CE-1', deadline: { date: '2026-05-04', legalSource: 'L. 241/1990 art. 2 c.7' } },
    });
    const [row] = await settled(id, ['accepted', 'failed']);
    expect(row.status).toBe('accepted');
    expect((await attempts(row.id)).map((a: { outcome: string; smtp_code: number }) => [a.outcome, a.smtp_code])).toEqual([
      ['temporary-failure', 451],
      ['temporary-failure', 451],
      ['accepted', 250],
    ]);
    expect(peer.countByKey().get(key)).toBe(1);
    await waitUntil(() => signals.find((s) => s.payload.idempotencyKey === key), 30_000, 'accepted signal');
    expect(signals.find((s) => s.payload.idempotencyKey === key)?.payload.status).toBe('accepted');
  });

  it('retries after the connection drops', async () => {
    const key = `deadline-reminder/${randomUUID()}`;
    const { id } = await outbox.enqueue({
      idempotencyKey: key,
      caseId: null,
      templateId: 'deadline-reminder',
      channel: 'email',
      recipients: [{ address: `drop1-${randomUUID().slice(0, 8)}@comune.test` }],
      data: { caseReference: 'CE-2', daysLeft: 2, deadline: { date: '2026-05-04', legalSource: 'LR 12/2005 art. 13 c.5' } },
    });
    const [row] = await settled(id, ['accepted', 'failed']);
    expect(row.status).toBe('accepted');
    const outcomes = (await attempts(row.id)).map((a: { outcome: string }) => a.outcome);
    // The message went out and the answer never came: the attempt cannot say whether it arrived.
    expect(outcomes[0]).toBe('ambiguous');
    expect(outcomes.at(-1)).toBe('accepted');
    expect(peer.countByKey().get(key)).toBe(1);
  });

  it('says a delivery refused after an attempt cut before the answer may have arrived all the same', async () => {
    const { id } = await outbox.enqueue({
      idempotencyKey: `deadline-reminder/${randomUUID()}`,
      caseId: null,
      templateId: 'deadline-reminder',
      channel: 'email',
      recipients: [{ address: `dropperm-${randomUUID().slice(0, 8)}@comune.test` }],
      data: { caseReference: 'CE-3', daysLeft: 2, deadline: { date: '2026-05-04', legalSource: 'LR 12/2005 art. 13 c.5' } },
    });
    const [row] = await settled(id, ['accepted', 'failed']);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/^refused: .*554.*; forse già consegnato/);
    expect(row.last_error).toContain(MAY_HAVE_ARRIVED);
    expect((await attempts(row.id)).map((a: { outcome: string }) => a.outcome)).toEqual(['ambiguous', 'permanent-failure']);
  });

  it('does not retry a 5xx: failed at once, alert for the officer, timeline event, signal to the workflow', async () => {
    const kase = await openTestCase(db.dataSource, { istatCode: '015146' });
    const key = `opinion-issued/${kase.id}`;
    const { id } = await outbox.enqueue({
      idempotencyKey: key,
      caseId: kase.id,
      workflowId: `ended-${kase.id}`,
      templateId: 'opinion-issued',
      channel: 'email',
      recipients: [{ address: 'perm-nobody@comune.test', istatCode: '015146' }],
      data: { caseReference: kase.reference, outcome: 'favourable' },
    });
    const [row] = await settled(id, ['failed', 'accepted']);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/550/);
    const [alert] = await db.dataSource.query('SELECT case_id, reason FROM notification_alerts WHERE delivery_id = $1', [row.id]);
    expect(alert).toEqual({ case_id: kase.id, reason: expect.stringMatching(/^refused: .*550/) });
    const [event] = await db.dataSource.query(`SELECT payload FROM timeline_events WHERE case_id = $1 AND type = 'notification-failed'`, [
      kase.id,
    ]);
    expect(event.payload).toEqual({
      notificationId: id,
      deliveryId: row.id,
      templateId: 'opinion-issued',
      channel: 'email',
      status: 'failed',
    });
    // The workflow has ended: the signal is tried once, then dropped.
    await waitUntil(async () => (await deliveries(id))[0].signal_state === 'dropped', 30_000, 'signal dropped');
    expect(signals.filter((s) => s.payload.idempotencyKey === key)).toHaveLength(1);
  });

  it('a rolled-back producer transaction sends nothing', async () => {
    const key = `case-closed/${randomUUID()}`;
    await expect(
      db.dataSource.transaction(async (tx) => {
        await outbox.enqueue(
          {
            idempotencyKey: key,
            caseId: null,
            templateId: 'case-closed',
            channel: 'email',
            recipients: [{ address: 'x@comune.test' }],
            data: {},
          },
          tx,
        );
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow(/failed/);
    expect(await db.dataSource.query('SELECT id FROM notifications WHERE idempotency_key = $1', [key])).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
