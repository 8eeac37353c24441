import 'reflect-metadata';
import { PROCEDURES_TASK_QUEUE } from '@cmm/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

// Each class holds one concern; an app composes the ones it needs, so the worker does not
// demand an HTTP port and the API does not demand worker tuning.
// Properties carry defaults (or undefined) so loadConfig knows which variables to read.

export class DatabaseConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;
}

export class RedisConfig {
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;
}

export class TemporalConfig {
  @Matches(/^[^\s:/]+:\d{1,5}$/, { message: 'must be host:port, e.g. 127.0.0.1:7233' })
  TEMPORAL_ADDRESS!: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  /** One queue per deployment; tests give each run its own so parallel suites never share work. */
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be kebab-case (a-z, 0-9, -)' })
  TEMPORAL_TASK_QUEUE = PROCEDURES_TASK_QUEUE;
}

export class HttpConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3000;

  @IsString()
  @IsNotEmpty()
  API_HOST = '127.0.0.1';

  /** Deepest nesting of a JSON body; deeper ones are refused before they are parsed or validated. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1000)
  API_MAX_JSON_DEPTH = 32;
}

/**
 * Prometheus metrics of one process, on a port of their own so the public API behind the
 * load balancer never serves them (docs/operations.md, Metrics). Each process reads its own
 * METRICS_PORT; 0 (the default) = no metrics server.
 */
export class MetricsConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  /** Loopback by default: a scraper elsewhere needs the address it reaches, set on purpose. */
  @IsString()
  @IsNotEmpty()
  METRICS_HOST = '127.0.0.1';
}

export class LogConfig {
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/**
 * OpenTelemetry traces (standard variable names). Without an endpoint tracing is off: nothing is
 * registered and spans are the API's no-ops. docs/operations.md, "Traces".
 */
export class TracingConfig {
  /** OTLP/HTTP base URL of the collector or backend (e.g. http://127.0.0.1:4318); traces go to <it>/v1/traces. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'must be the http(s) URL of an OTLP/HTTP endpoint' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string = undefined;

  /** The full traces URL, when it is not <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'must be the http(s) URL of an OTLP/HTTP traces endpoint' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string = undefined;

  /** Service name on this process's spans; `cmm-api`, `cmm-worker` or `cmm-notifier` when unset. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, dots, dashes or underscores' })
  OTEL_SERVICE_NAME?: string = undefined;
}

export class WorkerConfig {
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_MAX_CONCURRENT_ACTIVITIES = 50;
}

export class AuthConfig {
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = 'cmm-dev-issuer';

  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = 'cmm-procedures';

  /** JWKS of an OIDC provider; when unset, AUTH_JWKS_FILE is required. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'must be the http(s) URL of a JWKS' })
  AUTH_JWKS_URL?: string = undefined;

  @ValidateIf((config: AuthConfig) => !config.AUTH_JWKS_URL)
  @IsString({ message: 'must name a JWKS file when AUTH_JWKS_URL is not set' })
  @IsNotEmpty({ message: 'must name a JWKS file when AUTH_JWKS_URL is not set' })
  AUTH_JWKS_FILE?: string = undefined;

  /** Longest validity a token may have (exp − iat); tokens without exp are refused. 24 hours by default. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 60 * 60)
  AUTH_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

  /**
   * Verified tokens remembered (each until its own exp) so a client's repeated token skips the
   * signature check; 0 turns the cache off. About 1 KiB each: 10,000 is some 10 MiB.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  AUTH_TOKEN_CACHE_MAX_ENTRIES = 10_000;
}

export class RateLimitConfig {
  /** Requests per client per minute (AgID ModI asks for published limits). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;
}

export class DocumentsConfig {
  /** `fs`: local filesystem under DOCUMENTS_DIR; `s3`: an S3-compatible bucket. */
  @IsIn(['fs', 's3'])
  DOCUMENTS_STORAGE = 'fs';

  /** Root of the filesystem store; a relative path is taken from the repository root. */
  @IsString()
  @IsNotEmpty()
  DOCUMENTS_DIR = '.data/documents';

