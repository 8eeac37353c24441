// Faults on the production topology while municipalities file: a worker killed (SIGKILL) in the
// middle of its activities, an API process killed with requests in flight, a notifier killed in
// the middle of its sends or of an upload, Temporal's history and frontend services killed and
// restarted, PostgreSQL restarted. After each: every filing the API accepted exists once (one case per act,
// one `submission-received` event, gap-free protocol numbers), every timeline verifies, every
// case's workflow reached its first waiting state, one receipt notice per case with its own
// Message-ID, and the balancer answers GET /status 200 again. The figures of each fault are
// written to <CLUSTER_DATA>/fault-results.json (the README's table).
import { CASE_SEARCH_ATTRIBUTES } from '@cmm/contracts';
import type { Client } from '@temporalio/client';
import { execFile, spawn } from 'node:child_process';
import { request } from 'node:http';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import {
  type Filed,
  FilingServerError,
  MILANO,
  clusterSetting,
  clusterTemporal,
  fileEvaluation,
  freshDeliberationNumbers,
  milanoToken,
  receiptsAtMailServer,
} from './cluster-client';

const FILINGS_PER_FAULT = 16;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Filing extends Filed {
  number: string;
}

interface FaultResult {
  fault: string;
  procedure: string;
  accepted: number;
  lost: number;
  doubled: number;
  answers5xx: number;
  /** Requests whose connection the fault cut before an answer (repeated by the client). */
  connectionsCut: number;
  recoverySeconds: number;
}

