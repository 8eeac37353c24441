// CMM's PEC mailbox read from a real Dovecot (own instance, throw-away Maildir) into a real
// PostgreSQL: receipts, municipalities' certified messages filed or left in triage, malformed
// messages quarantined, duplicates, a server restart mid-fetch and a UIDVALIDITY change.
import { FsDocumentStorage } from '@cmm/documents';
import {
  InboundPecService,
  NotificationOutbox,
  PecReceiptParser,
  ReceiptIngestService,
  SILENT_LOGGER,
  buildPecEnvelope,
  buildPecReceipt,
} from '@cmm/notifications';
import {
  type CaseEntity,
  CaseRepository,
  DocumentRepository,
  MunicipalityRepository,
  PecMailboxRepository,
  RegistryRepository,
  TimelineRepository,
  notificationRepositories,
  readMunicipalities,
} from '@cmm/persistence';
import { type DovecotServer, type TestDatabase, createTestDatabase, startDovecot } from '@cmm/test-support';
import { ImapFlow } from 'imapflow';
import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '../../../libs/notifications/src/testing/wait-until';
import { PecImapIngester, STORED_KEYWORD } from './pec-imap.ingester';

const CMM_PEC = 'protocollo@pec.cittametropolitana.milano.test';
const MILANO = { istatCode: '015146', pec: 'protocollo@postacert.comune.milano.test' };
const RHO = { istatCode: '015182', pec: 'comune.rho@pec.regione.lombardia.test' };

