import { type InboundOutcome, type InboundPecService, type NotifierLogger, PEC_REASONS } from '@cmm/notifications';
import type { MailboxPlace, PecMailboxRepository } from '@cmm/persistence';
import { ImapFlow, type MailboxObject } from 'imapflow';

export interface PecImapOptions {
  /** imaps://user@host[:port] or imap://… (a local test server). */
  url: string;
  password: string;
  folders: string[];
  /** Stored messages are moved here; null: flagged \Seen and $CmmStored where they are. */
  processedFolder: string | null;
  quarantineFolder: string;
  pollSeconds: number;
  /** Extra CA certificates (PEM) to trust, e.g. a test server's self-signed one. */
  tlsCa?: Buffer;
  inbound: InboundPecService;
  cursors: PecMailboxRepository;
  logger: NotifierLogger;
  /** Messages fetched per round trip. */
  batchSize?: number;
  /** Failures of one message (not of the connection or the database) before it is quarantined. */
  maxMessageFailures?: number;
}

/** The keyword a stored message gets when it stays in its folder. */
export const STORED_KEYWORD = '$CmmStored';

const place = (mailbox: string, folder: string, uidValidity: number, uid: number): MailboxPlace => ({ mailbox, folder, uidValidity, uid });

/**
 * Reads CMM's PEC mailbox over IMAP: every configured folder from the UID after its cursor,
 * each message handed to the InboundPecService, which commits its outcome with the cursor;
 * only then is the message moved or flagged in the mailbox. A new UIDVALIDITY restarts the
 * folder from UID 1 (what was already stored is recognised by its Message-ID). Between
 * rounds it waits on IDLE of the first folder, or at most the polling interval; after a lost
 * connection it reconnects with backoff.
 */
export class PecImapIngester {
  private stopping = false;
  private running: Promise<void> | null = null;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private readonly failures = new Map<string, number>();
  readonly mailbox: string;

  constructor(private readonly options: PecImapOptions) {
    const url = new URL(options.url);
    this.mailbox = `${decodeURIComponent(url.username)}@${url.hostname}`;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.client?.close();
    await this.running;
  }

