// The delivery signal on the real Temporal dev server: a running workflow receives it; a
// workflow that has ended is reported as not running (the signaller drops it, no retry).
import { NOTIFICATION_DELIVERED_SIGNAL, type NotificationDeliveredSignal } from '@cmm/contracts';
import { temporalAddress, uniqueTaskQueue } from '@cmm/test-support';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { TemporalSignalAdapter } from './temporal-signal.adapter';

describe('Temporal signal adapter', () => {
  let connection: Connection;
  let client: Client;
  const adapter = new TemporalSignalAdapter({ address: temporalAddress(), namespace: 'default' });

  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await adapter.close();
    await connection?.close();
  });

  const payload: NotificationDeliveredSignal = {
    notificationId: randomUUID(),
    idempotencyKey: 'conference-convocation/x/1',
    recipient: 'sindaco@pec.comune.milano.it',
    status: 'delivered',
    at: '2026-03-02T09:15:30.000Z',
  };

  it('signals a running workflow with the delivery, then reports an ended one as not running', async () => {
    // No worker polls this queue: the workflow stays running, which is all a signal needs.
    const handle = await client.workflow.start('conferenceWaitingForDelivery', {
      taskQueue: uniqueTaskQueue('signal'),
      workflowId: `signal-test-${randomUUID()}`,
    });
    expect(await adapter.signal(handle.workflowId, payload)).toBe('sent');
    const history = await handle.fetchHistory();
    const signalled = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes)?.workflowExecutionSignaledEventAttributes;
    expect(signalled?.signalName).toBe(NOTIFICATION_DELIVERED_SIGNAL);
    const data = signalled?.input?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(data as Uint8Array).toString('utf8'))).toEqual(payload);

    await handle.terminate('test over');
    expect(await adapter.signal(handle.workflowId, payload)).toBe('not-running');
    expect(await adapter.signal(`never-started-${randomUUID()}`, payload)).toBe('not-running');
  });
});
