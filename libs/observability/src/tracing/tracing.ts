import { TracingConfig, loadConfig } from '@cmm/config';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { currentRequestId } from '../request-context';

/** The attribute every span of ours carries: the request id that also travels in logs and Temporal headers. */
export const REQUEST_ID_ATTRIBUTE = 'cmm.request_id';

export type TracedProcess = 'api' | 'worker' | 'notifier';

export interface Tracing {
  readonly enabled: boolean;
  readonly serviceName: string;
  /** Where ended spans go; the worker hands it to the workflow span sink. Undefined when off. */
  readonly spanProcessor?: SpanProcessor;
  readonly resource?: Resource;
  /** Exports what is still buffered and stops; safe to call more than once. */
  shutdown(): Promise<void>;
}

const DISABLED: Tracing = { enabled: false, serviceName: '', shutdown: async () => undefined };
let current: Tracing = DISABLED;

/** The tracing of this process (started or not). */
export const currentTracing = (): Tracing => current;

/** Sets the request id of the ambient request context on every span started in it. */
class RequestIdSpanProcessor implements SpanProcessor {
  onStart(span: Span): void {
    const requestId = currentRequestId();
    if (requestId) span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Starts OpenTelemetry tracing for this process when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: a NodeTracerProvider registered globally (async
 * context, W3C trace-context propagation), spans batched to the OTLP/HTTP endpoint under the
 * service name `cmm-<process>` (OTEL_SERVICE_NAME overrides it). Without an endpoint nothing is
 * registered: the OpenTelemetry API stays its own no-op and spans cost nothing.
 * Buffered spans are exported when the event loop empties (worker, notifier) or on `shutdown()`.
 */
export function startTracing(process_: TracedProcess, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (current.enabled) return current;
  const config = loadConfig(TracingConfig, env);
  const url =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return DISABLED;
  const serviceName = config.OTEL_SERVICE_NAME ?? `cmm-${process_}`;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new RequestIdSpanProcessor(), spanProcessor] });
  provider.register();
  let stopped: Promise<void> | undefined;
  const shutdown = () => (stopped ??= provider.shutdown().catch(() => undefined));
  process.once('beforeExit', () => void shutdown());
  current = { enabled: true, serviceName, spanProcessor, resource, shutdown };
  return current;
}

/** A tracer of ours (a no-op one when tracing is off). */
export const cmmTracer = () => trace.getTracer('cmm');

/** The W3C `traceparent` of the active span, to store with work that another process picks up later. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a stored `traceparent` names (the root context when there is none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** Runs `fn` in a new span (ended when `fn` settles; an error sets its status and is rethrown). */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return cmmTracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind, SpanStatusCode };
