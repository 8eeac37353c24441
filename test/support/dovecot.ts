import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface DovecotServer {
  /** imap://pec%40cmm.test@127.0.0.1:port (plain IMAP on loopback). */
  url: string;
  /** imaps://…:port, with `caFile` to trust. */
  tlsUrl: string;
  caFile: string;
  user: string;
  password: string;
  host: string;
  port: number;
  tlsPort: number;
  /** The folder's Maildir, to edit what a real server keeps there (dovecot-uidvalidity). */
  maildir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Removes the whole instance (config, mail, certificate). */
  destroy(): Promise<void>;
}

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((path) => existsSync(path)) ?? 'dovecot';

const waitForPort = async (port: number, limitMs: number): Promise<void> => {
  const until = Date.now() + limitMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port} within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * A private Dovecot (Debian's dovecot-imapd, installed by scripts/lib/common.sh ensure_dovecot)
 * for one test file: config, runtime and state directories, a passwd-file user and its
 * Maildir all under a fresh temporary directory, IMAP and IMAPS (self-signed certificate made
 * with openssl) on free loopback ports, run in the foreground (-F) so the test owns the
 * process. Several instances run side by side: nothing is shared with the system's Dovecot.
 */
export async function startDovecot(): Promise<DovecotServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cmm-dovecot-'));
  // Dovecot's unprivileged processes read the configuration and the passwd-file.
  await chmod(dir, 0o755);
  for (const sub of ['run', 'state', 'home']) await mkdir(join(dir, sub), { recursive: true });
  const user = 'protocollo@cmm.test';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const [port, tlsPort] = [await freePort(), await freePort()];
  const me = userInfo();
  const key = join(dir, 'server.key');
  const cert = join(dir, 'server.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  // Run by an ordinary user, every Dovecot process (and the mail) is that user's. Run as root
  // (CI), Dovecot refuses root for its login processes and for mail: the Debian package's own
  // users take those roles (dovenull logs in, dovecot owns the throw-away Maildir).
  const root = me.uid === 0;
  const account = (name: string, flag: '-u' | '-g') => Number(execFileSync('id', [flag, name]).toString().trim());
  const mailUid = root ? account('dovecot', '-u') : me.uid;
  const mailGid = root ? account('dovecot', '-g') : me.gid;
  if (root) await chown(join(dir, 'home'), mailUid, mailGid);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${cert}
ssl_key = <${key}
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
first_valid_gid = 0
default_internal_user = ${root ? 'dovecot' : me.username}
default_login_user = ${root ? 'dovenull' : me.username}
default_internal_group = ${root ? 'dovecot' : execFileSync('id', ['-gn']).toString().trim()}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%n
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
    ssl = yes
  }
}
`;
  const configFile = join(dir, 'dovecot.conf');
  await writeFile(configFile, config, { mode: 0o644 });
  let child: ChildProcess | null = null;
  const encodedUser = encodeURIComponent(user);

  const server: DovecotServer = {
    url: `imap://${encodedUser}@127.0.0.1:${port}`,
    tlsUrl: `imaps://${encodedUser}@127.0.0.1:${tlsPort}`,
    caFile: cert,
    user,
    password,
    host: '127.0.0.1',
    port,
    tlsPort,
    maildir: join(dir, 'home', 'protocollo', 'Maildir'),
    async start() {
      const started = spawn(DOVECOT, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child = started;
      try {
        await Promise.race([
          Promise.all([waitForPort(port, 20_000), waitForPort(tlsPort, 20_000)]),
          new Promise((_, reject) => started.once('exit', (code) => reject(new Error(`dovecot exited (${code}): ${output}`)))),
        ]);
      } catch (error) {
        const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
        throw new Error(`${(error as Error).message}\n${log}`);
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
    async restart() {
      await server.stop();
      await server.start();
    },
    async destroy() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
