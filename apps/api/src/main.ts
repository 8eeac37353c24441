import 'reflect-metadata';
import { ConfigError, HttpConfig, loadConfig, loadConfigs } from '@cmm/config';
import { Logger } from 'nestjs-pino';
import { createApp } from './create-app';
import { API_CONFIGS } from './infrastructure/config.module';

async function main(): Promise<void> {
  // Every variable is checked before anything starts, so one run names every problem.
  loadConfigs(API_CONFIGS);
  const http = loadConfig(HttpConfig);
  const app = await createApp();
  await app.listen(http.API_PORT, http.API_HOST);

  // Stop taking connections, let in-flight requests finish, close Temporal, Redis and the
  // pool, then exit 0: a supervisor sees a clean stop, not a crash.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const logger = app.get(Logger);
    logger.log(`${signal} received: stopping`);
    await app.close();
    logger.log('api stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Nest wraps provider failures; the configuration error underneath is what an operator needs.
  const cause = error instanceof ConfigError ? error : (error as { cause?: unknown })?.cause;
  console.error(cause instanceof ConfigError ? cause.message : error);
  process.exit(1);
});
