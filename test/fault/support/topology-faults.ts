// What the fault suite does to the running topology (scripts/lib/topology.sh), and how it reads
// what the system left behind: its processes (by the supervisors' state files), PostgreSQL,
// Redis, the SMTP relay that fails on request, the mail server, Temporal's visibility.
import { issueDevToken } from '@cmm/auth';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { waitUntil } from '../../../libs/notifications/src/testing/wait-until';
import type { TokenClaims } from './load-client';

export const topologySetting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the fault suite with \`npm run test:faults\` or \`npm run test:cluster\``);
  return value;
};

/** dev (Temporal's development server), split (the cluster's four services) or single (one process). */
export const topologyMode = (): 'dev' | 'split' | 'single' => topologySetting('CMM_TOPOLOGY') as 'dev' | 'split' | 'single';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token the topology's APIs accept: its development issuer's key. */
export const topologyBearer = async (claims: TokenClaims): Promise<string> =>
  `Bearer ${await issueDevToken(join(topologySetting('CLUSTER_ISSUER_DIR'), 'private.jwk.json'), {
    ...claims,
    issuer: topologySetting('CLUSTER_AUTH_ISSUER'),
  })}`;

/** A connection per query: a long-lived one would not outlive the PostgreSQL restart. */
export async function query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new PgClient({ connectionString: topologySetting('DATABASE_URL') });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A process of the topology's supervisors: the applications', or (temporal…) Temporal's. */
export function pidOf(name: string): number {
  const data = topologySetting('CLUSTER_DATA');
  const stateFile = name.startsWith('temporal') ? join(data, 'temporal', 'processes.json') : join(data, 'processes.json');
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { processes: Record<string, { pid: number | null }> };
  const pid = state.processes[name]?.pid;
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
}

/** True once the supervisor runs `name` under another pid than `oldPid`. */
export const restartedAfter = (name: string, oldPid: number) => async (): Promise<boolean> => {
  try {
    return pidOf(name) !== oldPid;
  } catch {
    return false;
  }
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const redisDir = () => join(topologySetting('CLUSTER_DATA'), 'redis');
const redisPort = () => Number(new URL(topologySetting('REDIS_URL')).port);

/** Stops Redis (SIGTERM: it writes its append-only file and exits); its port refuses connections. */
export async function stopRedis(): Promise<void> {
  const pid = Number(readFileSync(join(redisDir(), 'redis.pid'), 'utf8'));
  process.kill(pid, 'SIGTERM');
  await waitUntil(async () => !(await listening(redisPort())), 30_000, 'Redis stopped');
}

/** Starts Redis again with the settings and data it had (the topology stops it at the end). */
export async function startRedis(): Promise<void> {
  const child: ChildProcess = spawn('redis-server', [join(redisDir(), 'redis.conf'), '--daemonize', 'yes'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  await waitUntil(() => listening(redisPort()), 30_000, 'Redis listening again');
}

/** Restarts PostgreSQL (fast shutdown: connections cut, transactions in flight rolled back). */
export function restartPostgres(): Promise<void> {
  const pgCtl = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().pop() as string, 'bin', 'pg_ctl');
  const dir = join(topologySetting('CLUSTER_DATA'), 'postgres');
  // The restarted server must not keep this process's pipes open: its output goes to its log.
  const args = [pgCtl, '-D', dir, '-l', join(dir, 'server.log'), '-m', 'fast', '-w', 'restart'];
  const [command, ...rest] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, rest, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
  });
}

export type SmtpMode = 'pass' | 'temporary' | 'permanent' | 'drop';

/** Sets the mode of the relay between the notifiers and the mail server (scripts/smtp-fault-gate.js). */
export async function smtpRelay(mode: SmtpMode): Promise<void> {
  const response = await fetch(`${topologySetting('CLUSTER_SMTP_GATE_URL')}/mode/${mode}`, { method: 'PUT' });
  if (response.status !== 200) throw new Error(`the SMTP relay answered ${response.status}`);
}

export interface MailAtServer {
  messageId: string;
  to: string[];
  subject: string;
}

/** A Message-ID without its angle brackets, as maildev reports it. */
export const bareMessageId = (messageId: string | undefined | null) => (messageId ?? '').replace(/^<|>$/g, '');

/** Every message the mail server holds (maildev's API). */
export async function mailAtServer(): Promise<MailAtServer[]> {
  const response = await fetch(`http://127.0.0.1:${topologySetting('CLUSTER_MAIL_WEB_PORT')}/email`);
  const messages = (await response.json()) as {
    messageId?: string;
    headers?: Record<string, string>;
    to?: { address: string }[];
    subject: string;
  }[];
  return messages.map((m) => ({
    messageId: bareMessageId(m.messageId ?? m.headers?.['message-id']),
    to: (m.to ?? []).map((t) => t.address.toLowerCase()),
    subject: m.subject,
  }));
}

/** The operator's check of every timeline's hash chain: answers the number of broken chains. */
export async function brokenTimelines(): Promise<number> {
  const verified = await promisify(execFile)(process.execPath, ['dist/apps/cli/src/main.js', 'verify-timeline', '--all'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
  }).catch((error: { stdout?: string; stderr?: string }) => error);
  const count = /(\d+) broken/.exec(verified.stderr ?? '');
  if (!count) throw new Error(`verify-timeline said: ${verified.stderr}`);
  return Number(count[1]);
}
