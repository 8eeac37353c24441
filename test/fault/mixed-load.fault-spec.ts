// The fault suite's mixed load without faults: the six procedures' journeys of two rounds at once,
// through real HTTP (the load's own client) on an API listening on loopback, with the worker, the
// notifier and an SMTP peer, on real PostgreSQL, Redis and the Temporal dev server. Every request
// must be accepted, and every case must carry exactly the events the load expects, in the state it
// expects: the baseline the runs under faults are held to.
import { createApp } from '../../apps/api/src/create-app';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  startDevServerWorker,
  temporalAddress,
  uniqueTaskQueue,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { AddressInfo } from 'node:net';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from '../e2e/support/procedure-setup';
import { LoadClient } from './support/load-client';
import {
  type CaseExpectation,
  LOAD_MUNICIPALITIES,
  type ProcedureName,
  prepareMixedLoad,
  runMixedRound,
  totalsByCase,
} from './support/procedure-loads';

// Any run id: the run's workflows are in a namespace of their own (below).
const RUN_ID = 4_711;
const ROUNDS = 2;

/** The procedure's own view of the case, where its state is also answered. */
const VIEW_PATH: Record<ProcedureName, string> = {
  'sttm-approval': '/sttm-approvals',
  'compatibility-evaluation': '/compatibility-evaluations',
  'concertation-conference': '/concertation-conferences',
  'territorial-agreement': '/territorial-agreements',
  adhesion: '/adhesions',
  'annual-call': '/annual-calls',
};

describe('the mixed load of the six procedures, without faults', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  let client: LoadClient;

  beforeAll(async () => {
    // Convened municipalities need a PEC on file; the cluster seeds one for every municipality.
    db = await createDatabaseWithMunicipalities(
      Object.fromEntries(LOAD_MUNICIPALITIES.map((code) => [code, `protocollo@pec.${code}.test`])),
    );
    const taskQueue = uniqueTaskQueue('fault-mixed-load');
    // Workflow ids come from business keys (the STTM number, the call's year, the act): on the dev
    // server the tier shares, a namespace of its own keeps the load from meeting other files' workflows
    // (and a later run of this file on the same server from meeting this one's).
    const namespace = `fault-${taskQueue}`;
    const connection = await Connection.connect({ address: temporalAddress() });
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await connection.close();
    const documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test', documentsDir, namespace });
    issuer = await createTestIssuer();
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: {
        ...process.env,
        ...issuer.env,
        DATABASE_URL: db.url,
        TEMPORAL_TASK_QUEUE: taskQueue,
        TEMPORAL_NAMESPACE: namespace,
        DOCUMENTS_DIR: documentsDir,
      },
    });
    // Real HTTP on loopback: the load's client is the one the fault suite points at the balancer.
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    client = new LoadClient(`http://127.0.0.1:${port}`, (claims) => issuer.bearer(claims));
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  it('accepts every request of two concurrent rounds and leaves exactly the expected events and states', async () => {
    const setup = await prepareMixedLoad(client, RUN_ID);
    // The rounds at once, as the fault suite may run them: they share the run's STTM and call.
    const rounds = await Promise.allSettled(Array.from({ length: ROUNDS }, (_, round) => runMixedRound(client, round, setup)));
    for (const round of rounds) if (round.status === 'rejected') throw round.reason;
    const expectations = rounds.flatMap((round) => (round.status === 'fulfilled' ? round.value : []));
    expect(expectations.map((e) => e.procedure).sort()).toEqual(
      Array.from({ length: ROUNDS }, () => Object.keys(VIEW_PATH))
        .flat()
        .sort(),
    );
    // Without faults nothing was repeated.
    expect(client.counts).toMatchObject({ answers5xx: 0, connectionsCut: 0, answers429: 0 });

    const officer = await issuer.bearer({ subject: 'funzionaria-verifica', role: 'officer' });
    const seen = async (expected: CaseExpectation) => {
      const timeline = await client.send<{ items: { type: string }[] }>('GET', `/cases/${expected.caseId}/timeline`, officer);
      const detail = await client.send<{ reference: string; state: string }>('GET', `/cases/${expected.caseId}`, officer);
      const view = await client.send<{ state: string }>('GET', `${VIEW_PATH[expected.procedure]}/${expected.caseId}`, officer);
      const chain = await client.send<{ valid: boolean }>('GET', `/cases/${expected.caseId}/timeline/verification`, officer);
      const counts: Record<string, number> = {};
      for (const type of Object.keys(expected.events))
        counts[type] = (timeline.status === 200 ? timeline.body.items : []).filter((event) => event.type === type).length;
      return {
        procedure: expected.procedure,
        caseId: expected.caseId,
        reference: detail.body.reference,
        events: counts,
        state: detail.body.state,
        viewState: view.body.state,
        answered: [timeline.status, detail.status, view.status, chain.status],
        chainValid: chain.body.valid,
      };
    };
    // Two rounds share the run's STTM and call: their events add up on one case.
    const totals = totalsByCase(expectations);
    expect(totals).toHaveLength(4 * ROUNDS + 2);
    const found = await Promise.all(totals.map(seen));
    expect(found).toEqual(
      totals.map((expected) => ({ ...expected, viewState: expected.state, answered: [200, 200, 200, 200], chainValid: true })),
    );
  });
});
