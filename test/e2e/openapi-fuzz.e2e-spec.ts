// Property-based fuzz of the whole API from its own OpenAPI document (Schemathesis, PyPI,
// in the virtualenv scripts/lib/common.sh `ensure_schemathesis` makes): requests that follow
// the document must never get a 5xx, and every answer must be one the document declares, in
// the declared media type, with a body that matches the declared schema. Each role runs the
// operations it may call (the first role that may, so each operation runs once); bounded in
// examples per operation and in time, with a fixed seed so a failure reproduces.
import { createApp } from '../../apps/api/src/create-app';
import { routeCatalog } from '../../apps/api/src/openapi/route-catalog';
import type { Role } from '@cmm/auth';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  startDevServerWorker,
  temporalAddress,
  uniqueTaskQueue,
} from '@cmm/test-support';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { createDatabaseWithMunicipalities, createDocumentsDir } from './support/procedure-setup';

const ROOT = join(__dirname, '..', '..');
const MILANO = '015146';
const ROLE_ORDER: Role[] = ['officer', 'manager', 'admin', 'comune', 'mayor_office'];
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '5';
const SEED = process.env.FUZZ_SEED ?? '20261202';
// A hang guard for one role's run (its --max-time budget is far below), not a performance expectation.
const RUN_LIMIT_MS = 200_000;
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
];

const schemathesis = (): string => {
  const binary = process.env.SCHEMATHESIS;
  if (!binary)
    throw new Error(
      'SCHEMATHESIS is not set: run the tests with `npm test`, which installs it (scripts/lib/common.sh ensure_schemathesis)',
    );
  return binary;
};

function run(binary: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Run from .data/openapi: Schemathesis keeps its own state (.schemathesis/) in its working directory.
    const child = spawn(binary, args, {
      cwd: join(ROOT, '.data', 'openapi'),
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGTERM'), RUN_LIMIT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

describe('API fuzz from the OpenAPI document (Schemathesis)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let baseUrl: string;
  let documentFile: string;
  let namespace: string;

  beforeAll(async () => {
    schemathesis();
    db = await createDatabaseWithMunicipalities();
    const taskQueue = uniqueTaskQueue('e2e-fuzz');
    // Workflow ids come from business keys (annual-call-<year>...): the fuzz starts procedures
    // in a namespace of its own so it never meets the workflows of other test files.
    namespace = `fuzz-${taskQueue}`;
    const connection = await Connection.connect({ address: temporalAddress() });
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await connection.close();
    const documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, { documentsDir, namespace });
    issuer = await createTestIssuer();
    app = await createApp({
      logs: false,
      env: {
        ...process.env,
        ...issuer.env,
        DATABASE_URL: db.url,
        TEMPORAL_TASK_QUEUE: taskQueue,
        TEMPORAL_NAMESPACE: namespace,
        DOCUMENTS_DIR: documentsDir,
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    const dir = join(ROOT, '.data', 'openapi');
    await mkdir(dir, { recursive: true });
    documentFile = join(dir, `openapi-fuzz-${process.pid}.json`);
    await writeFile(documentFile, JSON.stringify(document));
  });

  afterAll(async () => {
    // The fuzz leaves procedures half-way (and some whose activities retry on data the API
    // should have refused): end them, so the worker can stop.
    if (namespace) {
      const connection = await Connection.connect({ address: temporalAddress() });
      const client = new Client({ connection, namespace });
      for await (const execution of client.workflow.list({ query: 'ExecutionStatus="Running"' })) {
        await client.workflow
          .getHandle(execution.workflowId, execution.runId)
          .terminate('fuzz over')
          .catch(() => undefined);
      }
      await connection.close();
    }
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  it('finds no server error and no answer the document does not declare, for any role', async () => {
    const routes = routeCatalog(app);
    const operationId = (handler: string) => handler.replace(/Controller\./, '_');
    const covered = new Set<string>();
    const failures: string[] = [];
    for (const role of ROLE_ORDER) {
      const ids = routes
        .filter(
          (route) =>
            !covered.has(route.handler) &&
            (route.rule?.public === true || (route.rule?.public === false && route.rule.roles.includes(role))),
        )
        .map((route) => route.handler);
      ids.forEach((id) => covered.add(id));
      if (ids.length === 0) continue;
      const token = await issuer.token({
        subject: `fuzz-${role}`,
        role,
        istatCode: role === 'comune' || role === 'mayor_office' ? MILANO : undefined,
        email: `${role}@fuzz.test`,
      });
      const { code, output } = await run(schemathesis(), [
        'run',
        documentFile,
        '--url',
        baseUrl,
        '--header',
        `Authorization: Bearer ${token}`,
        '--include-operation-id-regex',
        `^(${ids.map(operationId).join('|')})$`,
        '--mode',
        'positive',
        '--phases',
        'examples,coverage,fuzzing',
        '--checks',
        CHECKS.join(','),
        '--max-examples',
        MAX_EXAMPLES,
        '--seed',
        SEED,
        '--workers',
        '2',
        '--request-timeout',
        '20',
        '--max-time',
        String(role === 'officer' ? 70 : 20),
        '--generation-database',
        'none',
        '--suppress-health-check',
        'all',
        '--no-color',
      ]);
      // The whole report stays on disk for whoever reruns a failing request.
      await writeFile(join(ROOT, '.data', 'openapi', `fuzz-${role}-${process.pid}.log`), output);
      if (code !== 0) failures.push(`--- role ${role}: schemathesis exit ${code}\n${output}`);
    }
    expect(covered.size).toBe(routes.length);
    expect(failures.join('\n')).toBe('');
  }, 600_000);
});
