import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '@cmm/auth';
import { AuthConfig } from '@cmm/config';
import { AccessGuard } from './access.guard';
import { UserDirectory } from './user-directory.service';

@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [AuthConfig],
      useFactory: (config: AuthConfig) =>
        new TokenVerifier({
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          jwksUrl: config.AUTH_JWKS_URL,
          jwksFile: config.AUTH_JWKS_FILE,
          maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
        }),
    },
    UserDirectory,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
