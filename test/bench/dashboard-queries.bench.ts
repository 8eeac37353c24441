// @needs-services
// Issue 4 performance: the officer dashboard on 100,000 cases and 500,000 deadlines, under
// 50 concurrent clients on loopback. Baseline in the same run: a primary-key case lookup
// through the same stack (HTTP, auth, rate limit, PostgreSQL), so the ratios show what the
// dashboard queries themselves cost.
import { MunicipalityRepository, createDataSource, readMunicipalities } from '@cmm/persistence';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import { createTestDatabase, createTestIssuer, startBuilt, freePort, percentile } from '@cmm/test-support';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const DEADLINES_PER_CASE = 5;
const CLIENTS = 50;
const REQUESTS_PER_SCENARIO = Number(process.env.BENCH_REQUESTS ?? 5_000);
// e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the API under this load.
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
// A database this bench seeded before (kept with BENCH_KEEP_DATABASE=1): profiling iterations skip
// the seeding; it is neither seeded nor dropped. Unset (the default), the bench seeds its own.
const SEEDED_DATABASE_URL = process.env.BENCH_SEEDED_DATABASE_URL;
// Keep the database this run seeded (its URL goes to stderr) for BENCH_SEEDED_DATABASE_URL or EXPLAIN.
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';

async function openDatabase(): Promise<{ url: string; dataSource: DataSource; drop(): Promise<void>; seeded: boolean }> {
  if (!SEEDED_DATABASE_URL) return { ...(await createTestDatabase()), seeded: false };
  const dataSource = await createDataSource(SEEDED_DATABASE_URL, 5, 120_000).initialize();
  return { url: SEEDED_DATABASE_URL, dataSource, drop: () => dataSource.destroy(), seeded: true };
}

/** Exported so an analysis (EXPLAIN of the routes' queries) can seed the same data. */
export async function seedDashboardData(dataSource: DataSource, cases: number): Promise<void> {
  await new MunicipalityRepository(dataSource).upsertNames(await readMunicipalities());
  // Set-based seeding: realistic spread over types, states, municipalities and 4 years.
  await dataSource.query(
    `INSERT INTO cases (id, type, reference, title, istat_code, state, workflow_id, opened_at, updated_at)
     SELECT gen_random_uuid(),
            (ARRAY['compatibility-evaluation','concertation-conference','territorial-agreement','adhesion','annual-call'])[1 + i % 5],
            'CE-' || (2023 + i % 4) || '-' || lpad(i::text, 7, '0'),
            'Variante ' || (ARRAY['PGT','SUAP','PII','piano attuativo','opera pubblica'])[1 + i % 5] || ' n. ' || i,
            m.istat_code,
            (ARRAY['awaiting-completeness-check','integration-requested','under-evaluation','concertation','closed'])[1 + (i / 7) % 5],
            'bench-' || i,
            timestamptz '2023-01-01' + (i * interval '20 minutes'),
            now()
       FROM generate_series(1, $1) AS i
       JOIN (SELECT istat_code, row_number() OVER (ORDER BY istat_code) - 1 AS n FROM municipalities) m ON m.n = i % 133`,
    [cases],
  );
  await dataSource.query(
    `INSERT INTO deadlines (id, case_id, rule_id, label_it, label_en, starts_on, due_date, due_at, status, legal_source)
     SELECT gen_random_uuid(), c.id,
            (ARRAY['compatibility-evaluation.opinion','compatibility-evaluation.integration-answer','concertation-conference.written-contributions',
                   'territorial-agreement.signature','annual-call.submission-window'])[k],
            'Termine ' || k, 'Term ' || k,
            date '2023-01-01', d::date, d + interval '22 hours',
            (ARRAY['running','running','suspended','met','expired','cancelled'])[1 + (k + abs(hashtext(c.id::text))) % 6],
            'L.R. 12/2005 art. 13 c.5'
       FROM cases c, generate_series(1, $1) AS k,
            LATERAL (SELECT now() - interval '200 days' + ((abs(hashtext(c.id::text || k)) % 600) * interval '1 day') AS d) due`,
    [DEADLINES_PER_CASE],
  );
  await dataSource.query('ANALYZE');
}

// Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux the project runs on.
const USER_HZ = 100;

/**
 * CPU the API process spent (user + system, ms; Linux /proc): on a machine shared with other
 * benchmarks latency mostly measures the queue for a core, CPU per request what the code costs.
 */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

async function load(url: (i: number) => string, authorization: string, apiPid?: number) {
  const cpuBefore = cpuMsOf(apiPid);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS_PER_SCENARIO) {
        const i = next++;
        const t0 = performance.now();
        const response = await fetch(url(i), { headers: { authorization } });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuMsOf(apiPid);
  latencies.sort((a, b) => a - b);
  return {
    apiCpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : +((cpuAfter - cpuBefore) / latencies.length).toFixed(3),
    requests: latencies.length,
    failures,
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: +percentile(latencies, 50).toFixed(2),
    p95Ms: +percentile(latencies, 95).toFixed(2),
    p99Ms: +percentile(latencies, 99).toFixed(2),
  };
}

export async function main(): Promise<void> {
  const db = await openDatabase();
  const api = { stop: async () => undefined as unknown };
  try {
    const seedStarted = performance.now();
    if (!db.seeded) await seedDashboardData(db.dataSource, CASES);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [{ sample }] = await db.dataSource.query(`SELECT id AS sample FROM cases ORDER BY opened_at DESC LIMIT 1`);
    const ids: string[] = (await db.dataSource.query('SELECT id FROM cases ORDER BY random() LIMIT 1000')).map((r: { id: string }) => r.id);

    const issuer = await createTestIssuer();
    const port = await freePort();
    const process_ = startBuilt(
      'apps/api/src/main.js',
      {
        ...process.env,
        ...issuer.env,
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '20',
        API_PORT: String(port),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      API_NODE_ARGS,
    );
    api.stop = async () => {
      process_.child.kill('SIGTERM');
      await process_.exited();
    };
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
    const officer = await issuer.bearer({ subject: 'bench-officer', role: 'officer' });
    await load(() => `${base}/cases/${sample}`, officer); // warm-up

    const pid = process_.child.pid;
    const baseline = await load((i) => `${base}/cases/${ids[i % ids.length]}`, officer, pid);
    const dashboard = await load(() => `${base}/deadlines`, officer, pid);
    const filtered = await load(
      (i) => `${base}/cases?type=compatibility-evaluation&istat=${['015146', '015002', '015059'][i % 3]}&dueWithinDays=30&limit=50`,
      officer,
      pid,
    );
    console.log(
      JSON.stringify({
        bench: 'dashboard-queries',
        cases: Number((await db.dataSource.query('SELECT count(*) AS n FROM cases'))[0].n),
        deadlines: Number((await db.dataSource.query('SELECT count(*) AS n FROM deadlines'))[0].n),
        clients: CLIENTS,
        seedSeconds: db.seeded ? null : +seedSeconds.toFixed(1),
        baselineCaseById: baseline,
        dashboardDeadlines: dashboard,
        casesFiltered: filtered,
        p95RatioDashboardToBaseline: +(dashboard.p95Ms / baseline.p95Ms).toFixed(2),
        p95RatioFilteredToBaseline: +(filtered.p95Ms / baseline.p95Ms).toFixed(2),
        loadAverage: loadavg().map((n) => +n.toFixed(2)),
      }),
    );
  } finally {
    await api.stop();
    if (KEEP_DATABASE && !db.seeded) {
      console.error(`kept the seeded database: ${db.url}`);
      await db.dataSource.destroy();
    } else await db.drop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
