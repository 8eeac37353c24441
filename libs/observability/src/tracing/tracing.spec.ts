import { ConfigError } from '@cmm/config';
import { context, trace } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent, currentTracing, startTracing } from './tracing';

describe('startTracing', () => {
  it('is off without an OTLP endpoint: nothing registered, no traceparent to store', () => {
    const tracing = startTracing('api', {});
    expect(tracing.enabled).toBe(false);
    expect(currentTracing().enabled).toBe(false);
    expect(currentTraceparent()).toBeNull();
    const span = trace.getTracer('t').startSpan('x');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('names a malformed endpoint or service name', () => {
    expect(() => startTracing('api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_SERVICE_NAME: 'a b' })).toThrow(ConfigError);
    try {
      startTracing('api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_SERVICE_NAME: 'a b' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: /),
        expect.stringMatching(/^OTEL_SERVICE_NAME: /),
      ]);
    }
  });

  it('reads a stored traceparent back as the parent context', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    // Without a registered propagator (tracing off) the stored value is ignored: the root context.
    expect(trace.getSpanContext(contextFromTraceparent(traceparent))).toBeUndefined();
    expect(contextFromTraceparent(null)).toBe(context.active());
  });
});
