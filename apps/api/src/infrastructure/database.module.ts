import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConfig } from '@cmm/config';
import {
  AnswerLinkRepository,
  AnnualCallRepository,
  CaseRepository,
  DeadlineRepository,
  DocumentRepository,
  MunicipalityRepository,
  NotificationOutboxRepository,
  PecMailboxRepository,
  RegistryRepository,
  SignatureVerificationRepository,
  SystemProbeRepository,
  TimelineRepository,
  UploadRepository,
  UserRepository,
  dataSourceOptions,
} from '@cmm/persistence';
import { DataSource } from 'typeorm';

// Every repository wraps the one DataSource; listing them here makes each injectable.
const REPOSITORIES = [
  AnswerLinkRepository,
  AnnualCallRepository,
  CaseRepository,
  DeadlineRepository,
  DocumentRepository,
  MunicipalityRepository,
  NotificationOutboxRepository,
  PecMailboxRepository,
  RegistryRepository,
  SignatureVerificationRepository,
  SystemProbeRepository,
  TimelineRepository,
  UploadRepository,
  UserRepository,
];

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DatabaseConfig],
      useFactory: (config: DatabaseConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        // Keep retrying at boot: in a restart of the whole stack PostgreSQL may come up last.
        retryAttempts: 30,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: REPOSITORIES.map((Repository) => ({
    provide: Repository,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new Repository(dataSource),
  })),
  exports: REPOSITORIES,
})
export class DatabaseModule {}
