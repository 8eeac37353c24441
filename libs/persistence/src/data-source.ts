import { DataSource, type DataSourceOptions } from 'typeorm';
import { CaseEntity } from './entities/case.entity';
import { DeadlineEntity } from './entities/deadline.entity';
import { DocumentEntity, DocumentVersionEntity } from './entities/document.entity';
import { MunicipalityEntity } from './entities/municipality.entity';
import {
  NotificationAlertEntity,
  NotificationAttemptEntity,
  NotificationAttemptOutcomeEntity,
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationReceiptEntity,
} from './entities/notification.entity';
import { RegistryAnnulmentEntity, RegistryCounterEntity, RegistryEntryEntity } from './entities/registry.entity';
import { SystemProbeEntity } from './entities/system-probe.entity';
import { TimelineEventEntity } from './entities/timeline-event.entity';
import { UserEntity } from './entities/user.entity';
import { InitialSchema1795305600000 } from './migrations/1795305600000-InitialSchema';
import { CasePlatform1795309200000 } from './migrations/1795309200000-CasePlatform';
import { ProcedureActivities1795316400000 } from './migrations/1795316400000-ProcedureActivities';
import { Notifications1795312800000 } from './migrations/1795312800000-Notifications';
import { CasePartiesAndAdhesions1795320000000 } from './migrations/1795320000000-CasePartiesAndAdhesions';
import { TerritorialAgreements1795323600000 } from './migrations/1795323600000-TerritorialAgreements';
import { FundLedger1795327200000 } from './migrations/1795327200000-FundLedger';
import { AnnualCalls1795330800000 } from './migrations/1795330800000-AnnualCalls';
import { ConferenceAnswerLinks1795334400000 } from './migrations/1795334400000-ConferenceAnswerLinks';
import { CaseViewSnapshots1795339414000 } from './migrations/1795339414000-CaseViewSnapshots';
import { RegistryReceivedAt1795339415000 } from './migrations/1795339415000-RegistryReceivedAt';
import { SavedFilters1795348800000 } from './migrations/1795348800000-SavedFilters';
import { WorkspaceIndexes1795352400000 } from './migrations/1795352400000-WorkspaceIndexes';
import { CaseListIndexes1795370400000 } from './migrations/1795370400000-CaseListIndexes';
import { DeadlinesListedWhileSuspended1795356000000 } from './migrations/1795356000000-DeadlinesListedWhileSuspended';
import { SignatureVerifications1795359600000 } from './migrations/1795359600000-SignatureVerifications';
import { PecMailbox1795366800000 } from './migrations/1795366800000-PecMailbox';
import { NotificationTraceContext1795374000000 } from './migrations/1795374000000-NotificationTraceContext';

export const ENTITIES = [
  MunicipalityEntity,
  SystemProbeEntity,
  UserEntity,
  CaseEntity,
  DeadlineEntity,
  TimelineEventEntity,
  RegistryCounterEntity,
  RegistryEntryEntity,
  RegistryAnnulmentEntity,
  DocumentEntity,
  DocumentVersionEntity,
  NotificationEntity,
  NotificationDeliveryEntity,
  NotificationAttemptEntity,
  NotificationAttemptOutcomeEntity,
  NotificationReceiptEntity,
  NotificationAlertEntity,
];
export const MIGRATIONS = [
  InitialSchema1795305600000,
  CasePlatform1795309200000,
  Notifications1795312800000,
  ProcedureActivities1795316400000,
  CasePartiesAndAdhesions1795320000000,
  TerritorialAgreements1795323600000,
  FundLedger1795327200000,
  AnnualCalls1795330800000,
  ConferenceAnswerLinks1795334400000,
  CaseViewSnapshots1795339414000,
  RegistryReceivedAt1795339415000,
  SavedFilters1795348800000,
  WorkspaceIndexes1795352400000,
  DeadlinesListedWhileSuspended1795356000000,
  SignatureVerifications1795359600000,
  PecMailbox1795366800000,
  CaseListIndexes1795370400000,
  NotificationTraceContext1795374000000,
];

/**
 * Schema changes only through migrations: `synchronize` would alter a production schema
 * from whatever entity code happens to be deployed.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10, connectionTimeoutMillis = 5_000): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize, connectionTimeoutMillis },
  };
}

export const createDataSource = (databaseUrl: string, poolSize?: number, connectionTimeoutMillis?: number): DataSource =>
  new DataSource(dataSourceOptions(databaseUrl, poolSize, connectionTimeoutMillis));
