import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '@cmm/contracts';
import type { Logger } from 'pino';
import { currentRequestId, runWithRequestId } from './request-context';

const withRequestId = (headers: Headers): Headers => {
  const requestId = currentRequestId();
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
};

export const readRequestId = (headers: Headers): string | undefined => {
  const payload = headers[REQUEST_ID_HEADER];
  return payload ? (defaultPayloadConverter.fromPayload(payload) as string) : undefined;
};

/** Client side: every workflow start, update and signal carries the current request id. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startWithDetails: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({
      ...input,
      workflowStartHeaders: withRequestId(input.workflowStartHeaders),
      updateHeaders: withRequestId(input.updateHeaders),
    }),
  signal: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
};

/**
 * Worker side: the activity runs inside the request's context, so repositories and
 * loggers below it see the id, and `activity.log` lines carry it as an attribute.
 */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = readRequestId(input.headers);
        return requestId ? runWithRequestId(requestId, () => next(input)) : next(input);
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
    },
  };
};

/** Routes the Temporal SDK's own logs (worker, workflow and activity loggers) into pino. */
export function temporalLoggerFrom(logger: Logger): TemporalLogger {
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => logger[levels[level]](meta ?? {}, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
