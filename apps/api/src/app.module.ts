import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createLogger } from '@cmm/observability';
import type { IncomingMessage } from 'node:http';
import { AdhesionsModule } from './adhesions/adhesions.module';
import { AnnualCallsModule } from './annual-calls/annual-calls.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CompatibilityEvaluationsModule } from './compatibility-evaluations/compatibility-evaluations.module';
import { ConcertationConferencesModule } from './concertation-conferences/concertation-conferences.module';
import { SttmApprovalsModule } from './sttm-approvals/sttm-approvals.module';
import { TerritorialAgreementsModule } from './territorial-agreements/territorial-agreements.module';
import { DocumentsModule } from './documents/documents.module';
import { FundModule } from './fund/fund.module';
import { ConfigModule } from './infrastructure/config.module';
import { DatabaseModule } from './infrastructure/database.module';
import { RedisModule } from './infrastructure/redis.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalModule } from './infrastructure/temporal.module';
import { StatusModule } from './status/status.module';
import { SystemProbesModule } from './system-probes/system-probes.module';
import { UploadsModule } from './uploads/uploads.module';
import { PecInboxModule } from './pec-inbox/pec-inbox.module';
import { RegistryModule } from './registry/registry.module';
import { TimelineModule } from './timeline/timeline.module';
import { WebModule } from './web/web.module';
import { SavedFiltersModule } from './saved-filters/saved-filters.module';
import { CaseActionsModule } from './case-actions/case-actions.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { CasesExportModule } from './cases-export/cases-export.module';

const logging = (env: NodeJS.ProcessEnv) =>
  LoggerModule.forRoot({
    pinoHttp: {
      logger: createLogger('api', env.LOG_LEVEL),
      // The id was chosen by the request-id middleware, which runs first.
      genReqId: (request: IncomingMessage) => request.id ?? 'unknown',
      autoLogging: { ignore: (request) => request.url === '/status' || request.url === '/status/ready' },
    },
  });

@Module({})
export class AppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        logging(env),
        ConfigModule.forRoot(env),
        DatabaseModule,
        RedisModule,
        TemporalModule,
        AuthModule,
        StatusModule,
        SystemProbesModule,
        CasesModule,
        UploadsModule,
        CompatibilityEvaluationsModule,
        ConcertationConferencesModule,
        SttmApprovalsModule,
        TerritorialAgreementsModule,
        AdhesionsModule,
        FundModule,
        AnnualCallsModule,
        DocumentsModule,
        RegistryModule,
        PecInboxModule,
        TimelineModule,
        NotificationsModule,
        MunicipalitiesModule,
        WebModule,
        SavedFiltersModule,
        CaseActionsModule,
        WorkspaceModule,
        CasesExportModule,
      ],
    };
  }
}
