// @needs-services
// Issue 9 performance: 1,000 submissions through the API on the Temporal dev server, each
// answered with its protocol number (so each one waited for the worker's registration);
// then every case must reach "awaiting completeness check". Baseline in the same run:
// 1,000 bare starts of a trivial workflow on the same server, each run to completion on a
// worker of its own process (issue 19: a start nobody runs is not what a submission costs).
//
// Knobs: BENCH_SUBMISSIONS (1000), BENCH_CONCURRENCY (20), BENCH_BACKGROUND_WORKFLOWS (0: that
// many long-lived workflows, waiting on a timer and a signal, are started before measuring),
// BENCH_CPU_PROF_DIR (the API and the worker write V8 CPU profiles there, one folder each),
// BENCH_PG_STATEMENTS=1 (statements per submission from pg_stat_statements, when the server
// preloads it).
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
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const BACKGROUND_WORKFLOWS = Number(process.env.BENCH_BACKGROUND_WORKFLOWS ?? 0);
const PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;

/** V8's CPU profiler for a process, when asked: the profile is written when it exits. */
const profiled = (name: string): string[] => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, name)}`] : []);

/** The baseline's worker (test/bench/support/bare-start-worker.ts) in a process of its own, like ours. */
function startBareWorker(env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', join(__dirname, 'support', 'bare-start-worker.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Only the tail: the worker prints its progress twice a second for the whole run.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    waitForOutput: async (pattern, limitMs = 60_000) => {
      const until = Date.now() + limitMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`bare worker exited:\n${output}`);
        if (Date.now() > until) throw new Error(`no ${pattern} from the bare worker:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited: () => exit,
  };
}

/** How many background workflows the bare worker has seen waiting (its latest report). */
const waitingReported = (output: string): number => {
  const all = [...output.matchAll(/background waiting (\d+)/g)];
  return all.length > 0 ? Number(all[all.length - 1][1]) : 0;
};

/** Statements per submission by pg_stat_statements, when the server preloads it (else null). */
async function statementsSince(dataSource: DataSource, submissions: number): Promise<Record<string, number> | null> {
  const rows: { query: string; calls: string }[] = await dataSource.query(
    `SELECT s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database() ORDER BY s.calls DESC`,
  );
  const perSubmission: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    total += Number(row.calls);
    perSubmission[row.query.replace(/\s+/g, ' ').slice(0, 120)] = +(Number(row.calls) / submissions).toFixed(2);
  }
  return { total: +(total / submissions).toFixed(1), ...perSubmission };
}

async function resetStatements(dataSource: DataSource): Promise<boolean> {
  if (process.env.BENCH_PG_STATEMENTS !== '1') return false;
  try {
    await dataSource.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await dataSource.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch (error) {
    console.error(`pg_stat_statements unavailable (preload it): ${(error as Error).message}`);
    return false;
  }
}

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
    const worker = startBuilt('apps/worker/src/main.js', env, profiled('worker'));
    processes.push(worker);
    await worker.waitForOutput(/worker started/, 60_000).catch(() => undefined);
    const api = startBuilt(
      'apps/api/src/main.js',
      { ...env, API_PORT: String(port), DOCUMENTS_DIR: `${process.cwd()}/.data/bench/documents` },
      profiled('api'),
    );
    processes.push(api);
    const base = `http://127.0.0.1:${port}`;
    // Up to two minutes: on a busy machine (and under the profiler) the API takes a while to start.
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/status`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i >= 600 || api.child.exitCode !== null) throw new Error(`the API did not start:\n${api.output().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const client = new Client({ connection });
    const baselineQueue = uniqueTaskQueue('bench-baseline');
    const backgroundQueue = uniqueTaskQueue('bench-background');
    const bareWorker = startBareWorker({ ...process.env, BARE_START_QUEUE: baselineQueue, BACKGROUND_QUEUE: backgroundQueue });
    processes.push(bareWorker);
    await bareWorker.waitForOutput(/bare worker started/, 180_000);

    // Long-lived workflows on the same server before anything is measured: each has run its first
    // task on a worker and waits on a timer and a signal, as procedures wait for their terms.
    let backgroundSeconds = 0;
    if (BACKGROUND_WORKFLOWS > 0) {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < BACKGROUND_WORKFLOWS) {
            const i = next++;
            await client.workflow.start('backgroundWaitWorkflow', { taskQueue: backgroundQueue, workflowId: `${backgroundQueue}-${i}` });
          }
        }),
      );
      while (waitingReported(bareWorker.output()) < BACKGROUND_WORKFLOWS) {
        if (performance.now() - started > 30 * 60_000)
          throw new Error(`background workflows not all waiting: ${bareWorker.output().slice(-200)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      backgroundSeconds = (performance.now() - started) / 1000;
    }

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
      const failed: string[] = [];
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
        else {
          failures++;
          // What a failure was, for the report (status and problem), without stopping the run.
          failed.push(`${response.status} ${JSON.stringify(body).slice(0, 300)}`);
        }
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
      return { caseIds, failures, failed, reached, timing };
    };
    const counting = await resetStatements(db.dataSource);
    const sync = await run('sync');
    const statements = counting ? await statementsSince(db.dataSource, SUBMISSIONS) : null;
    const async_ = await run('async');

    // Each baseline client starts a trivial workflow and waits until a worker has completed it:
    // the rate counts starts whose workflows completed, as a submission counts registered cases.
    const startLatencies: number[] = [];
    let baselineCompleted = 0;
    const baseline = await inParallel(SUBMISSIONS, async (i) => {
      const t0 = performance.now();
      const handle = await client.workflow.start('bareStartWorkflow', {
        taskQueue: baselineQueue,
        workflowId: `bench-baseline-${baselineQueue}-${i}`,
        args: [i],
      });
      startLatencies.push(performance.now() - t0);
      if ((await handle.result()) === i) baselineCompleted++;
    });
    startLatencies.sort((a, b) => a - b);

    const startsPerSecond = baselineCompleted / baseline.seconds;
    const summary = (r: Awaited<ReturnType<typeof run>>) => ({
      failures: r.failures,
      ...(r.failed.length > 0 ? { failed: r.failed.slice(0, 5) } : {}),
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
        backgroundWorkflows: BACKGROUND_WORKFLOWS,
        ...(BACKGROUND_WORKFLOWS > 0 ? { backgroundReadySeconds: +backgroundSeconds.toFixed(1) } : {}),
        baselineBareStart: {
          completed: baselineCompleted,
          startsCompletedPerSecond: +startsPerSecond.toFixed(1),
          p50Ms: +percentile(baseline.latencies, 50).toFixed(1),
          p95Ms: +percentile(baseline.latencies, 95).toFixed(1),
          startCallP50Ms: +percentile(startLatencies, 50).toFixed(1),
        },
        ...(statements ? { statementsPerSubmissionWithProtocolNumber: statements } : {}),
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
