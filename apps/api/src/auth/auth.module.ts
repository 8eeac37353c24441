import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier, VerifiedTokenCache, claimMappingFrom } from '@cmm/auth';
import { AuthClaimMappingConfig, AuthConfig } from '@cmm/config';
import { AccessGuard } from './access.guard';
import { UserDirectory } from './user-directory.service';

@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [AuthConfig, AuthClaimMappingConfig],
      useFactory: (config: AuthConfig, claims: AuthClaimMappingConfig) =>
        new TokenVerifier({
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          jwksUrl: config.AUTH_JWKS_URL,
          jwksFile: config.AUTH_JWKS_FILE,
          maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
          claimMapping: claimMappingFrom({
            roleClaim: claims.AUTH_ROLE_CLAIM,
            istatClaim: claims.AUTH_ISTAT_CLAIM,
            roleMap: claims.AUTH_ROLE_MAP,
          }),
          cache: new VerifiedTokenCache({ maxEntries: config.AUTH_TOKEN_CACHE_MAX_ENTRIES }),
        }),
    },
    UserDirectory,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
