import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A registry of one process, never prom-client's global one: tests build several apps in one
 * Jest worker, and each must count only its own requests. The process metrics (CPU, memory,
 * event loop lag, handles) come with it, under prom-client's standard names.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * A value read at scrape time that costs a query (PostgreSQL, Redis): kept for `ttlMs` so that
 * several Prometheus servers, or a dashboard refreshing every second, cost one query per
 * interval. Concurrent scrapes share the read in flight; a failed read is not kept.
 */
export function cachedRead<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    const entry = { at: now(), value: read() };
    cached = entry;
    entry.value.catch(() => {
      if (cached === entry) cached = null;
    });
    return entry.value;
  };
}

export type { Registry };
