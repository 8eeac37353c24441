import { DEV_AUDIENCE } from '@cmm/auth';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startDevIdp } from './dev-idp-server';

/** The repository root, found from this file in `apps/` as well as in `dist/apps/`. */
const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
};

const fail = (message: string): never => {
  console.error(`dev-idp: ${message}`);
  process.exit(1);
};

async function main(): Promise<void> {
  const env = process.env;
  const host = env.IDP_HOST ?? '127.0.0.1';
  const port = Number(env.IDP_PORT ?? '3100');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('IDP_PORT must be a port number');
  // Loopback only: this provider signs in anyone who picks a name from a list.
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) fail('IDP_HOST must be a loopback address: this provider is for development only');
  const issuer = (env.IDP_ISSUER ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const webOrigins = (env.IDP_WEB_ORIGINS ?? 'http://127.0.0.1:3000,http://127.0.0.1:5173,http://localhost:5173')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of webOrigins)
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) fail(`IDP_WEB_ORIGINS: "${origin}" is not an origin (scheme://host:port)`);
  const accessTokenSeconds = Number(env.IDP_ACCESS_TOKEN_SECONDS ?? '600');
  if (!Number.isInteger(accessTokenSeconds) || accessTokenSeconds < 10) fail('IDP_ACCESS_TOKEN_SECONDS must be an integer ≥ 10');

  const idp = await startDevIdp(
    {
      issuer,
      audience: env.IDP_AUDIENCE ?? DEV_AUDIENCE,
      clientId: env.IDP_CLIENT_ID ?? 'cmm-web',
      webOrigins,
      keyDir: resolve(repositoryRoot(), env.DEV_ISSUER_DIR ?? '.data/dev-issuer'),
      dataDir: resolve(repositoryRoot(), env.IDP_DATA_DIR ?? '.data/dev-idp'),
      accessTokenSeconds,
    },
    { host, port },
  );
  console.log(JSON.stringify({ level: 'info', msg: 'development identity provider listening', issuer: idp.issuer, webOrigins }));
  const stop = () => void idp.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
