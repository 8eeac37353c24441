import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-context';

/**
 * JSON logs on stdout, one line per event, with the service name and the request id of the
 * action being served: what a log shipper and an operator grepping for an id both need.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials never reach the logs.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

export type { Logger };
