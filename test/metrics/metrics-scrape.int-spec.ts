// Every series the Grafana dashboard and the alert rules read is served by some process
// (issue 20): the built API, worker and notifier run on the real PostgreSQL, Redis and
// Temporal, each with its METRICS_PORT; a few requests, a workflow with an activity, a
// workflow task that fails and an overdue term make the event-driven series appear; then
// each expression's cmm_/temporal_ names must be in a scrape.
import {
  type RunningProcess,
  type TestDatabase,
  type TestIssuer,
  createTestDatabase,
  createTestIssuer,
  freePort,
  openTestCase,
  startBuilt,
  temporalAddress,
  uniqueTaskQueue,
} from '@cmm/test-support';
import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEPLOY = join(__dirname, '..', '..', 'deploy');

/** The PromQL expressions of the dashboard's panels. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'cmm-procedures.dashboard.json'), 'utf8')) as {
    panels: { targets?: { expr?: string }[] }[];
  };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')).filter(Boolean);
}

/** The `expr:` values of the alert rules, one line or a block scalar (`|`, `>`). */
function alertExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const expressions: string[] = [];
  lines.forEach((line, index) => {
    const match = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!match) return;
    const [, indent, value] = match;
    if (!/^[|>][-+]?$/.test(value.trim())) return void expressions.push(value.trim());
    const block: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    expressions.push(block.join(' ').trim());
  });
  return expressions;
}

const namesIn = (expression: string): string[] => expression.match(/\b(?:cmm|temporal)_[a-z0-9_]+\b/g) ?? [];

/** Sample names (with _bucket/_sum/_count) and family names of an exposition text. */
function seriesNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const family = /^# TYPE (\S+) /.exec(line);
    if (family) names.add(family[1]);
    else if (line && !line.startsWith('#')) names.add(line.split(/[{ ]/, 1)[0]);
  }
  return names;
}

/** Whether at least one sample of `name` (a family or a sample name) is in the text: a TYPE line alone is not a series. */
const hasSample = (text: string, name: string): boolean =>
  text
    .split('\n')
    .some((line) => !line.startsWith('#') && (line.startsWith(`${name}{`) || line.startsWith(`${name} `) || line.startsWith(`${name}_`)));

