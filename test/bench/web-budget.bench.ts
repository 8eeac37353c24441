// @needs-services
// The Scadenze page's data on loopback with 100,000 cases and 500,000 deadlines seeded (budget
// 1 s, issue 15). One client, as one officer's browser: each request timed alone, first (cold)
// and then repeated. The JavaScript half of the budget is scripts/measure-web-budget.ts; both
// run from scripts/web-budget.sh.
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { createTestDatabase, createTestIssuer, freePort, percentile, startBuilt } from '@cmm/test-support';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const DEADLINES_PER_CASE = 5;
const REPEATS = 20;
const DATA_BUDGET_MS = 1000;

export async function main(): Promise<void> {
  const db = await createTestDatabase();
  let stop = async (): Promise<void> => undefined;
  try {
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const seedStarted = performance.now();
    await db.dataSource.query(
      `INSERT INTO cases (id, type, reference, title, istat_code, state, workflow_id, opened_at, updated_at)
       SELECT gen_random_uuid(),
              (ARRAY['compatibility-evaluation','concertation-conference','territorial-agreement','adhesion','annual-call'])[1 + i % 5],
              'CE-' || (2023 + i % 4) || '-' || lpad(i::text, 7, '0'),
              'Variante n. ' || i,
              m.istat_code,
              (ARRAY['awaiting-completeness-check','integration-requested','under-evaluation','concertation','deemed-favourable'])[1 + (i / 7) % 5],
              'budget-' || i,
              timestamptz '2023-01-01' + (i * interval '20 minutes'),
              now()
         FROM generate_series(1, $1) AS i
         JOIN (SELECT istat_code, row_number() OVER (ORDER BY istat_code) - 1 AS n FROM municipalities) m ON m.n = i % 133`,
      [CASES],
    );
    await db.dataSource.query(
      `INSERT INTO deadlines (id, case_id, rule_id, label_it, label_en, starts_on, due_date, due_at, status, suspensions, legal_source)
       SELECT gen_random_uuid(), c.id,
              (ARRAY['compatibility-evaluation.opinion','compatibility-evaluation.integration-answer','concertation-conference.written-contributions',
                     'territorial-agreement.signature','annual-call.submission-window'])[k],
              'Termine ' || k, 'Term ' || k,
              -- A suspended term has no due date until its clock runs again (as the tracker leaves it).
              date '2023-01-01', CASE WHEN s.status = 'suspended' THEN NULL ELSE d::date END, CASE WHEN s.status = 'suspended' THEN NULL ELSE d + interval '22 hours' END,
              s.status,
              CASE WHEN s.status = 'suspended' THEN jsonb_build_array(jsonb_build_object('from', to_char(d - interval '10 days', 'YYYY-MM-DD'), 'to', null, 'reason', 'Richiesta di integrazioni')) ELSE '[]'::jsonb END,
              'L.R. 12/2005 art. 13 c.5'
         FROM cases c, generate_series(1, $1) AS k,
              LATERAL (SELECT now() - interval '200 days' + ((abs(hashtext(c.id::text || k)) % 600) * interval '1 day') AS d) due,
              LATERAL (SELECT (ARRAY['running','running','suspended','met','expired','cancelled'])[1 + (k + abs(hashtext(c.id::text))) % 6] AS status) s`,
      [DEADLINES_PER_CASE],
    );
    await db.dataSource.query('ANALYZE');
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const issuer = await createTestIssuer();
    const port = await freePort();
    const api = startBuilt('apps/api/src/main.js', {
      ...process.env,
      ...issuer.env,
      DATABASE_URL: db.url,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    stop = async () => {
      api.child.kill('SIGTERM');
      await api.exited();
    };
    const base = `http://127.0.0.1:${port}`;
    for (
      let i = 0;
      i < 150 &&
      !(await fetch(`${base}/status`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 200));
    const officer = await issuer.bearer({ subject: 'budget-officer', role: 'officer' });

    const time = async (path: string) => {
      const t0 = performance.now();
      const response = await fetch(`${base}${path}`, { headers: { authorization: officer } });
      const body = (await response.json()) as { items?: unknown[] };
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - t0, items: body.items?.length ?? 0 };
    };
    const scenarios: Record<string, string> = {
      default: '/workspace/deadlines',
      overdue: '/workspace/deadlines?overdue=true',
      within30Days: '/workspace/deadlines?dueWithinDays=30',
      procedure: '/workspace/deadlines?procedure=compatibility-evaluation',
      municipality: '/workspace/deadlines?istat=015146',
      procedureAndMunicipalityWithin30Days: '/workspace/deadlines?procedure=adhesion&istat=015182&dueWithinDays=30',
      suspended: '/workspace/deadlines?state=suspended',
      municipalityToDo: '/workspace/deadlines?obligor=third-party&state=running&istat=015146',
    };
    const results: Record<string, { items: number; firstMs: number; p50Ms: number; maxMs: number }> = {};
    for (const [name, path] of Object.entries(scenarios)) {
      const first = await time(path);
      const samples: number[] = [];
      for (let i = 0; i < REPEATS; i++) samples.push((await time(path)).ms);
      samples.sort((a, b) => a - b);
      results[name] = {
        items: first.items,
        firstMs: +first.ms.toFixed(1),
        p50Ms: +percentile(samples, 50).toFixed(1),
        maxMs: +samples[samples.length - 1].toFixed(1),
      };
    }
    const worstMs = Math.max(...Object.values(results).flatMap((r) => [r.firstMs, r.maxMs]));
    console.log(
      JSON.stringify({
        bench: 'web-budget',
        scadenzeRequest: 'GET /workspace/deadlines (one page of 50, the data the Scadenze page shows)',
        scadenzeData: {
          cases: CASES,
          deadlines: CASES * DEADLINES_PER_CASE,
          seedSeconds: +seedSeconds.toFixed(1),
          results,
          worstMs: +worstMs.toFixed(1),
          budgetMs: DATA_BUDGET_MS,
          withinBudget: worstMs <= DATA_BUDGET_MS,
        },
      }),
    );
    if (worstMs > DATA_BUDGET_MS) process.exitCode = 1;
  } finally {
    await stop();
    await db.drop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
