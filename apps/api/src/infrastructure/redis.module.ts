import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RedisConfig } from '@cmm/config';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [RedisConfig],
      // Fail fast instead of queueing commands while Redis is away: callers report the
      // outage (503) rather than hang.
      useFactory: (config: RedisConfig) =>
        new Redis(config.REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