describe('PEC mailbox over IMAP (real Dovecot, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dovecot: DovecotServer;
  let documentsDir: string;
  let mailbox: PecMailboxRepository;
  let inbound: InboundPecService;
  let milanoCase: CaseEntity;
  let rhoCase: CaseEntity;

  beforeAll(async () => {
    db = await createTestDatabase();
    dovecot = await startDovecot();
    documentsDir = await mkdtemp(join(tmpdir(), 'cmm-pec-imap-'));
    const municipalities = new MunicipalityRepository(db.dataSource);
    const seed = await readMunicipalities();
    await municipalities.upsertNames(seed.filter((m) => [MILANO.istatCode, RHO.istatCode].includes(m.istatCode)));
    for (const m of [MILANO, RHO]) await municipalities.setContacts(m.istatCode, { pec: m.pec, mayorOfficeEmail: null });
    const cases = new CaseRepository(db.dataSource);
    const open = (istatCode: string) =>
      db.dataSource.transaction(async (tx) => {
        const id = randomUUID();
        return cases.open(
          {
            id,
            type: 'compatibility-evaluation',
            reference: await cases.nextReference('VC', 2026, tx),
            title: `Variante PGT ${istatCode}`,
            istatCode,
            state: 'integration-requested',
            phase: null,
            workflowId: `compatibility-evaluation-${id}`,
            parentCaseId: null,
            businessKey: null,
            openedAt: new Date(),
          },
          tx,
        );
      });
    milanoCase = await open(MILANO.istatCode);
    rhoCase = await open(RHO.istatCode);

    const notifications = notificationRepositories(db.dataSource);
    const timeline = new TimelineRepository(db.dataSource);
    const documents = { repository: new DocumentRepository(db.dataSource), storage: new FsDocumentStorage(documentsDir) };
    mailbox = new PecMailboxRepository(db.dataSource);
    inbound = new InboundPecService({
      mailbox,
      receipts: new ReceiptIngestService({
        receipts: notifications.receipts,
        attempts: notifications.attempts,
        alerts: notifications.alerts,
        timeline,
        parser: new PecReceiptParser(),
        documents,
      }),
      receiptParser: new PecReceiptParser(),
      registry: new RegistryRepository(db.dataSource),
      municipalities,
      timeline,
      documents,
    });
  });

  afterAll(async () => {
    await dovecot?.destroy();
    await db?.drop();
    if (documentsDir) await rm(documentsDir, { recursive: true, force: true });
  });

  const ingester = (overrides: Partial<ConstructorParameters<typeof PecImapIngester>[0]> = {}) =>
    new PecImapIngester({
      url: dovecot.url,
      password: dovecot.password,
      folders: ['INBOX'],
      processedFolder: null,
      quarantineFolder: 'CMM-Quarantena',
      pollSeconds: 5,
      inbound,
      cursors: mailbox,
      logger: SILENT_LOGGER,
      ...overrides,
    });

  /** An IMAP session as the provider's delivery agent (APPEND), or to look at the mailbox. */
  const session = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  const deliver = (raw: Buffer, folder = 'INBOX') => session((client) => client.append(folder, raw));
  const flagsOf = (folder: string) =>
    session(async (client) => {
      const lock = await client.getMailboxLock(folder);
      try {
        if ((client.mailbox as { exists: number }).exists === 0) return [];
        const messages = await client.fetchAll('1:*', { uid: true, flags: true });
        return messages.map((m) => ({ uid: m.uid, stored: m.flags?.has(STORED_KEYWORD) ?? false, seen: m.flags?.has('\\Seen') ?? false }));
      } finally {
        lock.release();
      }
    });
  const rows = (where = 'true', params: unknown[] = []) =>
    db.dataSource.query(`SELECT * FROM pec_inbound_messages WHERE ${where} ORDER BY uid_validity, uid`, params);
  const municipalPec = (from: { pec: string }, subject: string, text: string, attachments = true) =>
    buildPecEnvelope({
      sender: from.pec,
      recipient: CMM_PEC,
      subject,
      text,
      sentAt: new Date('2026-03-04T10:15:00Z'),
      attachments: attachments
        ? [
            { filename: 'relazione-integrativa.pdf', content: Buffer.from('%PDF-1.7\nrelazione\n%%EOF\n'), contentType: 'application/pdf' },
            { filename: 'tavola-1.pdf', content: Buffer.from('%PDF-1.7\ntavola\n%%EOF\n'), contentType: 'application/pdf' },
          ]
        : [],
    });

  it('takes the provider receipts through the receipt flow, each once, and marks them in the mailbox after storing', async () => {
    const outbox = new NotificationOutbox(db.dataSource);
    const { id } = await outbox.enqueue({
      idempotencyKey: `imap-receipts-${randomUUID()}`,
      caseId: milanoCase.id,
      workflowId: milanoCase.workflowId,
      templateId: 'integration-requested',
      channel: 'pec',
      recipients: [{ address: MILANO.pec, istatCode: MILANO.istatCode }],
      data: { caseReference: milanoCase.reference, deadline: { date: '2026-05-04', legalSource: 'L. 241/1990 art. 2 c.7' } },
    });
    const [delivery] = await db.dataSource.query('SELECT id, message_id FROM notification_deliveries WHERE notification_id = $1', [id]);
    const spec = { referencedMessageId: delivery.message_id, sender: CMM_PEC, recipient: MILANO.pec, subject: 'Richiesta di integrazioni' };
    await deliver(await buildPecReceipt({ ...spec, kind: 'accettazione', issuedAt: new Date('2026-03-02T09:00:00Z') }));
    await deliver(await buildPecReceipt({ ...spec, kind: 'avvenuta-consegna', issuedAt: new Date('2026-03-02T09:00:05Z') }));
    // A failure receipt of a message that is not ours: stored, matched to nothing, never lost.
    await deliver(
      await buildPecReceipt({
        ...spec,
        referencedMessageId: `<${randomUUID()}@elsewhere.test>`,
        kind: 'errore-consegna',
        issuedAt: new Date('2026-03-02T09:01:00Z'),
        errorDetail: 'casella piena',
      }),
    );

    const outcomes = await ingester().syncOnce();
    expect(outcomes.map((o) => o.outcome === 'receipt' && o.receipt)).toEqual(['stored', 'stored', 'unmatched']);
    const [after] = await db.dataSource.query('SELECT status, delivered_at FROM notification_deliveries WHERE id = $1', [delivery.id]);
    expect(after.status).toBe('delivered');
    expect(after.delivered_at.toISOString()).toBe('2026-03-02T09:00:05.000Z');
    const receipts = await db.dataSource.query('SELECT kind, delivery_id FROM notification_receipts ORDER BY issued_at');
    expect(receipts.map((r: { kind: string; delivery_id: string | null }) => [r.kind, r.delivery_id])).toEqual([
      ['accettazione', delivery.id],
      ['avvenuta-consegna', delivery.id],
      ['errore-consegna', null],
    ]);
    expect((await rows()).map((r: { status: string; reason: { en: string } }) => [r.status, r.reason.en])).toEqual([
      ['receipt', 'receipt matched to its delivery'],
      ['receipt', 'receipt matched to its delivery'],
      ['receipt', 'receipt matching no delivery'],
    ]);
    expect(await flagsOf('INBOX')).toEqual([
      { uid: 1, stored: true, seen: true },
      { uid: 2, stored: true, seen: true },
      { uid: 3, stored: true, seen: true },
    ]);
    // A second pass finds nothing new.
    expect(await ingester().syncOnce()).toEqual([]);
  });

  it("registers a municipality's PEC naming its case, stores the original and its attachments, files it and queues the workflow answer", async () => {
    const { envelopeMessageId, original: sent } = await deliverAndReturn(
      await municipalPec(MILANO, `Integrazioni richieste – pratica ${milanoCase.reference}`, 'In allegato la documentazione richiesta.'),
    );
    const [outcome] = await ingester().syncOnce();
    expect(outcome).toMatchObject({ outcome: 'filed', caseId: milanoCase.id });

    const [row] = await rows('message_id = $1', [envelopeMessageId]);
    expect(row).toMatchObject({
      status: 'filed',
      kind: 'certified',
      case_id: milanoCase.id,
      istat_code: MILANO.istatCode,
      sender: MILANO.pec,
    });
    expect(row.certified_sent_at.toISOString()).toBe('2026-03-04T10:15:00.000Z');

    const [entry] = await new RegistryRepository(db.dataSource).forCase(milanoCase.id, 'in');
    expect(entry).toMatchObject({
      id: row.registry_entry_id,
      correspondent: 'Comune di Milano',
      subject: `Integrazioni richieste – pratica ${milanoCase.reference}`,
      registeredBy: 'system:pec',
      documentSha256: row.sha256,
    });
    expect(entry.receivedAt?.toISOString()).toBe('2026-03-04T10:15:00.000Z');

    const documents = await new DocumentRepository(db.dataSource).listForCase(milanoCase.id);
    const filed = documents.filter((d) => d.kind.startsWith('pec-inbound'));
    expect(filed.map((d) => [d.kind, d.versions[0].filename, d.versions[0].protocolNumber])).toEqual([
      ['pec-inbound', 'postacert.eml', entry.protocolNumber],
      ['pec-inbound-attachment', 'relazione-integrativa.pdf', entry.protocolNumber],
      ['pec-inbound-attachment', 'tavola-1.pdf', entry.protocolNumber],
    ]);
    const storage = new FsDocumentStorage(documentsDir);
    // postacert.eml is kept byte for byte: it is the certified original.
    expect(await streamText(await storage.read(filed[0].versions[0].storageKey))).toBe(sent.toString('utf8'));
    expect(await streamText(await storage.read(filed[1].versions[0].storageKey))).toBe('%PDF-1.7\nrelazione\n%%EOF\n');

    const events = await new TimelineRepository(db.dataSource).list(milanoCase.id);
    expect(events.at(-1)).toMatchObject({ type: 'pec-received', actorSubject: 'system:pec' });
    expect(events.at(-1)?.payload).toMatchObject({ protocolNumber: entry.protocolNumber, documentIds: filed.map((d) => d.id) });
    expect(await new TimelineRepository(db.dataSource).verify(milanoCase.id)).toEqual({ valid: true, events: events.length });

    const [update] = await db.dataSource.query('SELECT * FROM pec_workflow_updates WHERE id = $1', [row.id]);
    expect(update).toMatchObject({ status: 'pending', update_name: 'submitIntegration', workflow_id: milanoCase.workflowId });
    expect(update.args).toMatchObject({
      actor: { role: 'comune', istatCode: MILANO.istatCode, email: MILANO.pec },
      documentIds: filed.map((d) => d.id),
    });
  });

  it("leaves in triage a PEC naming another municipality's case, and one from an unknown sender, both registered", async () => {
    const foreign = await deliverAndReturn(await municipalPec(MILANO, `Osservazioni sulla pratica ${rhoCase.reference}`, 'Osservazioni.'));
    const stranger = await deliverAndReturn(
      await municipalPec(
        { pec: 'studio.tecnico@pec.example.test' },
        `Pratica ${milanoCase.reference}`,
        'Richiesta accesso agli atti.',
        false,
      ),
    );
    const outcomes = await ingester().syncOnce();
    expect(outcomes.map((o) => o.outcome)).toEqual(['triage', 'triage']);
    const [first] = await rows('message_id = $1', [foreign.envelopeMessageId]);
    expect(first).toMatchObject({ status: 'triage', case_id: null, istat_code: MILANO.istatCode });
    expect(first.reason).toEqual({
      it: `indica ${rhoCase.reference}, che non è una pratica del Comune mittente`,
      en: `names ${rhoCase.reference}, not a case of the sending municipality`,
    });
    const [second] = await rows('message_id = $1', [stranger.envelopeMessageId]);
    expect(second).toMatchObject({ status: 'triage', case_id: null, istat_code: null });
    expect(second.reason).toEqual({
      it: 'il mittente studio.tecnico@pec.example.test non è la PEC di un Comune registrato',
      en: 'sender studio.tecnico@pec.example.test is not the PEC of a municipality on file',
    });
    const registry = await db.dataSource.query('SELECT correspondent, case_id FROM registry_entries WHERE id = ANY($1) ORDER BY number', [
      [first.registry_entry_id, second.registry_entry_id],
    ]);
    expect(registry).toEqual([
      { correspondent: 'Comune di Milano', case_id: null },
      { correspondent: 'studio.tecnico@pec.example.test', case_id: null },
    ]);
    // Nothing was filed to Rho's case.
    expect(await db.dataSource.query(`SELECT 1 FROM documents WHERE case_id = $1`, [rhoCase.id])).toEqual([]);
  });

  it('quarantines a malformed message with the reason, moves it aside and goes on with the next one', async () => {
    await deliver(
      Buffer.from('From: x@example.test\r\nSubject: busta rotta\r\nMessage-ID: <broken-1@example.test>\r\n\r\nnessuna busta PEC\r\n'),
    );
    const broken = await municipalPec(MILANO, `Pratica ${milanoCase.reference}`, 'Busta senza daticert.', false);
    await deliver(Buffer.from(broken.raw.toString('latin1').replace(/daticert\.xml/g, 'dati.xml'), 'latin1'));
    const next = await deliverAndReturn(await municipalPec(MILANO, `Nota sulla pratica ${milanoCase.reference}`, 'Nota.', false));

    const outcomes = await ingester().syncOnce();
    expect(outcomes.map((o) => o.outcome)).toEqual(['quarantined', 'quarantined', 'filed']);
    const quarantined = await rows(`status = 'quarantined'`);
    expect(quarantined.map((r: { reason: { en: string }; message_id: string }) => [r.message_id, r.reason.en])).toEqual([
      ['<broken-1@example.test>', 'neither a PEC receipt nor a certified message: no daticert.xml'],
      [broken.envelopeMessageId, 'neither a PEC receipt nor a certified message: no daticert.xml'],
    ]);
    // The raw bytes are kept.
    expect(await streamText(await new FsDocumentStorage(documentsDir).read(quarantined[0].storage_key))).toContain('nessuna busta PEC');
    expect((await rows('message_id = $1', [next.envelopeMessageId]))[0].status).toBe('filed');
    const moved = await flagsOf('CMM-Quarantena');
    expect(moved).toHaveLength(2);
    expect(moved.every((m) => m.stored)).toBe(true);
  });

  it('stores the same message once when it arrives twice (same Message-ID, another UID)', async () => {
    const twice = await municipalPec(MILANO, `Seconda copia – pratica ${milanoCase.reference}`, 'Copia.', false);
    await deliver(twice.raw);
    await deliver(twice.raw);
    const outcomes = await ingester().syncOnce();
    expect(outcomes.map((o) => o.outcome)).toEqual(['filed', 'already-taken']);
    expect(await rows('message_id = $1', [twice.envelopeMessageId])).toHaveLength(1);
    expect((await flagsOf('INBOX')).every((m) => m.stored)).toBe(true);
  });

  it('resumes after the IMAP server restarts mid-fetch: nothing lost, nothing twice', async () => {
    const batch = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => municipalPec(MILANO, `Invio ${n} – pratica ${milanoCase.reference}`, `Documento ${n}.`, false)),
    );
    for (const message of batch) await deliver(message.raw);
    let restarted = false;
    const interrupting = new Proxy(inbound, {
      get(target, property, receiver) {
        if (property !== 'take') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<InboundPecService['take']>) => {
          const outcome = await target.take(...args);
          if (!restarted) {
            // The server goes away while the ingester is between a stored message and the rest of its batch.
            restarted = true;
            await dovecot.stop();
            setTimeout(() => void dovecot.start(), 1_500);
          }
          return outcome;
        };
      },
    });
    const running = ingester({ inbound: interrupting, batchSize: 3 });
    running.start();
    try {
      await waitUntil(async () => (await rows('message_id = ANY($1)', [batch.map((m) => m.envelopeMessageId)])).length === 5, 60_000);
      await waitUntil(async () => (await flagsOf('INBOX')).every((m) => m.stored), 30_000);
    } finally {
      await running.stop();
    }
    expect(restarted).toBe(true);
    const stored = await rows('message_id = ANY($1)', [batch.map((m) => m.envelopeMessageId)]);
    expect(stored.map((r: { status: string }) => r.status)).toEqual(['filed', 'filed', 'filed', 'filed', 'filed']);
  });

  it('notices new mail while waiting (IDLE) and reads over IMAPS with a private CA', async () => {
    const running = ingester({ url: dovecot.tlsUrl, tlsCa: await readFile(dovecot.caFile), pollSeconds: 300 });
    running.start();
    try {
      // The first round finds nothing new; the next message arrives while the ingester waits.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const late = await deliverAndReturn(await municipalPec(MILANO, `Ultima nota – pratica ${milanoCase.reference}`, 'Nota.', false));
      await waitUntil(async () => (await rows('message_id = $1', [late.envelopeMessageId])).length === 1, 20_000);
    } finally {
      await running.stop();
    }
  });

  it('reads the folder again after a UIDVALIDITY change without storing anything twice', async () => {
    const before = Number((await rows()).length);
    const [cursor] = await db.dataSource.query(`SELECT uid_validity, last_uid FROM pec_mailbox_cursors WHERE folder = 'INBOX'`);
    // The server renumbers the folder (as after a restore): its UID list and indexes are rebuilt with a new UIDVALIDITY.
    await dovecot.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const file of await readdir(dovecot.maildir)) {
      if (file === 'dovecot-uidlist' || file.startsWith('dovecot.index') || file.startsWith('dovecot.list.index'))
        await rm(join(dovecot.maildir, file), { force: true });
    }
    await dovecot.start();
    const fresh = await deliverAndReturn(
      await municipalPec(MILANO, `Dopo il ripristino – pratica ${milanoCase.reference}`, 'Nota.', false),
    );

    const outcomes = await ingester().syncOnce();
    const [after] = await db.dataSource.query(`SELECT uid_validity, last_uid FROM pec_mailbox_cursors WHERE folder = 'INBOX'`);
    expect(Number(after.uid_validity)).not.toBe(Number(cursor.uid_validity));
    // Every old message is recognised by its Message-ID (or, for a quarantined one without it, by its content).
    expect(outcomes.filter((o) => o.outcome !== 'already-taken')).toEqual([expect.objectContaining({ outcome: 'filed' })]);
    expect(outcomes.length).toBeGreaterThan(1);
    expect((await rows()).length).toBe(before + 1);
    expect((await rows('message_id = $1', [fresh.envelopeMessageId])).length).toBe(1);
  });

  const deliverAndReturn = async <T extends { raw: Buffer }>(message: T): Promise<T> => {
    await deliver(message.raw);
    return message;
  };
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
