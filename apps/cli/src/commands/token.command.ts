import { DEV_AUDIENCE, DEV_ISSUER, ROLES, type Role, ensureDevIssuer, issueDevToken } from '@cmm/auth';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-command';
import { UsageError } from '../cli-command';

/** Where `npm start` keeps the development issuer's key; the API reads the JWKS next to it. */
export const defaultDevIssuerDir = (): string =>
  process.env.DEV_ISSUER_DIR ?? join(resolve(__dirname, '..', '..', '..', '..', '..'), '.data', 'dev-issuer');

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 60 * 60, d: 24 * 60 * 60 };
/**
 * The issuer the API trusts: under `npm start` the development identity provider, which
 * writes its URL next to the shared key (apps/dev-idp); otherwise the plain development issuer.
 */
const issuerOf = (dir: string): string => {
  const file = join(dir, 'issuer');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || DEV_ISSUER : DEV_ISSUER;
};

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: `issue a development token: --role ${ROLES.join('|')} [--istat 015146] [--sub id] [--name "…"] [--email …] [--expires 8h]`,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
          role: { type: 'string' },
          istat: { type: 'string' },
          sub: { type: 'string' },
          name: { type: 'string' },
          email: { type: 'string' },
          expires: { type: 'string', default: '8h' },
          'init-only': { type: 'boolean', default: false },
        },
      }));
    } catch (error) {
      throw new UsageError(`token: ${(error as Error).message}`);
    }
    const dir = defaultDevIssuerDir();
    const files = await ensureDevIssuer(dir);
    const issuer = issuerOf(dir);
    if (values['init-only']) {
      io.stdout(JSON.stringify({ issuer, audience: DEV_AUDIENCE, jwksFile: files.jwksFile }));
      return 0;
    }
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`token: --role must be one of ${ROLES.join(', ')}`);
    const municipal = role === 'comune' || role === 'mayor_office';
    if (municipal && !/^\d{6}$/.test(values.istat ?? '')) throw new UsageError(`token: --istat (six digits) is required for role ${role}`);
    if (!municipal && values.istat) throw new UsageError(`token: --istat applies only to the roles comune and mayor_office`);
    const expires = /^(\d+)([smhd])$/.exec(values.expires ?? '');
    if (!expires) throw new UsageError('token: --expires must look like 30m or 8h');
    // The API refuses tokens valid longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS: never mint one it would refuse.
    const maxSeconds = Number(process.env.AUTH_MAX_TOKEN_LIFETIME_SECONDS ?? 24 * 60 * 60);
    if (Number(expires[1]) * SECONDS_PER_UNIT[expires[2]] > maxSeconds) {
      throw new UsageError(`token: --expires must be at most ${maxSeconds} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
    }
    const subject = values.sub ?? (municipal ? `${role}-${values.istat}` : `${role}-dev`);
    io.stdout(
      await issueDevToken(files.privateKeyFile, {
        subject,
        role,
        istatCode: municipal ? values.istat : undefined,
        name: values.name,
        email: values.email,
        expiresIn: values.expires,
        issuer,
      }),
    );
    return 0;
  },
};