  /** Largest accepted document, enforced while the upload streams (2 GiB by default). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  DOCUMENTS_MAX_BYTES = 2147483648;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'must be the http(s) URL of an S3-compatible endpoint' })
  DOCUMENTS_S3_ENDPOINT?: string = undefined;

  @ValidateIf((config: DocumentsConfig) => config.DOCUMENTS_STORAGE === 's3')
  @IsString({ message: 'must name the bucket when DOCUMENTS_STORAGE is s3' })
  @IsNotEmpty({ message: 'must name the bucket when DOCUMENTS_STORAGE is s3' })
  DOCUMENTS_S3_BUCKET?: string = undefined;

  @IsString()
  @IsNotEmpty()
  DOCUMENTS_S3_REGION = 'us-east-1';
}

/** Verification of digital signatures (docs/operations.md, Digital signatures). */
export class SignaturesConfig {
  /**
   * The trusted list: a PEM bundle of CA certificates or an ETSI TS 119 612 XML list (AgID's
   * IT_TL). Unset, no chain is trusted and every valid signature is "valid, untrusted chain".
   */
  @IsOptional()
  @IsString()
  SIGNATURE_TRUST_LIST?: string = undefined;

  /** Where a newer list is published; downloaded at start and every SIGNATURE_TRUST_LIST_REFRESH_HOURS into SIGNATURE_TRUST_LIST. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'must be the http(s) URL of a trusted list' })
  SIGNATURE_TRUST_LIST_URL?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNATURE_TRUST_LIST_REFRESH_HOURS = 24;

  /** CRL files (DER or PEM) or directories of them, comma-separated; CRLs are not downloaded. */
  @IsOptional()
  @IsString()
  SIGNATURE_CRLS?: string = undefined;

  /** A valid signature whose chain is not trusted: accepted with a warning for the officer, or refused. */
  @IsIn(['warn', 'refuse'])
  SIGNATURE_UNTRUSTED_CHAIN: 'warn' | 'refuse' = 'warn';
}

export class ProcedureConfig {
  /** CMM's procedure mailbox: officers' alerts, reminders and escalations go there. */
  @IsString()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' })
  OFFICERS_MAILBOX = 'pianificazione.territoriale@cittametropolitana.mi.invalid';

  /** Base URL of the case pages, for the links in notices. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /**
   * Whether an integration request suspends the 120-day term (L. 241/1990 art. 2 c.7, the
   * default) or interrupts it (restarts in full on the answer), as some authorities' criteria say.
   */
  @IsIn(['suspend', 'interrupt'])
  COMPATIBILITY_INTEGRATION_EFFECT: 'suspend' | 'interrupt' = 'suspend';

  /**
   * What opens the osservazioni on an adopted STTM (rule sttm-approval.osservazioni, a documented
   * default borrowed from LR 12/2005 art. 17 c.6): the publication at the albo pretorio, or the
   * notice in the BURL. Read when an STTM procedure starts; a running one keeps its own.
   */
  @IsIn(['albo-publication', 'burl-notice'])
  STTM_OSSERVAZIONI_TRIGGER: 'albo-publication' | 'burl-notice' = 'albo-publication';

