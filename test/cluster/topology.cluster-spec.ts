// The production topology of `npm run test:cluster` (scripts/lib/topology.sh): a Temporal cluster
// on PostgreSQL, two API processes behind HAProxy, two workers, two notifiers. Municipalities file
// through the balancer; every case is registered once, both workers take part, every receipt
// notice reaches the mail server once, operators find the cases through SQL visibility, and the
// balancer keeps answering when one API process dies.
import { CASE_SEARCH_ATTRIBUTES } from '@cmm/contracts';
import type { Client } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import {
  MILANO,
  clusterSetting,
  clusterTemporal,
  fileEvaluation,
  freshDeliberationNumbers,
  milanoToken,
  receiptsAtMailServer,
} from './cluster-client';

const SUBMISSIONS = 12;

describe('the cluster topology', () => {
  const url = clusterSetting('CLUSTER_URL');
  const apiPorts = clusterSetting('CLUSTER_API_PORTS').split(' ');
  const firstNumber = freshDeliberationNumbers();
  let token: string;
  let temporal: Awaited<ReturnType<typeof clusterTemporal>>;
  let client: Client;

  beforeAll(async () => {
    token = await milanoToken('ut-milano-cluster');
    temporal = await clusterTemporal();
    client = temporal.client;
  });

  afterAll(async () => {
    await temporal?.close();
  });

  it('answers on both API processes and through the balancer', async () => {
    for (const port of apiPorts) expect((await fetch(`http://127.0.0.1:${port}/status`)).status).toBe(200);
    expect((await fetch(`${url}/status`)).status).toBe(200);
  });

  it('registers every filing once, with both workers, gap-free numbers and one receipt notice each', async () => {
    const filed = await Promise.all(Array.from({ length: SUBMISSIONS }, (_, n) => fileEvaluation(url, token, String(firstNumber + n))));
    expect(filed.map((f) => f.status)).toEqual(filed.map(() => 201));
    const references = filed.map((f) => f.reference).sort();
    expect(new Set(references).size).toBe(SUBMISSIONS);
    // Gap-free: the protocol numbers of this run are consecutive.
    const numbers = filed.map((f) => Number(f.protocolNumber.split('/')[1])).sort((a, b) => a - b);
    expect(numbers[numbers.length - 1] - numbers[0]).toBe(SUBMISSIONS - 1);

    // Both workers took workflow tasks (the task queue is shared; Temporal spreads the polls).
    const identities = new Set<string>();
    for (const reference of references) {
      const [execution] = await waitUntil(
        async () => {
          const found = [];
          for await (const e of client.workflow.list({ query: `CmmCaseReference = '${reference}'` })) found.push(e);
          return found.length > 0 && found;
        },
        60_000,
        `${reference} in the cluster's visibility`,
      );
      const history = await client.workflow.getHandle(execution.workflowId).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskStartedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
      expect(execution.typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.istatCodes)).toEqual([MILANO]);
    }
    expect(identities.size).toBeGreaterThanOrEqual(2);

    // One receipt notice per filing at the mail server, each with its own Message-ID, whichever notifier sent it.
    const receiptsAtServer = () => receiptsAtMailServer(references);
    const receipts = await waitUntil(
      async () => {
        const ours = await receiptsAtServer();
        return ours.length >= SUBMISSIONS && ours;
      },
      120_000,
      'a receipt notice for every filing',
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a doubled send would arrive by now
    const settled = await receiptsAtServer();
    expect(settled).toHaveLength(receipts.length);
    for (const reference of references) expect(settled.filter((m) => m.subject.includes(reference))).toHaveLength(1);
    expect(new Set(settled.map((m) => m.messageId)).size).toBe(settled.length);
  });

  it('keeps answering through the balancer when an API process is killed', async () => {
    const state = JSON.parse(readFileSync(join(clusterSetting('CLUSTER_DATA'), 'processes.json'), 'utf8')) as {
      processes: Record<string, { pid: number | null }>;
    };
    const victim = state.processes['api-1'].pid;
    expect(victim).toEqual(expect.any(Number));
    process.kill(victim as number, 'SIGKILL');
    // The balancer drops it after two failed checks (one second apart); a request in between may
    // meet the dead server's refused connection, which HAProxy retries on the other one.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await fetch(`${url}/status`)).status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // The supervisor starts it again, and the balancer takes it back.
    await waitUntil(
      async () => (await fetch(`http://127.0.0.1:${apiPorts[0]}/status`).catch(() => null))?.status === 200,
      120_000,
      'api-1 back',
    );
  });
});