describe('the cluster topology under faults', () => {
  const url = clusterSetting('CLUSTER_URL');
  const data = clusterSetting('CLUSTER_DATA');
  let token: string;
  let temporal: Awaited<ReturnType<typeof clusterTemporal>>;
  let client: Client;
  // A connection per check: a long-lived one would not outlive the PostgreSQL restart.
  const db = {
    async query<R extends object>(sql: string, params: unknown[]): Promise<{ rows: R[] }> {
      const client = new PgClient({ connectionString: clusterSetting('DATABASE_URL') });
      await client.connect();
      try {
        return await client.query<R>(sql, params);
      } finally {
        await client.end();
      }
    },
  };
  let firstNumber = freshDeliberationNumbers();

  beforeAll(async () => {
    token = await milanoToken('ut-milano-faults');
    temporal = await clusterTemporal();
    client = temporal.client;
  });

  afterAll(async () => {
    await temporal?.close();
  });

  /** A process of the topology's supervisors: the applications', or (temporal-…) the Temporal cluster's. */
  const pidOf = (name: string): number => {
    const stateFile = name.startsWith('temporal') ? join(data, 'temporal', 'processes.json') : join(data, 'processes.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { processes: Record<string, { pid: number | null }> };
    const pid = state.processes[name]?.pid;
    if (!pid) throw new Error(`${name} is not running`);
    return pid;
  };

  /** A municipality's client: it repeats a filing whose answer it did not get (a 5xx, a cut connection), as the web app does. */
  const file = async (n: number, counts: { answers5xx: number; connectionsCut: number }): Promise<Filing> => {
    const number = String(n);
    for (let attempt = 1; ; attempt++) {
      try {
        return { number, ...(await fileEvaluation(url, token, number)) };
      } catch (error) {
        // fetch's "fetch failed" TypeError (from undici's realm: not this context's TypeError) is a cut connection.
        if (error instanceof FilingServerError) counts.answers5xx++;
        else if ((error as Error).name === 'TypeError') counts.connectionsCut++;
        else throw error;
        if (attempt >= 20) throw error;
        await pause(500);
      }
    }
  };

  /** Files while `fault` strikes, then checks what every accepted filing left behind. */
  const underFault = async (fault: string, strike: () => Promise<void>, recovered: () => Promise<boolean>): Promise<FaultResult> => {
    const counts = { answers5xx: 0, connectionsCut: 0 };
    const first = firstNumber;
    firstNumber += FILINGS_PER_FAULT;
    const filings = Array.from({ length: FILINGS_PER_FAULT }, (_, i) => pause(i * 150).then(() => file(first + i, counts)));
    await pause(600); // some filings in flight, some to come
    const struck = Date.now();
    await strike();
    // Recovery: the struck part is back and the balancer answers GET /status 200 again.
    const recovery = (async () => {
      await waitUntil(recovered, 180_000, `recovery from ${fault}`);
      await waitUntil(async () => (await fetch(`${url}/status`).catch(() => null))?.status === 200, 180_000, 'GET /status 200');
      return Math.round((Date.now() - struck) / 100) / 10;
    })();
    const filed = await Promise.all(filings);
    const recoverySeconds = await recovery;

    // Durable and once: one case per act, the reference the API answered.
    const keys = filed.map((f) => f.caseId);
    const { rows: cases } = await db.query<{ id: string; reference: string; business_key: string }>(
      'SELECT id, reference, business_key FROM cases WHERE id = ANY($1::uuid[])',
      [keys],
    );
    const byKey = new Map(cases.map((c) => [c.id, c]));
    const lost = filed.filter((f) => byKey.get(f.caseId)?.reference !== f.reference).length;
    const { rows: perAct } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE istat_code = $1 AND business_key LIKE ANY($2::text[]) GROUP BY business_key`,
      [MILANO, filed.map((f) => `%|${f.number}|%`)],
    );
    const doubledCases = perAct.filter((r) => r.n > 1).length;
    const { rows: events } = await db.query<{ case_id: string; n: number }>(
      `SELECT case_id, count(*)::int AS n FROM timeline_events WHERE case_id = ANY($1::uuid[]) AND type = 'submission-received' GROUP BY case_id`,
      [keys],
    );
    const doubledEvents = events.filter((e) => e.n !== 1).length + (FILINGS_PER_FAULT - events.length);
    // Gap-free: this run's inbound registrations are consecutive numbers of the general register.
    const numbers = filed.map((f) => Number(f.protocolNumber.split('/')[1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(FILINGS_PER_FAULT);
    const { rows: between } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registry_entries WHERE register = 'generale' AND year = $1 AND number BETWEEN $2 AND $3`,
      [Number(filed[0].protocolNumber.split('/')[0]), numbers[0], numbers[numbers.length - 1]],
    );
    expect(between[0].n).toBe(numbers[numbers.length - 1] - numbers[0] + 1);

    // Every workflow reached the completeness check, as Temporal's visibility sees it.
    for (const f of filed) {
      await waitUntil(
        async () => {
          for await (const e of client.workflow.list({ query: `CmmCaseReference = '${f.reference}'` })) {
            if (e.typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.state) === 'awaiting-completeness-check') return true;
          }
          return false;
        },
        120_000,
        `${f.reference} awaiting the completeness check`,
      );
    }

    // One receipt notice per case at the mail server, each with its own Message-ID.
    const receipts = () => receiptsAtMailServer(filed.map((f) => f.reference));
    await waitUntil(async () => (await receipts()).length >= FILINGS_PER_FAULT, 180_000, `a receipt notice for every filing (${fault})`);
    await pause(3_000);
    const settled = await receipts();
    const doubledNotices = filed.filter((f) => settled.filter((m) => m.subject.includes(f.reference)).length !== 1).length;
    expect(new Set(settled.map((m) => m.messageId)).size).toBe(settled.length);

    // Every timeline's hash chain verifies (the operator's CLI, on the whole database).
    const verified = await promisify(execFile)(process.execPath, ['dist/apps/cli/src/main.js', 'verify-timeline', '--all'], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    // Exit 1 (a rejection here) and a line per broken case when a chain does not hold.
    expect(verified.stdout.trim()).toBe('');
    expect(verified.stderr).toMatch(/, 0 broken/);

    const result: FaultResult = {
      fault,
      procedure: 'compatibility-evaluation',
      accepted: filed.length,
      lost,
      doubled: doubledCases + doubledEvents + doubledNotices,
      answers5xx: counts.answers5xx,
      connectionsCut: counts.connectionsCut,
      recoverySeconds,
    };
    appendFileSync(join(data, 'fault-results.json'), `${JSON.stringify(result)}\n`);
    return result;
  };

  const restartedAfter = (name: string, oldPid: number) => async () => {
    try {
      const pid = pidOf(name);
      return pid !== oldPid;
    } catch {
      return false;
    }
  };

  it('a worker killed (SIGKILL) in the middle of its activities: nothing lost, nothing doubled', async () => {
    const victim = pidOf('worker-1');
    const result = await underFault('worker SIGKILL', async () => void process.kill(victim, 'SIGKILL'), restartedAfter('worker-1', victim));
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('an API process killed with requests in flight: the balancer moves on, the clients repeat, nothing doubled', async () => {
    const victim = pidOf('api-2');
    const result = await underFault(
      'API SIGKILL mid-request',
      async () => void process.kill(victim, 'SIGKILL'),
      restartedAfter('api-2', victim),
    );
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });

  it("Temporal's history service killed and restarted: the workflows go on, nothing doubled", async () => {
    const victim = pidOf('temporal-history');
    const result = await underFault(
      'Temporal history SIGKILL',
      async () => void process.kill(victim, 'SIGKILL'),
      restartedAfter('temporal-history', victim),
    );
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });

  it("Temporal's frontend restarted (SIGTERM): the API and the workers reconnect, nothing doubled", async () => {
    const victim = pidOf('temporal-frontend');
    const result = await underFault(
      'Temporal frontend restart',
      async () => void process.kill(victim, 'SIGTERM'),
      restartedAfter('temporal-frontend', victim),
    );
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('PostgreSQL restarted: requests in between are refused or repeated, nothing lost, nothing doubled', async () => {
    const pgCtl = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().pop() as string, 'bin', 'pg_ctl');
    const dir = join(data, 'postgres');
    // The restarted server must not keep this process's pipes open: its output goes to its log.
    const args = [pgCtl, '-D', dir, '-l', join(dir, 'server.log'), '-m', 'fast', '-w', 'restart'];
    const [command, ...rest] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
    const result = await underFault(
      'PostgreSQL restart',
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(command, rest, { stdio: 'ignore' });
          child.once('error', reject);
          child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
        }),
      async () => true,
    );
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });

  /**
   * Streams a 10 MiB adopted act to one API process, a quarter of a megabyte every 20 ms, and calls
   * `midway` after the first 2.5 MiB; answers how the request ended.
   */
  const slowUpload = (port: string, title: string, midway: () => void): Promise<string> =>
    new Promise((resolve) => {
      const boundary = `cmm-fault-${Date.now()}`;
      const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const upload = request(`http://127.0.0.1:${port}/uploads`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      });
      let chunks = 0;
      const timer = setInterval(() => {
        if (chunks === 10) midway();
        if (chunks === 40) {
          clearInterval(timer);
          upload.end(`\r\n--${boundary}--\r\n`);
          return;
        }
        upload.write(Buffer.alloc(256 * 1024, 0x20));
        chunks++;
      }, 20);
      upload.on('response', (response) => {
        response.resume();
        resolve(`answered ${response.statusCode}`);
      });
      upload.on('error', (error) => resolve(`cut: ${error.message}`));
      upload.on('close', () => clearInterval(timer));
      upload.write(
        `${part('kind', 'adopted-act')}${part('title', title)}--${boundary}\r\n` +
          'Content-Disposition: form-data; name="file"; filename="tavola.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n',
      );
    });

  it('an API process killed in the middle of an upload: the upload is not recorded, the client sends it again', async () => {
    const victim = pidOf('api-1');
    const title = `Tavola dei vincoli ${Date.now()}`;
    const struck = Date.now();
    const ended = await slowUpload(clusterSetting('CLUSTER_API_PORTS').split(' ')[0], title, () => process.kill(victim, 'SIGKILL'));
    expect(ended).toMatch(/^cut: /);
    const recorded = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE title = $1', [title])).rows[0].n;
    expect(await recorded()).toBe(0);
    // The client sends it again through the balancer, which no longer picks the dead process.
    const form = new FormData();
    form.set('kind', 'adopted-act');
    form.set('title', title);
    form.set('file', new Blob([Buffer.from('%PDF-1.7\n% tavola\n%%EOF\n')], { type: 'application/pdf' }), 'tavola.pdf');
    const again = await fetch(`${url}/uploads`, { method: 'POST', headers: { Authorization: token }, body: form });
    expect(again.status).toBe(201);
    await waitUntil(restartedAfter('api-1', victim), 120_000, 'api-1 back');
    await waitUntil(async () => (await fetch(`${url}/status`).catch(() => null))?.status === 200, 120_000, 'GET /status 200');
    const result: FaultResult = {
      fault: 'API SIGKILL mid-upload',
      procedure: 'documents (upload)',
      accepted: 1,
      lost: 0,
      doubled: (await recorded()) - 1,
      answers5xx: 0,
      connectionsCut: 1,
      recoverySeconds: Math.round((Date.now() - struck) / 100) / 10,
    };
    appendFileSync(join(data, 'fault-results.json'), `${JSON.stringify(result)}\n`);
    expect(result.doubled).toBe(0);
  });

  it('a notifier killed in the middle of its sends: every notice once', async () => {
    const victim = pidOf('notifier-1');
    const result = await underFault(
      'notifier SIGKILL mid-send',
      async () => {
        await pause(1_500); // the receipts of the first filings are being sent
        process.kill(victim, 'SIGKILL');
      },
      restartedAfter('notifier-1', victim),
    );
    expect(result).toMatchObject({ lost: 0, doubled: 0 });
  });
});
