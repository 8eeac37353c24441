import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** One span as Jaeger's HTTP query API answers it (the fields the tests read). */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  tags: { key: string; type: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export interface JaegerServer {
  /** The OTLP/HTTP base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpEndpoint: string;
  /** The query service's HTTP base URL (GET /api/traces…). */
  queryUrl: string;
  /** Traces of `service` with every tag given, newest first (Jaeger's own search). */
  findTraces(service: string, tags: Record<string, string>): Promise<JaegerTrace[]>;
  trace(traceId: string): Promise<JaegerTrace | undefined>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The binary `scripts/lib/common.sh` ensure_jaeger builds (JAEGER_BIN, exported by
 * scripts/test.sh), else the cache path it builds into. A missing binary fails the test that asks
 * for it, with the command to build it: the trace test never skips.
 */
export function jaegerBinary(): string {
  const cache = process.env.CMM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? '', '.cache'), 'cmm-procedures');
  const binary = process.env.JAEGER_BIN ?? join(cache, 'jaeger-1.76.0', 'jaeger');
  if (!existsSync(binary)) {
    throw new Error(
      `Jaeger not found at ${binary}: build it with \`bash -c 'source scripts/lib/common.sh && ensure_jaeger'\` (npm test does) or set JAEGER_BIN`,
    );
  }
  return binary;
}

// Jaeger v2 is an OpenTelemetry collector: this is its all-in-one configuration
// (cmd/jaeger/internal/all-in-one.yaml of v1.76.0) reduced to what a test needs: OTLP/HTTP in,
// memory storage, the query service out, on free loopback ports, no metrics endpoint (its fixed
// port 8888 would collide between test files), no traces of its own.
const config = (ports: { otlp: number; queryHttp: number; queryGrpc: number }) => `
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:${ports.queryHttp}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.otlp}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;

/** A private in-memory Jaeger for one test file, in the foreground so the test owns the process. */
export async function startJaeger(limitMs = 60_000): Promise<JaegerServer> {
  const binary = jaegerBinary();
  const dir = await mkdtemp(join(tmpdir(), 'cmm-jaeger-'));
  const ports = { otlp: await freePort(), queryHttp: await freePort(), queryGrpc: await freePort() };
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, config(ports));
  const child: ChildProcess = spawn(binary, ['--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const queryUrl = `http://127.0.0.1:${ports.queryHttp}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  // Ready when the query API answers and the OTLP receiver takes connections.
  const until = Date.now() + limitMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jaeger exited with ${child.exitCode}:\n${output}`);
    const ready = await Promise.all([
      fetch(`${queryUrl}/api/services`).then((r) => r.ok),
      fetch(`http://127.0.0.1:${ports.otlp}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.ok),
    ]).then(
      (answers) => answers.every(Boolean),
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`jaeger did not answer within ${limitMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${queryUrl}${path}`);
    if (response.status === 404) return { data: [] } as T;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    otlpEndpoint: `http://127.0.0.1:${ports.otlp}`,
    queryUrl,
    findTraces: async (service, tags) => {
      const query = new URLSearchParams({ service, tags: JSON.stringify(tags), limit: '20', lookback: '1h' });
      return (await getJson<{ data: JaegerTrace[] | null }>(`/api/traces?${query}`)).data ?? [];
    },
    trace: async (traceId) => (await getJson<{ data: JaegerTrace[] | null }>(`/api/traces/${traceId}`)).data?.[0],
    output: () => output,
    stop,
  };
}

/** The value of a span's tag, if it has it. */
export const tagOf = (span: JaegerSpan, key: string): unknown => span.tags.find((tag) => tag.key === key)?.value;
