// The ground every procedure's e2e test stands on: a migrated database that knows the
// municipalities (and the PEC of those that receive notices), a documents directory, and the
// real notifier process sending to an SMTP peer on loopback.
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, startBuilt } from '@cmm/test-support';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmtpTestPeer } from '../../../libs/notifications/src/testing/smtp-test-peer';

/** pecs: ISTAT code → PEC address; notices to a municipality without one cannot be sent. */
export async function createDatabaseWithMunicipalities(pecs: Record<string, string> = {}): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
  for (const [istatCode, pec] of Object.entries(pecs))
    await db.dataSource.query('UPDATE municipalities SET pec = $1 WHERE istat_code = $2', [pec, istatCode]);
  return db;
}

/** The API, the worker and the notifier of a test must share it to read each other's files. */
export const createDocumentsDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'cmm-documents-'));

export interface RunningNotifier {
  /** Every message the notifier delivered. */
  peer: SmtpTestPeer;
  /** What the process logged (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

/** The built notifier (what production runs), started once it says so. */
export async function startNotifier(db: TestDatabase, documentsDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningNotifier> {
  const peer = new SmtpTestPeer();
  await peer.start();
  const notifier = startBuilt('apps/notifier/src/main.js', {
    ...process.env,
    DATABASE_URL: db.url,
    SMTP_URL: peer.url,
    DOCUMENTS_DIR: documentsDir,
    // Its own queues, so notifiers of test files running in parallel never take each other's jobs.
    NOTIFIER_QUEUE_PREFIX: `e2e${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'info',
    ...env,
  });
  const stop = async () => {
    notifier.child.kill('SIGTERM');
    await notifier.exited().catch(() => undefined);
    await peer.stop();
  };
  try {
    await notifier.waitForOutput(/"msg":"notifier started"/);
  } catch (error) {
    // The caller never gets a handle to stop it, so nothing may outlive this failure.
    await stop();
    throw error;
  }
  return { peer, output: notifier.output, stop };
}
