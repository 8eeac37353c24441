import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TemporalConfig } from '@cmm/config';
import { currentTracing, requestIdClientInterceptor, tracingClientInterceptors } from '@cmm/observability';
import { Client, Connection } from '@temporalio/client';

/**
 * A lazy connection lets the API start while Temporal is still coming up (GET /status says
 * so) instead of crashing in a restart loop.
 */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [TemporalConfig],
      useFactory: (config: TemporalConfig) => Connection.lazy({ address: config.TEMPORAL_ADDRESS }),
    },
    {
      provide: Client,
      inject: [Connection, TemporalConfig],
      useFactory: (connection: Connection, config: TemporalConfig) =>
        new Client({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          interceptors: { workflow: [requestIdClientInterceptor, ...tracingClientInterceptors()] },
        }),
    },
  ],
  exports: [Connection, Client],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
    // The last spans of the process (tracing is started by main.ts; a no-op when it is off).
    await currentTracing().shutdown();
  }
}
