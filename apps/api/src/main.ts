import 'reflect-metadata';
import { ConfigError, HttpConfig, MetricsConfig, loadConfig, loadConfigs } from '@cmm/config';
import { createMetricsRegistry, startMetricsServer, startTracing } from '@cmm/observability';
import { Logger } from 'nestjs-pino';
import { createApp } from './create-app';
import { API_CONFIGS } from './infrastructure/config.module';

async function main(): Promise<void> {
  startTracing('api');
  // Every variable is checked before anything starts, so one run names every problem.
  loadConfigs(API_CONFIGS);
  const http = loadConfig(HttpConfig);
  const metrics = loadConfig(MetricsConfig);
  const registry = createMetricsRegistry();
  const app = await createApp({ metrics: registry });
  await app.listen(http.API_PORT, http.API_HOST);
  // On a port of its own: the API's port is the public one behind the load balancer.
  const metricsServer =
    metrics.METRICS_PORT > 0
      ? await startMetricsServer({ host: metrics.METRICS_HOST, port: metrics.METRICS_PORT, registry, logger: pinoWarn(app) })
      : null;
  if (metricsServer) app.get(Logger).log(`metrics served on ${metrics.METRICS_HOST}:${metricsServer.port}`);

  // Stop taking connections, let in-flight requests finish, close Temporal, Redis and the
  // pool, then exit 0: a supervisor sees a clean stop, not a crash.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const logger = app.get(Logger);
    logger.log(`${signal} received: stopping`);
    await app.close();
    await metricsServer?.close();
    logger.log('api stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  // Last resort, not a way to keep serving: an error nobody handled means state we cannot
  // vouch for (a half-written response, a stream, a pool), so the process says what happened
  // and exits 1; the supervisor of `npm start` (or systemd, Kubernetes) starts a clean one.
  // Every known error path is handled where it happens; reaching this is a defect to fix.
  const die = (kind: string) => (error: unknown) => {
    app.get(Logger).fatal?.(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.error(`${kind}:`, error);
    process.exitCode = 1;
    // Closing may itself hang on the broken state: bounded, then out.
    setTimeout(() => process.exit(1), FATAL_CLOSE_MS).unref();
    void app.close().finally(() => process.exit(1));
  };
  process.once('uncaughtException', die('uncaught exception'));
  process.once('unhandledRejection', die('unhandled rejection'));
}

const FATAL_CLOSE_MS = 5_000;

const pinoWarn = (app: Awaited<ReturnType<typeof createApp>>) => ({
  warn: (object: object, message: string) => app.get(Logger).warn(`${message} ${JSON.stringify(object)}`),
});

main().catch((error: unknown) => {
  // Nest wraps provider failures; the configuration error underneath is what an operator needs.
  const cause = error instanceof ConfigError ? error : (error as { cause?: unknown })?.cause;
  console.error(cause instanceof ConfigError ? cause.message : error);
  process.exit(1);
});