  /** One pass over every folder on a connection of its own (tests, and the first round). */
  async syncOnce(): Promise<InboundOutcome[]> {
    const client = await this.connect();
    try {
      const outcomes: InboundOutcome[] = [];
      for (const folder of this.options.folders) outcomes.push(...(await this.syncFolder(client, folder)));
      return outcomes;
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const client = await this.connect();
        this.client = client;
        failures = 0;
        while (!this.stopping && client.usable) {
          for (const folder of this.options.folders) await this.syncFolder(client, folder);
          await this.waitForNews(client);
        }
      } catch (error) {
        if (this.stopping) break;
        failures += 1;
        if (failures === 1 || failures % 20 === 0)
          this.options.logger.warn({ mailbox: this.mailbox, failures, error: String(error) }, 'PEC mailbox unreachable; retrying');
      } finally {
        this.client?.close();
        this.client = null;
      }
      if (!this.stopping) await this.sleep(Math.min(60_000, 500 * 2 ** Math.min(failures, 7)));
    }
  }

  private async connect(): Promise<ImapFlow> {
    const url = new URL(this.options.url);
    const secure = url.protocol === 'imaps:';
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
    const client = new ImapFlow({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      // imap:// is cleartext only on loopback (a local test server); to any other host the
      // password never crosses the wire unencrypted: STARTTLS or no connection.
      doSTARTTLS: secure ? undefined : !loopback,
      auth: { user: decodeURIComponent(url.username), pass: this.options.password },
      tls: this.options.tlsCa ? { ca: this.options.tlsCa } : undefined,
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      // Re-issued often enough that a silently dropped connection is noticed within the polling interval.
      maxIdleTime: Math.max(5_000, this.options.pollSeconds * 1000),
      // IDLE soon after each round, so new mail is announced within about a second.
      autoIdleDelay: 1_000,
    });
    // A socket error is also reported as 'close'; unhandled it would end the process.
    client.on('error', (error: unknown) => this.options.logger.debug({ error: String(error) }, 'IMAP connection error'));
    await client.connect();
    for (const folder of [this.options.processedFolder, this.options.quarantineFolder]) {
      if (folder) await client.mailboxCreate(folder).catch(() => undefined);
    }
    return client;
  }

  private async syncFolder(client: ImapFlow, folder: string): Promise<InboundOutcome[]> {
    const { cursors, logger } = this.options;
    const lock = await client.getMailboxLock(folder);
    const outcomes: InboundOutcome[] = [];
    try {
      const box = client.mailbox as MailboxObject;
      const uidValidity = Number(box.uidValidity);
      const cursor = await cursors.cursor(this.mailbox, folder);
      if (!cursor || cursor.uidValidity !== uidValidity) {
        if (cursor) logger.warn({ folder, was: cursor.uidValidity, now: uidValidity }, 'UIDVALIDITY changed: the folder is read again');
        await cursors.resetCursor(this.mailbox, folder, uidValidity);
      }
      let last = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
      if (box.exists === 0) return outcomes;
      if (last > 0) await this.settleLeftovers(client, folder, uidValidity, last);
      // "n:*" always matches the highest UID, also below n: only UIDs above the cursor are new.
      const found = await client.search({ uid: `${last + 1}:*` }, { uid: true });
      const uids = (found || []).filter((uid) => uid > last).sort((a, b) => a - b);
      const batchSize = this.options.batchSize ?? 20;
      for (let at = 0; at < uids.length; at += batchSize) {
        const batch = uids.slice(at, at + batchSize);
        // Fetched first, handled after: no other command may run while a FETCH streams.
        const messages = await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
        for (const message of messages.sort((a, b) => a.uid - b.uid)) {
          if (!message.source) throw new Error(`UID ${message.uid} of ${folder} came without its content`);
          const at = place(this.mailbox, folder, uidValidity, message.uid);
          const outcome = await this.take(message.source, at, message.internalDate ? new Date(message.internalDate) : new Date());
          outcomes.push(outcome);
          await this.settle(client, message.uid, outcome);
          last = message.uid;
        }
      }
      return outcomes;
    } finally {
      lock.release();
    }
  }

  /**
   * A failure that is not the connection's or the database's (those fail every message and
   * the quarantine too) would stop the folder at one message forever: after a few, that
   * message is quarantined with the error and the others go on.
   */
  private async take(source: Buffer, at: MailboxPlace, receivedAt: Date): Promise<InboundOutcome> {
    const key = `${at.folder}/${at.uidValidity}/${at.uid}`;
    try {
      const outcome = await this.options.inbound.take(source, at, receivedAt);
      this.failures.delete(key);
      return outcome;
    } catch (error) {
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      if (count < (this.options.maxMessageFailures ?? 5)) throw error;
      this.failures.delete(key);
      return this.options.inbound.quarantine(source, at, null, PEC_REASONS.repeatedFailure(count, String(error)), receivedAt);
    }
  }

  /**
   * Messages at or below the cursor still without the keyword: stored, but the connection
   * dropped before the mailbox was told. They are flagged or moved now, as their record says.
   */
  private async settleLeftovers(client: ImapFlow, folder: string, uidValidity: number, last: number): Promise<void> {
    const found = await client.search({ uid: `1:${last}`, unKeyword: STORED_KEYWORD }, { uid: true });
    for (const uid of (found || []).filter((u) => u <= last)) {
      const record = await this.options.cursors.taken(place(this.mailbox, folder, uidValidity, uid), null);
      const outcome: InboundOutcome =
        record?.status === 'quarantined'
          ? { outcome: 'quarantined', id: record.id, reason: null }
          : { outcome: 'already-taken', id: record?.id ?? null };
      await this.settle(client, uid, outcome);
    }
  }

  /** After the outcome has committed: the mailbox shows the message as dealt with. */
  private async settle(client: ImapFlow, uid: number, outcome: InboundOutcome): Promise<void> {
    const { processedFolder, quarantineFolder } = this.options;
    const target = outcome.outcome === 'quarantined' ? quarantineFolder : processedFolder;
    await client.messageFlagsAdd(String(uid), ['\\Seen', STORED_KEYWORD], { uid: true });
    if (target) await client.messageMove(String(uid), target, { uid: true });
  }

  /** Until the server announces new mail (IDLE on the first folder), the polling interval passes, or stop. */
  private async waitForNews(client: ImapFlow): Promise<void> {
    const lock = await client.getMailboxLock(this.options.folders[0]);
    lock.release();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('exists', done);
        client.off('close', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollSeconds * 1000);
      client.on('exists', done);
      client.on('close', done);
      this.wake = done;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
