// The real stack the browser tests drive, started once per run by Playwright's global setup:
// a fresh database on the PostgreSQL of `npm test`, migrated and seeded by the CLI, the mail
// catcher (MailDev), the development identity provider, the API (serving the built app), the
// worker and the notifier, all built processes as `npm start` runs them, and a private Dovecot
// as CMM's PEC mailbox, which the notifier reads over IMAP.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type DovecotServer, startDovecot } from '../support/dovecot';

export const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

export interface BrowserStackEnv {
  WEB_URL: string;
  IDP_URL: string;
  MAIL_WEB_URL: string;
  /** CMM's PEC mailbox (imap://user@127.0.0.1:port): a test delivers a PEC by APPEND, as the provider would. */
  PEC_MAILBOX_URL: string;
  PEC_MAILBOX_PASSWORD: string;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const required = (name: string): string => {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the browser tier through \`npm test\` (scripts/test.sh starts PostgreSQL, Redis and Temporal)`,
    );
  return value;
};

interface Started {
  name: string;
  child: ChildProcess;
  output: () => string;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { name, child, output: () => output };
}

// A hang guard for a process that never comes up, not a performance expectation.
async function waitFor(what: Started, check: () => Promise<boolean>, limitMs = 90_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (what.child.exitCode !== null) throw new Error(`${what.name} exited (${what.child.exitCode}):\n${what.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what.name} did not come up within ${limitMs} ms:\n${what.output()}`);
}

export async function startBrowserStack(): Promise<{ env: BrowserStackEnv; stop: () => Promise<void> }> {
  const serverUrl = required('DATABASE_URL');
  const redisUrl = required('REDIS_URL');
  const temporal = required('TEMPORAL_ADDRESS');
  const suffix = randomBytes(4).toString('hex');
  const dbName = `browser_${suffix}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;

  const scratch = mkdtempSync(join(tmpdir(), 'cmm-browser-'));
  const [apiPort, idpPort, smtpPort, mailWebPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const dovecot: DovecotServer = await startDovecot();
  const webUrl = `http://127.0.0.1:${apiPort}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    TEMPORAL_ADDRESS: temporal,
    TEMPORAL_TASK_QUEUE: `browser-${suffix}`,
    NOTIFIER_QUEUE_PREFIX: `browser${suffix}`,
    DOCUMENTS_DIR: join(scratch, 'documents'),
    DEV_ISSUER_DIR: join(scratch, 'dev-issuer'),
    IDP_DATA_DIR: join(scratch, 'dev-idp'),
    ANSWER_LINK_SECRET: process.env.ANSWER_LINK_SECRET ?? randomBytes(32).toString('hex'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    // The mail catcher is no PEC provider with a sending quota: an annual call's 133 PECs go at once.
    NOTIFIER_PEC_RATE_PER_MINUTE: '0',
    PUBLIC_URL: webUrl,
    AUTH_ISSUER: idpUrl,
    AUTH_JWKS_URL: `${idpUrl}/jwks`,
    WEB_OIDC_AUTHORITY: idpUrl,
    WEB_ENVIRONMENT: 'development',
    API_PORT: String(apiPort),
    PEC_IMAP_URL: dovecot.url,
    PEC_IMAP_PASSWORD: dovecot.password,
    // IDLE announces new mail at once; polling is only the fallback.
    PEC_IMAP_POLL_SECONDS: '5',
    LOG_LEVEL: process.env.BROWSER_LOG_LEVEL ?? 'warn',
  };

  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(DIST, 'apps/cli/src/main.js'), ...args], { env: base, cwd: ROOT, stdio: 'pipe' });
  cli('migrate');
  cli('seed', '--demo-contacts');

  const processes: Started[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) p.child.kill('SIGTERM');
    await Promise.all(
      processes.map((p) => (p.child.exitCode !== null ? undefined : new Promise((resolve) => p.child.once('exit', resolve)))),
    );
    const cleanup = new Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await cleanup.end();
    rmSync(scratch, { recursive: true, force: true });
    await dovecot.destroy();
  };
  try {
    const mail = start(
      'maildev',
      join(ROOT, 'node_modules/.bin/maildev'),
      ['--ip', '127.0.0.1', '--smtp', String(smtpPort), '--web', String(mailWebPort), '--silent'],
      base,
    );
    processes.push(mail);
    await waitFor(mail, async () => (await fetch(`http://127.0.0.1:${mailWebPort}/email`)).ok);

    const idp = start('dev-idp', process.execPath, [join(DIST, 'apps/dev-idp/src/main.js')], {
      ...base,
      IDP_PORT: String(idpPort),
      IDP_ISSUER: idpUrl,
      IDP_WEB_ORIGINS: webUrl,
    });
    processes.push(idp);
    await waitFor(idp, async () => (await fetch(`${idpUrl}/.well-known/openid-configuration`)).ok);

    for (const app of ['worker', 'notifier']) processes.push(start(app, process.execPath, [join(DIST, `apps/${app}/src/main.js`)], base));
    const api = start('api', process.execPath, [join(DIST, 'apps/api/src/main.js')], base);
    processes.push(api);
    await waitFor(api, async () => (await fetch(`${webUrl}/status`)).status === 200);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env: {
      WEB_URL: webUrl,
      IDP_URL: idpUrl,
      MAIL_WEB_URL: `http://127.0.0.1:${mailWebPort}`,
      PEC_MAILBOX_URL: dovecot.url,
      PEC_MAILBOX_PASSWORD: dovecot.password,
    },
    stop,
  };
}
