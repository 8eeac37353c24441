// A notice from the outbox to the recipient and back to the user: enqueued in the test
// database, sent by the built notifier process to an SMTP peer, its status read through
// GET /notifications, with each municipality seeing only its own recipients.
import { createApp } from '../../apps/api/src/create-app';
import { NotificationOutbox } from '@cmm/notifications';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import {
  type RunningProcess,
  type TestDatabase,
  type TestIssuer,
  createTestDatabase,
  createTestIssuer,
  openTestCase,
  startBuilt,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SmtpTestPeer } from '../../libs/notifications/src/testing/smtp-test-peer';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';

describe('notification status through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let peer: SmtpTestPeer;
  let notifier: RunningProcess | null = null;
  let milanoCase: string;
  let abbiategrassoCase: string;
  const tokens: Record<'officer' | 'milano' | 'abbiategrassoMayor', string> = {} as never;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const milano = await openTestCase(db.dataSource, { istatCode: MILANO, title: 'Variante PGT Milano' });
    milanoCase = milano.id;
    abbiategrassoCase = (await openTestCase(db.dataSource, { istatCode: ABBIATEGRASSO })).id;
    issuer = await createTestIssuer();
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: '100000' } });
    await app.init();
    tokens.officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    tokens.milano = await issuer.bearer({ subject: 'comune-milano', role: 'comune', istatCode: MILANO });
    tokens.abbiategrassoMayor = await issuer.bearer({ subject: 'sindaco-abbiategrasso', role: 'mayor_office', istatCode: ABBIATEGRASSO });
    peer = new SmtpTestPeer();
    await peer.start();

    // A notice about Milano's case to Milano and, as an affected municipality, to Abbiategrasso.
    await new NotificationOutbox(db.dataSource).enqueue({
      idempotencyKey: `opinion-issued/${milanoCase}`,
      caseId: milanoCase,
      templateId: 'opinion-issued',
      channel: 'email',
      locale: 'it',
      recipients: [
        { address: 'protocollo@comune.milano.it', name: 'Comune di Milano', istatCode: MILANO, role: 'comune' },
        { address: 'sindaco@comune.abbiategrasso.mi.it', istatCode: ABBIATEGRASSO, role: 'mayor_office' },
      ],
      data: {
        caseReference: milano.reference,
        caseTitle: milano.title,
        outcome: 'favourable',
        caseUrl: `https://procedimenti.test/cases/${milanoCase}`,
      },
    });
  });

  afterAll(async () => {
    if (notifier && notifier.child.exitCode === null) notifier.child.kill('SIGKILL');
    await app?.close();
    await peer?.stop();
    await db?.drop();
  });

  it('the notifier refuses to start without SMTP_URL and names it', async () => {
    const { SMTP_URL: _omitted, ...env } = process.env;
    const broken = startBuilt('apps/notifier/src/main.js', { ...env, DATABASE_URL: db.url });
    expect((await broken.exited()).code).toBe(1);
    expect(broken.output()).toMatch(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it('shows pending before the notifier runs, accepted after, with the attempt and the Message-ID', async () => {
    const before = await http().get(`/notifications?caseId=${milanoCase}`).set('Authorization', tokens.officer).expect(200);
    expect(before.body.items).toHaveLength(1);
    expect(before.body.items[0]).toMatchObject({ templateId: 'opinion-issued', channel: 'email', status: 'pending', relayedAt: null });

    notifier = startBuilt('apps/notifier/src/main.js', {
      ...process.env,
      DATABASE_URL: db.url,
      SMTP_URL: peer.url,
      NOTIFIER_QUEUE_PREFIX: `e2e${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
    });
    await notifier.waitForOutput(/"msg":"notifier started"/);

    const after = await waitUntil(
      async () => {
        const response = await http().get(`/notifications?caseId=${milanoCase}`).set('Authorization', tokens.officer).expect(200);
        return response.body.items[0]?.status === 'accepted' ? response.body.items : undefined;
      },
      60_000,
      'notification accepted',
    );
    const [notification] = after;
    expect(notification.relayedAt).toEqual(expect.any(String));
    expect(notification.deliveries).toHaveLength(2);
    for (const delivery of notification.deliveries) {
      expect(delivery).toMatchObject({ status: 'accepted', attempts: 1, lastError: null, deliveredAt: null, receipts: [] });
      expect(delivery.messageId).toBe(`<${delivery.id}@notifiche.cittametropolitana.mi.it>`);
    }
    expect(peer.received.map((m) => m.messageId).sort()).toEqual(
      notification.deliveries.map((d: { messageId: string }) => d.messageId).sort(),
    );
    const mail = await peer.received[0].parse();
    expect(mail.subject).toMatch(/^Parere di compatibilità al PTM – pratica TEST-/);
    // The list names each notice by the subject its recipients read (here in Italian), English beside it.
    expect(notification.subject).toEqual({
      it: mail.subject,
      en: mail.subject?.replace('Parere di compatibilità al PTM – pratica', 'PTM compatibility opinion – case'),
    });
  });

  it('a municipality sees only its own recipients, must name the case, and never sees another municipality’s case', async () => {
    const own = await http().get(`/notifications?caseId=${milanoCase}`).set('Authorization', tokens.milano).expect(200);
    expect(own.body.items[0].deliveries.map((d: { recipient: { istatCode: string } }) => d.recipient.istatCode)).toEqual([MILANO]);

    const missing = await http().get('/notifications').set('Authorization', tokens.milano).expect(400);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body['invalid-params']).toEqual([expect.objectContaining({ name: 'caseId', rule: 'required' })]);

    // Abbiategrasso is a recipient, but the case is Milano's: not visible, so 404.
    await http().get(`/notifications?caseId=${milanoCase}`).set('Authorization', tokens.abbiategrassoMayor).expect(404);
    const ownEmpty = await http()
      .get(`/notifications?caseId=${abbiategrassoCase}`)
      .set('Authorization', tokens.abbiategrassoMayor)
      .expect(200);
    expect(ownEmpty.body).toEqual({ items: [] });
    await http().get('/notifications?caseId=not-a-uuid').set('Authorization', tokens.officer).expect(400);
  });

  it('CMM staff without a case filter see the latest notifications', async () => {
    const all = await http().get('/notifications').set('Authorization', tokens.officer).expect(200);
    expect(all.body.items.map((n: { caseId: string }) => n.caseId)).toEqual([milanoCase]);
  });

  it('the notifier stops on SIGTERM with exit status 0', async () => {
    notifier!.child.kill('SIGTERM');
    expect(await notifier!.exited()).toEqual({ code: 0, signal: null });
    expect(notifier!.output()).toMatch(/"msg":"notifier stopped"/);
  });
});
