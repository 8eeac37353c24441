import { type DynamicModule, Module } from '@nestjs/common';
import {
  AuthClaimMappingConfig,
  AuthConfig,
  DatabaseConfig,
  DocumentsConfig,
  HttpConfig,
  MetricsConfig,
  RateLimitConfig,
  ProcedureConfig,
  RedisConfig,
  SignaturesConfig,
  TemporalConfig,
  WebConfig,
  loadConfig,
} from '@cmm/config';

export const API_CONFIGS: (new () => object)[] = [
  DatabaseConfig,
  RedisConfig,
  TemporalConfig,
  HttpConfig,
  AuthConfig,
  RateLimitConfig,
  DocumentsConfig,
  SignaturesConfig,
  ProcedureConfig,
  AuthClaimMappingConfig,
  WebConfig,
  MetricsConfig,
];

/**
 * Each configuration class is its own injection token, validated once at boot from the
 * given environment (process.env in production; tests pass their own).
 */
@Module({})
export class ConfigModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: API_CONFIGS.map((configClass) => ({ provide: configClass, useFactory: () => loadConfig(configClass, env) })),
      exports: API_CONFIGS,
    };
  }
}
