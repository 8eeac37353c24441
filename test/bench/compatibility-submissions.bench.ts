// @needs-services
// Issue 9 performance: 1,000 submissions through the API on the Temporal dev server, each
// answered with its protocol number (so each one waited for the worker's registration);
// then every case must reach "awaiting completeness check". Baseline in the same run:
// 1,000 bare client.workflow.start calls of a trivial workflow on the same server.
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import {
  type RunningProcess,
  createTestDatabase,
  createTestIssuer,
  startBuilt,
  uniqueTaskQueue,
  freePort,
  percentile,
} from '@cmm/test-support';
import { Client, Connection } from '@temporalio/client';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

async function inParallel(count: number, work: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - started) / 1000, latencies };
}

const MINIMAL_PDF = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function main(): Promise<void> {
  const db = await createTestDatabase();
  const processes: RunningProcess[] = [];
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  try {
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const issuer = await createTestIssuer();
    const taskQueue = uniqueTaskQueue('bench-submissions');
    const port = await freePort();
    const env = {
      ...process.env,
      ...issuer.env,
      DATABASE_URL: db.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
    };
    const worker = startBuilt('apps/worker/src/main.js', env);
    processes.push(worker);
    await worker.waitForOutput(/worker started/, 60_000).catch(() => undefined);
    const api = startBuilt('apps/api/src/main.js', {
      ...env,
      API_PORT: String(port),
      DOCUMENTS_DIR: `${process.cwd()}/.data/bench/documents`,
    });
    processes.push(api);
    const base = `http://127.0.0.1:${port}`;
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(`${base}/status`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 200));

    const comune = await issuer.bearer({ subject: 'bench-comune', role: 'comune', istatCode: '015146', email: 'ut@comune.test' });
    const form = new FormData();
    form.append('kind', 'adopted-act');
    form.append('title', 'Delibera di adozione');
    form.append('file', new Blob([MINIMAL_PDF], { type: 'application/pdf' }), 'delibera.pdf');
    const upload = (await (await fetch(`${base}/uploads`, { method: 'POST', headers: { authorization: comune }, body: form })).json()) as {
      uploadId: string;
    };

    // Two modes: the default answer carries the protocol number (it waits for the worker's
    // registration); with Prefer: respond-async the answer comes once the start is durable.
    const run = async (mode: 'sync' | 'async') => {
      const caseIds: string[] = [];
      let failures = 0;
      const timing = await inParallel(SUBMISSIONS, async (i) => {
        const response = await fetch(`${base}/compatibility-evaluations`, {
          method: 'POST',
          headers: { authorization: comune, 'content-type': 'application/json', ...(mode === 'async' ? { prefer: 'respond-async' } : {}) },
          body: JSON.stringify({
            actType: mode === 'sync' ? 'piano-attuativo' : 'pii',
            deliberation: { number: `B${i}`, date: '2026-10-01' },
            description: `Domanda di prova n. ${i}`,
            declaresSupraMunicipalRelevance: false,
            uploads: { adoptedAct: upload.uploadId },
          }),
        });
        const body = (await response.json()) as { caseId: string; protocolNumber?: string };
        const ok = mode === 'sync' ? response.status === 201 && !!body.protocolNumber : response.status === 202;
        if (ok) caseIds.push(body.caseId);
        else failures++;
      });
      // Every case must reach the completeness check in the read model.
      let reached = 0;
      for (let attempt = 0; attempt < 120; attempt++) {
        const [{ count }] = await db.dataSource.query(
          `SELECT count(*)::int AS count FROM cases WHERE state = 'awaiting-completeness-check' AND id = ANY($1::uuid[])`,
          [caseIds],
        );
        reached = count;
        if (reached >= caseIds.length) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      return { caseIds, failures, reached, timing };
    };
    const sync = await run('sync');
    const async_ = await run('async');

    const client = new Client({ connection });
    const baselineQueue = uniqueTaskQueue('bench-baseline');
    const baseline = await inParallel(SUBMISSIONS, async (i) => {
      await client.workflow.start('systemProbeWorkflow', {
        taskQueue: baselineQueue,
        workflowId: `bench-baseline-${baselineQueue}-${i}`,
        args: [{ probeId: '00000000-0000-4000-8000-000000000000', requestedAt: new Date().toISOString(), requestedBy: 'bench' }],
      });
    });
    // The baseline workflows have no worker on their queue: end them so they leave nothing behind.
    await Promise.all(
      Array.from({ length: SUBMISSIONS }, (_, i) =>
        client.workflow
          .getHandle(`bench-baseline-${baselineQueue}-${i}`)
          .terminate('benchmark baseline')
          .catch(() => undefined),
      ),
    );

    const startsPerSecond = SUBMISSIONS / baseline.seconds;
    const summary = (r: Awaited<ReturnType<typeof run>>) => ({
      failures: r.failures,
      reachedAwaitingCompletenessCheck: r.reached,
      casesPerSecond: +(r.caseIds.length / r.timing.seconds).toFixed(1),
      p50Ms: +percentile(r.timing.latencies, 50).toFixed(1),
      p95Ms: +percentile(r.timing.latencies, 95).toFixed(1),
      throughputRatioToBareStart: +(r.caseIds.length / r.timing.seconds / startsPerSecond).toFixed(2),
    });
    console.log(
      JSON.stringify({
        bench: 'compatibility-submissions',
        submissions: SUBMISSIONS,
        concurrency: CONCURRENCY,
        withProtocolNumber: summary(sync),
        respondAsync: summary(async_),
        baselineBareStart: {
          startsPerSecond: +startsPerSecond.toFixed(1),
          p50Ms: +percentile(baseline.latencies, 50).toFixed(1),
          p95Ms: +percentile(baseline.latencies, 95).toFixed(1),
        },
      }),
    );
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited().catch(() => undefined)));
    await connection.close();
    await db.drop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
