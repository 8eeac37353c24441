// The published OpenAPI document passes our encoding of the Italian interoperability
// guidelines' lint rules (apps/api/src/openapi/guidelines.spectral.yaml) with 0 errors.
// The document is the one the running API serves, written to a file for Spectral.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';

const ROOT = join(__dirname, '..', '..');
const RULESET = join(ROOT, 'apps', 'api', 'src', 'openapi', 'guidelines.spectral.yaml');

interface SpectralResult {
  code: string | number;
  message: string;
  path: string[];
  severity: number; // 0 error, 1 warn, 2 info, 3 hint
}

describe('OpenAPI document lint (Italian guidelines, Spectral)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let file: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const issuer = await createTestIssuer();
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    const dir = join(ROOT, '.data', 'openapi');
    await mkdir(dir, { recursive: true });
    file = join(dir, `openapi-${process.pid}.json`);
    await writeFile(file, JSON.stringify(document, null, 2));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has 0 errors under the guidelines ruleset', async () => {
    const spectral = join(ROOT, 'node_modules', '.bin', 'spectral');
    // Spectral exits 1 when it finds errors; the JSON report is what the assertion reads.
    const { stdout } = await promisify(execFile)(
      spectral,
      ['lint', file, '--ruleset', RULESET, '--format', 'json', '--quiet', '--fail-severity', 'error'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`spectral failed: ${error.stderr}`);
      return { stdout: error.stdout };
    });
    const results = JSON.parse(stdout || '[]') as SpectralResult[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`);
    expect(errors).toEqual([]);
  });
});
