import type { DocumentStorage } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  AdhesionRepository,
  AnnualCallRepository,
  CaseRepository,
  DeadlineRepository,
  DocumentRepository,
  RegistryRepository,
  SystemProbeRepository,
  TimelineRepository,
} from '@cmm/persistence';
import type { DataSource } from 'typeorm';
import type { ActivityDeps } from './index';

/** The repositories and ports every activity uses, built once per worker process. */
export function buildActivityDeps(options: {
  dataSource: DataSource;
  workerIdentity: string;
  officersMailbox: string;
  publicUrl: string;
  /** Where generated acts (e.g. the annual call's notice and ranking) are stored: the API's document storage. */
  documentStorage: DocumentStorage;
}): ActivityDeps {
  const { dataSource } = options;
  return {
    dataSource,
    workerIdentity: options.workerIdentity,
    officersMailbox: options.officersMailbox,
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    systemProbes: new SystemProbeRepository(dataSource),
    deadlines: new DeadlineRepository(dataSource),
    cases: new CaseRepository(dataSource),
    timeline: new TimelineRepository(dataSource),
    registry: new RegistryRepository(dataSource),
    documents: new DocumentRepository(dataSource),
    outbox: new NotificationOutbox(dataSource),
    adhesions: new AdhesionRepository(dataSource),
    annualCalls: new AnnualCallRepository(dataSource),
    documentStorage: options.documentStorage,
  };
}