describe('metrics of every process', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  const processes: RunningProcess[] = [];
  const ports = { api: 0, apiMetrics: 0, worker: 0, notifier: 0 };
  const taskQueue = uniqueTaskQueue('metrics');

  const scrape = async (port: number): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await createTestIssuer();
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    const env = { ...process.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'info' };
    const api = startBuilt('apps/api/src/main.js', {
      ...env,
      ...issuer.env,
      API_PORT: String(ports.api),
      METRICS_PORT: String(ports.apiMetrics),
    });
    const worker = startBuilt('apps/worker/src/main.js', { ...env, METRICS_PORT: String(ports.worker) });
    const notifier = startBuilt('apps/notifier/src/main.js', {
      ...env,
      // Nothing listens there: no notice is sent in this test, and none must be.
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      NOTIFIER_QUEUE_PREFIX: `metrics${randomBytes(4).toString('hex')}`,
      METRICS_PORT: String(ports.notifier),
    });
    processes.push(api, worker, notifier);
    await api.waitForOutput(/Nest application successfully started/, 120_000);
    await worker.waitForOutput(/"msg":"worker started"/, 120_000);
    await notifier.waitForOutput(/"msg":"notifier started"/, 120_000);
  });

  afterAll(async () => {
    for (const running of processes) running.child.kill('SIGTERM');
    await Promise.all(processes.map((running) => running.exited().catch(() => undefined)));
    await db?.drop();
  });

  it('serves metrics only on the metrics port: the API port has no /metrics', async () => {
    expect((await fetch(`http://127.0.0.1:${ports.api}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports.apiMetrics}/status`)).status).toBe(404);
  });

  it('serves every series the dashboard and the alert rules use', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const admin = await issuer.bearer({ subject: 'admin-metrics', role: 'admin', name: 'Amministratore' });
    // 200, 201 (a workflow whose activity runs in the worker), 401, 404 and 400.
    expect((await fetch(`${api}/status`)).status).toBe(200);
    const probe = await fetch(`${api}/system-probes`, { method: 'POST', headers: { authorization: admin } });
    expect(probe.status).toBe(201);
    const { probeId } = (await probe.json()) as { probeId: string };
    expect((await fetch(`${api}/system-probes/${probeId}`)).status).toBe(401);
    expect((await fetch(`${api}/system-probes/${randomUUID()}`, { headers: { authorization: admin } })).status).toBe(404);
    expect((await fetch(`${api}/no-such-route/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${api}/system-probes/not-a-uuid`, { headers: { authorization: admin } })).status).toBe(400);

    // A workflow type no worker has: its workflow task fails, as after a bad deployment.
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      const client = new Client({ connection });
      await client.workflow.start('NoSuchWorkflowOfMetricsTest', {
        taskQueue,
        workflowId: `metrics-unknown-${randomUUID()}`,
        workflowExecutionTimeout: '2 minutes',
      });
    } finally {
      await connection.close();
    }

    // A term past due on an open case, nobody having acted.
    const overdueCase = await openTestCase(db.dataSource, { istatCode: '015146', type: 'concertation-conference' });
    await db.dataSource.query(
      `INSERT INTO deadlines (id, case_id, rule_id, label_it, label_en, starts_on, due_date, due_at, status, suspensions, legal_source)
       VALUES ($1, $2, 'concertation-conference.written-contributions', 'Contributi scritti', 'Written contributions',
               date '2026-01-01', date '2026-01-10', timestamptz '2026-01-10 23:59:59+01', 'running', '[]', 'L.R. 12/2005')`,
      [randomUUID(), overdueCase.id],
    );

    const used = new Set([
      ...dashboardExpressions().flatMap(namesIn),
      ...alertExpressions(readFileSync(join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8')).flatMap(namesIn),
    ]);
    expect(used.size).toBeGreaterThan(15);

    // Event-driven SDK series appear once their event happened: scrape until they are there,
    // bounded; past the bound the assertion below names the missing ones.
    const scrapeAll = async () => ({
      api: await scrape(ports.apiMetrics),
      worker: await scrape(ports.worker),
      notifier: await scrape(ports.notifier),
    });
    let scrapes = await scrapeAll();
    for (const limit = Date.now() + 90_000; Date.now() < limit; scrapes = await scrapeAll()) {
      const all = Object.values(scrapes).join('\n');
      if ([...used].every((name) => hasSample(all, name))) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    const served = new Set([...seriesNames(scrapes.api), ...seriesNames(scrapes.worker), ...seriesNames(scrapes.notifier)]);
    const all = Object.values(scrapes).join('\n');
    expect([...used].filter((name) => !served.has(name) || !hasSample(all, name))).toEqual([]);

    // Route templates, never raw paths; refusals counted.
    expect(scrapes.api).toMatch(/^cmm_http_requests_total\{method="POST",route="\/system-probes",status="201"\} 1$/m);
    expect(scrapes.api).toMatch(/^cmm_http_requests_total\{method="GET",route="\/system-probes\/:probeId",status="401"\} 1$/m);
    expect(scrapes.api).toMatch(/^cmm_http_requests_total\{method="GET",route="\/system-probes\/:probeId",status="400"\} 1$/m);
    // This one and the first test's GET /metrics on the API port.
    expect(scrapes.api).toMatch(/^cmm_http_requests_total\{method="GET",route="unmatched",status="404"\} 2$/m);
    expect(scrapes.api).not.toContain(probeId);
    // The SDK's failure counter names the workflow type; the overdue term its procedure.
    expect(scrapes.worker).toMatch(
      /^temporal_workflow_task_execution_failed\{[^}]*workflow_type="NoSuchWorkflowOfMetricsTest"[^}]*\} [1-9]/m,
    );
    expect(scrapes.notifier).toMatch(/^cmm_deadlines_overdue\{procedure="concertation-conference"\} 1$/m);
    expect(scrapes.notifier).toMatch(/^cmm_deadlines_overdue\{procedure="compatibility-evaluation"\} 0$/m);
    expect(scrapes.notifier).toMatch(/^cmm_notifier_metrics_source_up\{source="postgres"\} 1$/m);
    expect(scrapes.notifier).toMatch(/^cmm_notifier_metrics_source_up\{source="redis"\} 1$/m);
  });
});
