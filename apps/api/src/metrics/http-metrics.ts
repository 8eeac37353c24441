import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The label of a request no route matched (404s, and those refused before routing: 405, 429, body errors). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Nest mounts middleware applied to every route with exclusions (nestjs-pino's) as an Express route
 * on `/{*path}`, which sets `request.route` for every request: when no endpoint matched after it,
 * that catch-all is still there, and it is no route of ours.
 */
const MIDDLEWARE_CATCH_ALL = /^\/?(?:\{\/?)?\*\w*\}?$/;

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route TEMPLATE that served a request (`/cases/:id`), never its path: one series per route,
 * not per case id, so the number of series stays bounded whatever clients send. Express sets
 * `request.route` when a route matched, also when a guard or pipe then refused the request.
 */
export function routeLabel(request: Pick<Request, 'route' | 'baseUrl'>): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || MIDDLEWARE_CATCH_ALL.test(path)) return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}` || '/';
}

export const methodLabel = (method: string | undefined): string => (method && KNOWN_METHODS.has(method) ? method : 'OTHER');

/**
 * Request rate, errors and latency per route: `cmm_http_requests_total{method,route,status}` and
 * `cmm_http_request_duration_seconds{method,route}`. Installed first, so every answer is counted,
 * those of guards, filters and the rate limiter too; a client that goes away before the answer
 * is counted with status 499 (nginx's "client closed request").
 */
export function httpMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'cmm_http_requests_total',
    help: 'HTTP requests answered by the API, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cmm_http_request_duration_seconds',
    help: 'Time from the request to the last byte of the answer, by method and route template.',
    labelNames: ['method', 'route'] as const,
    // Most routes answer in milliseconds; uploads and exports take seconds.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let counted = false;
    const count = () => {
      if (counted) return;
      counted = true;
      const method = methodLabel(request.method);
      const route = routeLabel(request);
      const status = response.writableFinished ? String(response.statusCode) : '499';
      requests.inc({ method, route, status });
      duration.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    response.once('finish', count);
    response.once('close', count);
    next();
  };
}
