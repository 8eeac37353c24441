import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port (tests); the caller decides whether to start the server at all. */
  port: number;
  registry: Registry;
  /**
   * Exposition text appended after the registry's, e.g. the Temporal SDK's own exporter read on
   * its loopback port, so a process is one scrape target. It must never throw (say why instead).
   */
  extra?: () => Promise<string>;
  logger?: { warn(object: object, message: string): void };
}

export interface RunningMetricsServer {
  port: number;
  close(): Promise<void>;
}

const METRICS_PATH = /^\/metrics(?:\?.*)?$/;

/**
 * `GET /metrics` in Prometheus' text format, on a port of its own (never the API's: the public
 * load balancer must not expose it). Everything else is 404. A malformed request is answered 400
 * by Node's parser and the socket closed; nothing a client sends reaches an unhandled error.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void answer(options, request, response);
  });
  // A scraper answers in seconds; a client that trickles bytes is not one.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.on('clientError', (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger?.warn({ error: String(error) }, 'metrics server error'));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(options: MetricsServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The body, if any, is never read: drain it so the socket can be reused or closed cleanly.
  request.resume();
  request.on('error', () => undefined);
  response.on('error', () => undefined);
  const isMetrics = (request.method === 'GET' || request.method === 'HEAD') && METRICS_PATH.test(request.url ?? '');
  if (!isMetrics) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  try {
    const own = await options.registry.metrics();
    const extra = options.extra ? await options.extra() : '';
    const body = extra ? `${own}\n${extra}` : own;
    response.writeHead(200, { 'Content-Type': options.registry.contentType, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    options.logger?.warn({ error: String(error) }, 'metrics collection failed');
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
  }
}
