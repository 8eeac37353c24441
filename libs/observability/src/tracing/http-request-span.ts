import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_ATTRIBUTE, cmmTracer, currentTracing } from './tracing';

/**
 * One server span per HTTP request, child of the caller's W3C `traceparent` when it sends one,
 * with the request id; `next` runs inside it, so the Temporal client's spans (and the headers
 * it writes) hang below it. The span ends when the response is finished or the connection
 * closes. With tracing off the tracer is the API's no-op one and `next` runs unchanged.
 */
export function runInHttpRequestSpan(request: IncomingMessage, response: ServerResponse, requestId: string, next: () => void): void {
  if (!currentTracing().enabled) return next();
  const parent = propagation.extract(context.active(), request.headers);
  const method = request.method ?? 'GET';
  const span = cmmTracer().startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: { [REQUEST_ID_ATTRIBUTE]: requestId, 'http.request.method': method, 'url.path': (request.url ?? '').split('?')[0] },
    },
    parent,
  );
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    // Express sets the matched route after routing; the low-cardinality name Jaeger lists by.
    const route = (request as IncomingMessage & { route?: { path?: string } }).route?.path;
    if (route) {
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  response.once('finish', end);
  response.once('close', end);
  context.with(trace.setSpan(parent, span), next);
}
