import type { DocumentStorage, SignatureVerifier, UntrustedChainPolicy } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  AnswerLinkRepository,
  AgreementCommitmentRepository,
  AdhesionRepository,
  AnnualCallRepository,
  CaseRepository,
  DeadlineRepository,
  DocumentRepository,
  FundLedger,
  MunicipalityRepository,
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
  answerLinkSecret: string;
  /** Where document contents live: signatures are checked on the stored bytes, generated acts (the annual call's notice and ranking) are written. */
  documentStorage: DocumentStorage;
  /** The operator's verifier (trust list, CRLs); without it chains are untrusted. */
  signatureVerifier?: SignatureVerifier;
  untrustedChain?: UntrustedChainPolicy;
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
    municipalities: new MunicipalityRepository(dataSource),
    timeline: new TimelineRepository(dataSource),
    registry: new RegistryRepository(dataSource),
    documents: new DocumentRepository(dataSource),
    outbox: new NotificationOutbox(dataSource),
    answerLinks: new AnswerLinkRepository(dataSource),
    answerLinkSecret: options.answerLinkSecret,
    documentStorage: options.documentStorage,
    signatureVerifier: options.signatureVerifier,
    untrustedChain: options.untrustedChain,
    agreementCommitments: new AgreementCommitmentRepository(dataSource),
    adhesions: new AdhesionRepository(dataSource),
    fundLedger: new FundLedger(dataSource),
    annualCalls: new AnnualCallRepository(dataSource),
  };
}
