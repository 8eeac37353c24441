// The whole system under faults, on the topology `npm run test:faults` (Temporal's development
// server) or `npm run test:cluster` (the Temporal cluster) starts: two APIs behind HAProxy, two
// workers, two notifiers, PostgreSQL, Redis, a mail server behind a relay that fails on request.
// While a mixed load of the six procedures runs through the balancer (a round of journeys every
// few seconds: filings, actions, uploads, conference answers, proposals to the annual call),
// each fault strikes in turn. After each: every accepted request is durable and applied once
// (each case's timeline has exactly the events its requests caused, no case twice, registers
// gap-free, every hash chain verifies), every refused request changed nothing, every notice
// reached its recipient once with its own Message-ID (or, refused by the SMTP server, is recorded
// failed with the server's answer), every workflow is in the state the API shows, and the
// balancer answers GET /status 200 again. The figures go to <CLUSTER_DATA>/fault-results.json
// (the README's "Under faults" table).
import { CASE_SEARCH_ATTRIBUTES } from '@cmm/contracts';
import { MAY_HAVE_ARRIVED } from '@cmm/notifications';
import { Client, Connection } from '@temporalio/client';
import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { LoadClient, minimalPdf } from './support/load-client';
import {
  type CaseExpectation,
  type MixedLoadSetup,
  PROCEDURES,
  type ProcedureName,
  prepareMixedLoad,
  runMixedRound,
  totalsByCase,
} from './support/procedure-loads';
import {
  bareMessageId,
  brokenTimelines,
  mailAtServer,
  pause,
  pidOf,
  query,
  restartPostgres,
  restartedAfter,
  type SmtpMode,
  smtpRelay,
  startRedis,
  stopRedis,
  topologyBearer,
  topologyMode,
  topologySetting,
} from './support/topology-faults';

/** A round of the six journeys starts this often while a fault lasts. */
const ROUND_EVERY_MS = 4_000;
const MILANO = '015146';

interface FaultResult {
  fault: string;
  procedure: ProcedureName | 'documents (upload)';
  /** Journeys whose every request was answered (each a case, or a proposal to the call). */
  accepted: number;
  lost: number;
  doubled: number;
  answers5xx: number;
  /** Requests whose connection the fault cut before an answer (repeated by the client). */
  connectionsCut: number;
  /** Notices the SMTP server refused for good (5xx): recorded failed with its answer, never silently dropped. */
  noticesRefused: number;
  recoverySeconds: number;
  /** The longest a request of the procedure waited for its answer (repeats included). */
  slowestAnswerSeconds: number;
  /** After the load: how long the workflows took to show their states in visibility, and the notices to settle. */
  visibilitySeconds: number;
  noticesSeconds: number;
}

// A fault lasts up to a minute, and a killed worker's activities wait out their timeouts before
// another worker retries them: minutes per test, not the tiers' three.
jest.setTimeout(900_000);

