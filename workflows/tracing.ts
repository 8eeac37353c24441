// Workflow spans whose ids do not come from the workflow's random numbers. The SDK's
// OpenTelemetry workflow interceptors create spans with the default id generator, which draws
// from Math.random: inside a workflow that is the seeded generator uuid4() also draws from, so
// every span shifted the ids the workflow derives from it (child workflow ids) and recorded
// histories failed to replay. Here ids are a hash of the run id and a per-run counter: no random
// number is consumed, and a replay rebuilds the same ids for the same spans.
import { BasicTracerProvider, type IdGenerator, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Tracer } from '@opentelemetry/api';
import { SpanExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/span-exporter';
import { workflowInfo } from '@temporalio/workflow';

/** FNV-1a, 32 bits, as 8 hex digits. */
const fnv1a = (text: string, seed: number): string => {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

const SEEDS = [0x811c9dc5, 0x050c5d1f, 0x2f8a6b3d, 0x6a09e667] as const;

/** Ids from the run id and a counter of this run's spans (`new` per workflow run). */
export class RunScopedIdGenerator implements IdGenerator {
  private count = 0;
  constructor(private readonly runId: string) {}

  private next(parts: number): string {
    const key = `${this.runId}/${++this.count}`;
    const id = SEEDS.slice(0, parts)
      .map((seed) => fnv1a(key, seed))
      .join('');
    return /^0+$/.test(id) ? id.replace(/0$/, '1') : id;
  }

  generateTraceId(): string {
    return this.next(4);
  }

  generateSpanId(): string {
    return this.next(2);
  }
}

/**
 * A tracer for one workflow run, exporting through the SDK's span exporter (the `exporter` sink
 * the worker injects). Call it in the workflow interceptors factory, which runs once per run.
 */
export function workflowRunTracer(): Tracer {
  const provider = new BasicTracerProvider({
    idGenerator: new RunScopedIdGenerator(workflowInfo().runId),
    spanProcessors: [new SimpleSpanProcessor(new SpanExporter())],
  });
  return provider.getTracer('@temporalio/interceptor-workflow');
}
