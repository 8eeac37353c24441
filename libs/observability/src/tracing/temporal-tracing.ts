import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetryWorkflowExporter,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { currentTracing } from './tracing';

/**
 * Client side (the API, the notifier's signals): the SDK's OpenTelemetry interceptor opens a
 * `StartWorkflow:…`/`UpdateWithStart:…` span below the request's span and writes its context into
 * the Temporal header `_tracer-data`, which the workflow interceptors of the bundle read.
 * None when tracing is off.
 */
export function tracingClientInterceptors(): WorkflowClientInterceptor[] {
  return currentTracing().enabled ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}

/**
 * Worker side: `RunActivity:…` spans, children of the workflow's `StartActivity:…` span through
 * the activity's headers. Put after requestIdActivityInterceptor, so the span starts inside the
 * request-id context and gets `cmm.request_id`. None when tracing is off.
 */
export function tracingActivityInterceptors(): ActivityInterceptorsFactory[] {
  if (!currentTracing().enabled) return [];
  return [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
}

/**
 * The sink the workflow interceptors of the bundle export their spans through (workflow code
 * does no I/O: spans cross the isolate boundary as sink calls, not during replay). With tracing
 * off the sink is still there, so the bundle's calls land somewhere, and drops them.
 */
export function tracingWorkflowSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  const { spanProcessor, resource } = currentTracing();
  if (spanProcessor && resource) return { exporter: makeWorkflowExporter(spanProcessor, resource) };
  return { exporter: { export: { fn: () => undefined } } };
}