describe('the whole system under faults', () => {
  const url = topologySetting('CLUSTER_URL');
  const data = topologySetting('CLUSTER_DATA');
  const mode = topologyMode();
  // A run's business keys never meet an earlier run's on a topology that outlives it.
  const runId = Math.floor(Date.now() / 1_000) % 100_000;
  let setup: MixedLoadSetup;
  let connection: Connection;
  let temporal: Client;
  let officer: string;
  let milano: string;
  let round = 0;
  let refusedNumber = 0;

  beforeAll(async () => {
    const client = new LoadClient(url, topologyBearer);
    setup = await prepareMixedLoad(client, runId);
    officer = await topologyBearer({ subject: 'funzionaria-guasti', role: 'officer', email: 'funzionaria@cmm.test' });
    milano = await topologyBearer({ subject: 'ut-milano-guasti', role: 'comune', istatCode: MILANO });
    connection = await Connection.connect({ address: topologySetting('TEMPORAL_ADDRESS') });
    temporal = new Client({ connection });
    // The call's opening goes by PEC to every municipality, at the PEC provider's rate: sent before
    // the first fault, so no fault's notices queue behind them.
    await waitUntil(
      async () =>
        (
          await query<{ n: number }>(
            `SELECT ((SELECT count(*) FROM notifications WHERE relayed_at IS NULL)
                  + (SELECT count(*) FROM notification_deliveries WHERE status IN ('pending', 'queued')))::int AS n`,
          )
        )[0].n === 0,
      600_000,
      'the notices of the preparation sent',
    );
  }, 900_000);

  afterAll(async () => {
    await smtpRelay('pass').catch(() => undefined);
    await connection?.close();
  });

  /** A filing the rules refuse (a day that does not exist): 4xx, and nothing of it anywhere. */
  const refusedFiling = async (client: LoadClient): Promise<string> => {
    const number = `R${runId}-${refusedNumber++}`;
    const answer = await client.send('POST', '/compatibility-evaluations', milano, {
      actType: 'variante-pgt',
      deliberation: { number, date: '2026-02-30' },
      description: `Variante respinta n. ${number}`,
      declaresSupraMunicipalRelevance: false,
      uploads: { adoptedAct: '00000000-0000-4000-8000-000000000000' },
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    return number;
  };

  /** Per case and event type, how many events the timeline holds now. */
  const eventCounts = async (): Promise<Map<string, number>> => {
    const rows = await query<{ case_id: string; type: string; n: number }>(
      'SELECT case_id, type, count(*)::int AS n FROM timeline_events GROUP BY case_id, type',
    );
    return new Map(rows.map((r) => [`${r.case_id}|${r.type}`, r.n]));
  };

  /**
   * Runs rounds of the mixed load from before `strike` until the system has recovered, then
   * checks what every accepted and refused request left behind; answers a row per procedure.
   */
  async function underFault(fault: string, strike: () => Promise<void>, recovered: () => Promise<boolean>): Promise<FaultResult[]> {
    const clients = Object.fromEntries(PROCEDURES.map((p) => [p, new LoadClient(url, topologyBearer)])) as Record<
      ProcedureName,
      LoadClient
    >;
    const refusals = new LoadClient(url, topologyBearer);
    const before = await eventCounts();
    const loadStart = new Date(Date.now() - 1_000);
    let done = false;
    const rounds: Promise<CaseExpectation[]>[] = [];
    const refused: Promise<string>[] = [];
    const load = (async () => {
      for (let n = 0; !done || n < 2; n++) {
        rounds.push(runMixedRound((procedure) => clients[procedure], round++, setup));
        refused.push(refusedFiling(refusals));
        await pause(ROUND_EVERY_MS);
      }
    })();
    await pause(600); // the first round's requests in flight
    const struck = Date.now();
    let recoverySeconds = 0;
    try {
      await strike();
      await waitUntil(recovered, 180_000, `recovery from ${fault}`);
      await waitUntil(async () => (await fetch(`${url}/status`).catch(() => null))?.status === 200, 180_000, 'GET /status 200');
      recoverySeconds = Math.round((Date.now() - struck) / 100) / 10;
    } finally {
      done = true;
      await load;
    }
    const expectations = (await Promise.all(rounds)).flat();
    const refusedNumbers = await Promise.all(refused);

    // Refused requests changed nothing: no case carries a refused act's number.
    const refusedCases = await query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE business_key LIKE ANY($1::text[])`, [
      refusedNumbers.map((n) => `%|${n}|%`),
    ]);
    expect(refusedCases[0].n).toBe(0);

    // Every case once: what the API answered exists, and no case opened meanwhile is unaccounted for.
    const caseIds = [...new Set(expectations.map((e) => e.caseId))];
    const cases = await query<{ id: string; reference: string; type: string }>(
      'SELECT id, reference, type FROM cases WHERE id = ANY($1::uuid[])',
      [caseIds],
    );
    const known = new Map(cases.map((c) => [c.id, c]));
    const strays = await query<{ id: string; type: string; business_key: string | null }>(
      'SELECT id, type, business_key FROM cases WHERE opened_at >= $1 AND id <> ALL($2::uuid[])',
      [loadStart, caseIds],
    );

    // Exactly the events the accepted requests caused, per case (rounds on a shared case add up).
    const after = await eventCounts();
    const totals = totalsByCase(expectations);
    const lost = new Map<ProcedureName, number>();
    const doubled = new Map<ProcedureName, number>();
    const add = (map: Map<ProcedureName, number>, procedure: ProcedureName, n: number) => map.set(procedure, (map.get(procedure) ?? 0) + n);
    const mismatches: string[] = [];
    for (const e of expectations) if (!known.has(e.caseId)) add(lost, e.procedure, 1);
    for (const { caseId, procedure, events } of totals)
      for (const [type, count] of Object.entries(events)) {
        const key = `${caseId}|${type}`;
        const added = (after.get(key) ?? 0) - (before.get(key) ?? 0);
        if (added < count) add(lost, procedure, count - added);
        if (added > count) add(doubled, procedure, added - count);
        if (added !== count) mismatches.push(`${key}: ${added} events, expected ${count}`);
      }
    for (const stray of strays) {
      const procedure = (PROCEDURES as readonly string[]).includes(stray.type) ? (stray.type as ProcedureName) : PROCEDURES[0];
      add(doubled, procedure, 1);
      mismatches.push(`case ${stray.id} (${stray.type}, ${stray.business_key}) opened by no accepted request`);
    }

    // Every register gap-free, every timeline's hash chain intact.
    const registers = await query<{ register: string; year: number; n: number; low: number; high: number }>(
      'SELECT register, year, count(*)::int AS n, min(number) AS low, max(number) AS high FROM registry_entries GROUP BY register, year',
    );
    for (const r of registers) expect(`${r.register} ${r.year}: ${r.n}`).toBe(`${r.register} ${r.year}: ${r.high - r.low + 1}`);
    expect(await brokenTimelines()).toBe(0);

    // Every workflow in the state the API shows, as Temporal's visibility has it.
    const visibilityFrom = Date.now();
    for (const { caseId, procedure, state } of totals) {
      const reference = known.get(caseId)?.reference;
      if (!reference) continue; // counted lost above
      const shown = await clients[procedure].send<{ state: string }>('GET', `/cases/${caseId}`, officer);
      expect(`${reference}: ${shown.body.state}`).toBe(`${reference}: ${state}`);
      await waitUntil(
        async () => {
          for await (const execution of temporal.workflow.list({ query: `CmmCaseReference = '${reference}'` }))
            if (execution.typedSearchAttributes.get(CASE_SEARCH_ATTRIBUTES.state) === state) return true;
          return false;
        },
        120_000,
        `${reference} in state ${state} in Temporal's visibility`,
      );
    }

    const visibilitySeconds = Math.round((Date.now() - visibilityFrom) / 100) / 10;

    // Notices: each settles; each sent one is at the mail server under its own Message-ID; none twice.
    const noticesFrom = Date.now();
    const procedureOf = new Map(expectations.map((e) => [e.caseId, e.procedure]));
    const deliveries = () =>
      query<{ case_id: string; notification_id: string; address: string; message_id: string; status: string; last_error: string | null }>(
        `SELECT n.case_id, d.notification_id, lower(d.recipient_address) AS address, d.message_id, d.status, d.last_error
           FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
          WHERE n.case_id = ANY($1::uuid[]) AND n.created_at >= $2`,
        [caseIds, loadStart],
      );
    const pendingNotifications = async () =>
      (
        await query<{ n: number }>(
          'SELECT count(*)::int AS n FROM notifications WHERE case_id = ANY($1::uuid[]) AND created_at >= $2 AND relayed_at IS NULL',
          [caseIds, loadStart],
        )
      )[0].n;
    await waitUntil(
      async () => (await pendingNotifications()) === 0 && (await deliveries()).every((d) => !['pending', 'queued'].includes(d.status)),
      240_000,
      `every notice of ${fault} settled`,
    );
    await pause(2_000); // a send repeated by mistake would arrive by now
    const settled = await deliveries();
    const atServer = await mailAtServer();
    const copies = new Map<string, number>();
    for (const m of atServer) copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
    const refusedNotices = new Map<ProcedureName, number>();
    const recipientsSeen = new Set<string>();
    for (const d of settled) {
      const procedure = procedureOf.get(d.case_id) ?? PROCEDURES[0];
      const recipient = `${d.notification_id}|${d.address}`;
      if (recipientsSeen.has(recipient)) {
        add(doubled, procedure, 1);
        mismatches.push(`notification ${d.notification_id} addressed twice to ${d.address}`);
      }
      recipientsSeen.add(recipient);
      const arrived = copies.get(bareMessageId(d.message_id)) ?? 0;
      if (d.status === 'failed') {
        // Only the SMTP server's refusal may fail a notice. It never arrived, unless an earlier
        // attempt was cut before the server answered, and then the reason says it may have.
        expect(`${d.message_id}: ${d.last_error}`).toMatch(/refused: 5\d\d/);
        if (!d.last_error?.includes(MAY_HAVE_ARRIVED))
          expect(`${d.message_id} at the server ${arrived} times`).toBe(`${d.message_id} at the server 0 times`);
        add(refusedNotices, procedure, 1);
      } else if (arrived === 0) {
        add(lost, procedure, 1);
        mismatches.push(`notice ${d.message_id} to ${d.address} is ${d.status} but not at the mail server`);
      }
    }

    const noticesSeconds = Math.round((Date.now() - noticesFrom) / 100) / 10;
    const results: FaultResult[] = PROCEDURES.map((procedure) => ({
      fault,
      procedure,
      accepted: expectations.filter((e) => e.procedure === procedure).length,
      lost: lost.get(procedure) ?? 0,
      doubled: doubled.get(procedure) ?? 0,
      answers5xx: clients[procedure].counts.answers5xx,
      connectionsCut: clients[procedure].counts.connectionsCut,
      noticesRefused: refusedNotices.get(procedure) ?? 0,
      recoverySeconds,
      slowestAnswerSeconds: Math.round(clients[procedure].counts.slowestMs / 100) / 10,
      visibilitySeconds,
      noticesSeconds,
    }));
    for (const result of results) appendFileSync(join(data, 'fault-results.json'), `${JSON.stringify(result)}\n`);
    expect(mismatches).toEqual([]);
    return results;
  }

  const expectNothingLostOrDoubled = (results: FaultResult[]) => {
    for (const r of results) expect(`${r.procedure}: lost ${r.lost}, doubled ${r.doubled}`).toBe(`${r.procedure}: lost 0, doubled 0`);
    expect(results.every((r) => r.accepted > 0)).toBe(true);
  };

  const killed = (name: string, signal: NodeJS.Signals = 'SIGKILL', after = 0) => {
    let victim = 0;
    return {
      strike: async () => {
        await pause(after);
        victim = pidOf(name);
        process.kill(victim, signal);
      },
      recovered: () => restartedAfter(name, victim)(),
    };
  };

  it('a worker killed (SIGKILL) in the middle of its activities, and restarted', async () => {
    const { strike, recovered } = killed('worker-1');
    expectNothingLostOrDoubled(await underFault('worker SIGKILL', strike, recovered));
  });

  it('an API process killed with requests in flight: the balancer moves on, the clients repeat', async () => {
    const { strike, recovered } = killed('api-2');
    expectNothingLostOrDoubled(await underFault('API SIGKILL mid-request', strike, recovered));
  });

  it('the balancer losing an API that hangs (SIGSTOP for 20 s): checks take it out, then back', async () => {
    const port = topologySetting('CLUSTER_API_PORTS').split(' ')[0];
    let victim = 0;
    const strike = async () => {
      victim = pidOf('api-1');
      process.kill(victim, 'SIGSTOP');
      await pause(20_000);
      process.kill(victim, 'SIGCONT');
    };
    const recovered = async () => (await fetch(`http://127.0.0.1:${port}/status`).catch(() => null))?.status === 200;
    expectNothingLostOrDoubled(await underFault('API hung 20 s', strike, recovered));
  });

  it('a notifier killed in the middle of its sends, and restarted', async () => {
    const { strike, recovered } = killed('notifier-1', 'SIGKILL', 1_500);
    expectNothingLostOrDoubled(await underFault('notifier SIGKILL mid-send', strike, recovered));
  });

  if (mode === 'split') {
    it("Temporal's history service killed (SIGKILL) and restarted", async () => {
      const { strike, recovered } = killed('temporal-history');
      expectNothingLostOrDoubled(await underFault('Temporal history SIGKILL', strike, recovered));
    });

    it("Temporal's frontend restarted (SIGTERM): the APIs and the workers reconnect", async () => {
      const { strike, recovered } = killed('temporal-frontend', 'SIGTERM');
      expectNothingLostOrDoubled(await underFault('Temporal frontend restart', strike, recovered));
    });
  } else {
    it('the Temporal server killed (SIGKILL) and restarted on its data', async () => {
      const { strike, recovered } = killed('temporal');
      expectNothingLostOrDoubled(await underFault('Temporal server SIGKILL', strike, recovered));
    });
  }

  it('PostgreSQL restarted: requests in between are refused (503) or repeated', async () => {
    expectNothingLostOrDoubled(await underFault('PostgreSQL restart', restartPostgres, async () => true));
  });

  it('Redis down for 60 s: notices wait in the outbox, the rest goes on', async () => {
    const strike = async () => {
      await stopRedis();
      await pause(60_000);
      await startRedis();
    };
    expectNothingLostOrDoubled(await underFault('Redis down 60 s', strike, async () => true));
  });

  /** The relay in front of the mail server fails in `mode` for `ms`, then passes again. */
  const smtpFailing = (mode: SmtpMode, ms: number) => async () => {
    await smtpRelay(mode);
    await pause(ms);
    await smtpRelay('pass');
  };

  it('the SMTP server answering 4xx for 20 s: notices retried, each delivered once', async () => {
    expectNothingLostOrDoubled(await underFault('SMTP 4xx for 20 s', smtpFailing('temporary', 20_000), async () => true));
  });

  it('the SMTP server dropping connections for 20 s: notices retried, each delivered once', async () => {
    expectNothingLostOrDoubled(await underFault('SMTP drops for 20 s', smtpFailing('drop', 20_000), async () => true));
  });

  it('the SMTP server refusing (5xx) for 10 s: those notices recorded failed with its answer, none lost silently', async () => {
    const results = await underFault('SMTP 5xx for 10 s', smtpFailing('permanent', 10_000), async () => true);
    expectNothingLostOrDoubled(results);
    expect(results.reduce((sum, r) => sum + r.noticesRefused, 0)).toBeGreaterThan(0);
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
        headers: { Authorization: milano, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
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
    const title = `Tavola dei vincoli ${runId}-${Date.now()}`;
    const struck = Date.now();
    const ended = await slowUpload(topologySetting('CLUSTER_API_PORTS').split(' ')[0], title, () => process.kill(victim, 'SIGKILL'));
    expect(ended).toMatch(/^cut: /);
    const recorded = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE title = $1', [title]))[0].n;
    expect(await recorded()).toBe(0);
    // The client sends it again through the balancer, which no longer picks the dead process.
    const again = await new LoadClient(url, topologyBearer).upload(milano, 'adopted-act', title, minimalPdf(title), 'tavola.pdf');
    expect(again).toEqual(expect.any(String));
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
      noticesRefused: 0,
      recoverySeconds: Math.round((Date.now() - struck) / 100) / 10,
      slowestAnswerSeconds: 0,
      visibilitySeconds: 0,
      noticesSeconds: 0,
    };
    appendFileSync(join(data, 'fault-results.json'), `${JSON.stringify(result)}\n`);
    expect(result.doubled).toBe(0);
  });
});
