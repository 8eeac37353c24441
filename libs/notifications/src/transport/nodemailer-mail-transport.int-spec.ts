// The pooled transport against a real SMTP server on loopback: answers classified, and a
// server that goes away and comes back never wedges the pool.
import { SmtpTestPeer } from '../testing/smtp-test-peer';
import type { OutgoingMail } from './mail-transport.port';
import { NodemailerMailTransport } from './nodemailer-mail-transport';

const mail = (i: number): OutgoingMail => ({
  from: 'notifiche@cittametropolitana.mi.it',
  to: { address: 'protocollo@comune.test', name: 'Comune' },
  subject: `Avviso ${i}`,
  text: 'testo',
  html: '<p>testo</p>',
  messageId: `<${i}@notifiche.test>`,
  headers: { 'X-CMM-Idempotency-Key': `k-${i}` },
});

describe('nodemailer transport', () => {
  const peer = new SmtpTestPeer();
  let transport: NodemailerMailTransport;

  beforeAll(async () => {
    await peer.start();
    transport = new NodemailerMailTransport({ url: peer.url, poolSize: 3 });
  });
  afterAll(async () => {
    transport.close();
    await peer.stop();
  });

  it('classifies 250, 4xx, 5xx and a dropped connection', async () => {
    const plan: ('accept' | 'temporary' | 'permanent' | 'drop')[] = ['accept', 'temporary', 'permanent', 'drop'];
    peer.behaviour = () => ({ kind: plan.shift() ?? 'accept' }) as never;
    expect(await transport.send(mail(1))).toMatchObject({ ok: true, smtpCode: 250 });
    expect(await transport.send(mail(2))).toMatchObject({ ok: false, kind: 'temporary', smtpCode: 451 });
    expect(await transport.send(mail(3))).toMatchObject({ ok: false, kind: 'permanent', smtpCode: 550 });
    // Cut after the message was sent, before the answer: the server may have it.
    expect(await transport.send(mail(4))).toMatchObject({ ok: false, kind: 'temporary', smtpCode: null, uncertain: true });
    peer.behaviour = () => ({ kind: 'accept' });
    const received = await peer.received[0].parse();
    expect(received.messageId).toBe('<1@notifiche.test>');
    expect(received.headers.get('x-cmm-idempotency-key')).toBe('k-1');
  });

  it('recovers after the server went away, with every pooled connection', async () => {
    const port = peer.port;
    await peer.stop();
    const down = await Promise.all(Array.from({ length: 10 }, (_, i) => transport.send(mail(100 + i))));
    expect(down.map((r) => (r.ok ? 'ok' : r.kind))).toEqual(Array(10).fill('temporary'));
    await peer.start(port);
    const up = await Promise.all(Array.from({ length: 10 }, (_, i) => transport.send(mail(200 + i))));
    expect(up.every((r) => r.ok)).toBe(true);
  });
});
