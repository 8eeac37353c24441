import type { MailTransport, OutgoingMail, SendResult } from '@cmm/notifications';
import type { OperationalSnapshot } from '@cmm/persistence';
import { Registry } from 'prom-client';
import { measuredTransport, registerNotifierMetrics } from './notifier-metrics';

const snapshot: OperationalSnapshot = {
  unrelayedNotices: 2,
  unrelayedOldestSeconds: 12.5,
  openDeliveries: 3,
  openDeliveriesOldestSeconds: 40,
  unacknowledgedFailedNotices: 1,
  overdueTerms: [{ procedure: 'adhesion', count: 4, oldestSeconds: 86_400 }],
};

const answering = (...results: (SendResult | Error)[]): MailTransport => ({
  send: async () => {
    const next = results.shift()!;
    if (next instanceof Error) throw next;
    return next;
  },
  close: () => undefined,
});

describe('notifier metrics', () => {
  it('counts sends per provider and outcome, failures by kind, and reads the sources at scrape time', async () => {
    const registry = new Registry();
    let snapshots = 0;
    const send = registerNotifierMetrics(
      registry,
      {
        snapshot: async () => {
          snapshots += 1;
          return snapshot;
        },
        queueDepth: async () => ({ 'notification-deliveries-pec': { waiting: 5, delayed: 1 } }),
      },
      ['notification-deliveries-email', 'notification-deliveries-pec'],
    );
    const pec = measuredTransport(
      'pec',
      answering(
        { ok: true, smtpCode: 250, response: '250 ok' },
        { ok: false, kind: 'temporary', smtpCode: 421, response: '421 busy' },
        { ok: false, kind: 'permanent', smtpCode: 550, response: '550 no such user' },
        new Error('socket closed'),
      ),
      send,
    );
    const mail = {} as OutgoingMail;
    await pec.send(mail);
    await pec.send(mail);
    await pec.send(mail);
    await expect(pec.send(mail)).rejects.toThrow('socket closed');

    const text = await registry.metrics();
    expect(text).toMatch(/^cmm_notifier_send_failures_total\{provider="pec",transport="smtp",kind="temporary"\} 1$/m);
    expect(text).toMatch(/^cmm_notifier_send_failures_total\{provider="pec",transport="smtp",kind="permanent"\} 1$/m);
    expect(text).toMatch(/^cmm_notifier_send_failures_total\{provider="pec",transport="smtp",kind="error"\} 1$/m);
    // Present at 0 before anything happened: alerts and panels have a series to read.
    expect(text).toMatch(/^cmm_notifier_send_failures_total\{provider="email",transport="smtp",kind="permanent"\} 0$/m);
    expect(text).toMatch(/^cmm_notifier_send_duration_seconds_count\{provider="pec",transport="smtp",outcome="accepted"\} 1$/m);
    expect(text).toMatch(/^cmm_notifier_outbox_lag_seconds\{stage="relay"\} 12.5$/m);
    expect(text).toMatch(/^cmm_notifier_outbox_pending\{stage="delivery"\} 3$/m);
    expect(text).toMatch(/^cmm_notices_failed_unacknowledged 1$/m);
    expect(text).toMatch(/^cmm_deadlines_overdue\{procedure="adhesion"\} 4$/m);
    expect(text).toMatch(/^cmm_deadlines_overdue\{procedure="annual-call"\} 0$/m);
    expect(text).toMatch(/^cmm_notifier_queue_jobs\{queue="notification-deliveries-pec",state="waiting"\} 5$/m);
    expect(text).toMatch(/^cmm_notifier_queue_jobs\{queue="notification-deliveries-email",state="active"\} 0$/m);
    expect(text).toMatch(/^cmm_notifier_metrics_source_up\{source="postgres"\} 1$/m);
    // One read per scrape for all the gauges it feeds (and none again within the cache's interval).
    await registry.metrics();
    expect(snapshots).toBe(1);
  });

  it('leaves out the series of a source it cannot read, and says so, instead of failing the scrape', async () => {
    const registry = new Registry();
    registerNotifierMetrics(
      registry,
      { snapshot: () => Promise.reject(new Error('database down')), queueDepth: () => Promise.reject(new Error('redis down')) },
      ['notification-deliveries-email'],
    );
    const text = await registry.metrics();
    expect(text).toMatch(/^cmm_notifier_metrics_source_up\{source="postgres"\} 0$/m);
    expect(text).toMatch(/^cmm_notifier_metrics_source_up\{source="redis"\} 0$/m);
    expect(text).not.toMatch(/^cmm_deadlines_overdue\{/m);
    expect(text).not.toMatch(/^cmm_notifier_queue_jobs\{/m);
  });
});
