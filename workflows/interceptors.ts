// Loaded into the workflow bundle (see scripts/build-workflow-bundle.ts): keeps the request
// id that started or updated a workflow, passes it to its activities and children, and
// adds it to workflow log lines and to the workflow's trace spans. The OpenTelemetry
// interceptors of the SDK open the workflow's spans (RunWorkflow, HandleUpdate, StartActivity…)
// as children of the context in the `_tracer-data` header and hand them to the worker's sink:
// they add headers, never commands, so recorded histories replay unchanged.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { type Tracer, trace } from '@opentelemetry/api';
import { REQUEST_ID_HEADER } from '@cmm/contracts';
import { workflowRunTracer } from './tracing';

// The SDK's interceptors, with this run's tracer (span ids that draw no workflow random numbers: workflows/tracing.ts).
class InboundTracing extends OpenTelemetryInboundInterceptor {
  constructor(protected override readonly tracer: Tracer) {
    super();
  }
}
class OutboundTracing extends OpenTelemetryOutboundInterceptor {
  constructor(protected override readonly tracer: Tracer) {
    super();
  }
}

/** The span attribute of the request id (libs/observability REQUEST_ID_ATTRIBUTE; workflow code cannot import it). */
const REQUEST_ID_ATTRIBUTE = 'cmm.request_id';

export const interceptors: WorkflowInterceptorsFactory = () => {
  const tracer = workflowRunTracer();
  let requestId: Headers[string] | undefined;
  const remember = (headers: Headers) => {
    if (headers[REQUEST_ID_HEADER]) requestId = headers[REQUEST_ID_HEADER];
  };
  const propagate = (headers: Headers): Headers => (requestId ? { ...headers, [REQUEST_ID_HEADER]: requestId } : headers);
  const decoded = () => (requestId ? (defaultPayloadConverter.fromPayload(requestId) as string) : undefined);
  // Runs inside the OpenTelemetry interceptors (listed first, so outermost): the active span is theirs.
  const tag = () => {
    const id = decoded();
    if (id) trace.getActiveSpan()?.setAttribute(REQUEST_ID_ATTRIBUTE, id);
  };

  return {
    inbound: [
      new InboundTracing(tracer),
      {
        execute: (input, next) => {
          remember(input.headers);
          tag();
          return next(input);
        },
        handleUpdate: (input, next) => {
          remember(input.headers);
          tag();
          return next(input);
        },
        handleSignal: (input, next) => {
          remember(input.headers);
          tag();
          return next(input);
        },
      },
    ],
    outbound: [
      new OutboundTracing(tracer),
      {
        scheduleActivity: (input, next) => {
          tag();
          return next({ ...input, headers: propagate(input.headers) });
        },
        scheduleLocalActivity: (input, next) => {
          tag();
          return next({ ...input, headers: propagate(input.headers) });
        },
        startChildWorkflowExecution: (input, next) => {
          tag();
          return next({ ...input, headers: propagate(input.headers) });
        },
        getLogAttributes: (input, next) => {
          const id = decoded();
          return next(id ? { ...input, requestId: id } : input);
        },
      },
    ],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