  /**
   * Key of the signed links in conference convocations (a mayor's office answers without
   * logging in). No default: a known key would let anyone answer for any municipality.
   */
  @IsString({ message: 'must be set: a random string of at least 32 characters (e.g. openssl rand -hex 32)' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  ANSWER_LINK_SECRET!: string;
}

export class AnnualCallConfig {
  /** Day of the year (MM-DD, Europe/Rome) the Schedule opens the annual call ex art. 14 NdA. */
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be MM-DD, e.g. 03-01' })
  ANNUAL_CALL_SCHEDULE_DATE = '03-01';

  /** Time of day (HH:mm, Europe/Rome): office hours, so the notice is published on a working morning. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:mm, e.g. 09:00' })
  ANNUAL_CALL_SCHEDULE_TIME = '09:00';
}

export class NotifierConfig {
  /** Outgoing mail server for plain email (MailDev under `npm start`). */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;

  /** The PEC provider's SMTP server; plain SMTP_URL when unset (development). */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  PEC_SMTP_URL?: string = undefined;

  @IsString()
  @IsNotEmpty()
  NOTIFIER_EMAIL_FROM = 'Città metropolitana di Milano <notifiche@cittametropolitana.mi.it>';

  @IsString()
  @IsNotEmpty()
  NOTIFIER_PEC_FROM = 'Città metropolitana di Milano <protocollo@pec.cittametropolitana.milano.it>';

  /** Messages per minute to each provider (BullMQ limiter, shared by all notifiers); 0 = no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  NOTIFIER_EMAIL_RATE_PER_MINUTE = 0;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  NOTIFIER_PEC_RATE_PER_MINUTE = 60;

  /** SMTP attempts per recipient on temporary errors (4xx, connection); 5xx is never retried. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFIER_RETRY_ATTEMPTS = 8;

  /** First retry delay; doubles each attempt (with jitter) up to NOTIFIER_RETRY_MAX_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFIER_RETRY_BASE_MS = 5_000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFIER_RETRY_MAX_MS = 600_000;

  /** Deliveries sent at once per notifier and per provider. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  NOTIFIER_CONCURRENCY = 10;

  /**
   * Attempt-log writes of concurrent sends gathered into one transaction at most (begin and
   * outcome each); 1 writes every send on its own. Never delays a lone send.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  NOTIFIER_DB_BATCH_SIZE = 50;

  /** SMTP connections kept open per provider. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFIER_SMTP_POOL_SIZE = 5;

  /** An attempt with no outcome older than this is taken as cut short by a crash (> SMTP socket timeout). */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  NOTIFIER_SEND_LEASE_SECONDS = 120;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFIER_RELAY_INTERVAL_MS = 500;

  /** A queued delivery with no attempt for this long has its job re-added (Redis may have lost it). */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  NOTIFIER_SWEEP_STALE_SECONDS = 900;

  /** Prefix of the BullMQ keys in Redis (tests give each run its own). */
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be kebab-case (a-z, 0-9, -)' })
  NOTIFIER_QUEUE_PREFIX = 'cmm';

  /** Inbound PEC receipts: an SMTP listener on this port (the provider delivers receipts to it); 0 = off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PEC_INBOUND_PORT = 0;

  @IsString()
  @IsNotEmpty()
  PEC_INBOUND_HOST = '127.0.0.1';

  /** Largest inbound receipt accepted (bytes). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  PEC_INBOUND_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * CMM's PEC mailbox, read over IMAP (imaps://user@host:993; plain imap:// only for a local
   * test server). Unset: no IMAP ingester (the SMTP listener above may still take receipts).
   * The user goes in the URL (percent-encode an @ in it), the password in PEC_IMAP_PASSWORD
   * or a file named by PEC_IMAP_PASSWORD_FILE (a mounted secret).
   */
  @IsOptional()
  @Matches(/^imaps?:\/\/[^\s/@]+@[^\s/]+$/, { message: 'must be imaps://user@host[:port] (imap:// only for a local server)' })
  PEC_IMAP_URL?: string = undefined;

  @IsOptional()
  @IsString()
  PEC_IMAP_PASSWORD?: string = undefined;

  @ValidateIf((config: NotifierConfig) => !!config.PEC_IMAP_URL && !config.PEC_IMAP_PASSWORD)
  @IsString({ message: 'must name a file holding the IMAP password when PEC_IMAP_URL is set without PEC_IMAP_PASSWORD' })
  @IsNotEmpty({ message: 'must name a file holding the IMAP password when PEC_IMAP_URL is set without PEC_IMAP_PASSWORD' })
  PEC_IMAP_PASSWORD_FILE?: string = undefined;

  /** Folders read, comma-separated; the first is watched with IDLE. */
  @Matches(/^[^,\s][^,]*(,[^,\s][^,]*)*$/, { message: 'must be a comma-separated list of folder names, e.g. INBOX' })
  PEC_IMAP_FOLDERS = 'INBOX';

  /** Where a stored message is moved; unset: it stays and gets the \Seen flag and the $CmmStored keyword. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  PEC_IMAP_PROCESSED_FOLDER?: string = undefined;

  /** Where a quarantined message is moved (created when missing); it is kept in the database either way. */
  @IsString()
  @IsNotEmpty()
  PEC_IMAP_QUARANTINE_FOLDER = 'CMM-Quarantena';

  /** Polling interval: the folders are read at least this often, also when IDLE is not working. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  PEC_IMAP_POLL_SECONDS = 60;

  /** A CA certificate (PEM) to trust for the IMAP server, for a server with a private or self-signed certificate. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  PEC_IMAP_TLS_CA_FILE?: string = undefined;
}
