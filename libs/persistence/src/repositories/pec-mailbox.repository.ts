import type { DataSource, EntityManager } from 'typeorm';

/** A reason officers read: Italian first, English on request. */
export interface PecReason {
  it: string;
  en: string;
}

/** Where a message sits in an IMAP mailbox: a UID means something only with its folder's UIDVALIDITY. */
export interface MailboxPlace {
  /** The account, e.g. "protocollo@pec.example.it@imap.example.it": cursors of two mailboxes never mix. */
  mailbox: string;
  folder: string;
  uidValidity: number;
  uid: number;
}

export type PecInboundKind = 'receipt' | 'certified' | 'malformed';
export type PecInboundStatus = 'receipt' | 'filed' | 'triage' | 'archived' | 'quarantined';

/** A stored part of an inbound PEC (the certified message, its attachments), content-addressed. */
export interface PecStoredPart {
  role: 'postacert' | 'attachment';
  filename: string;
  contentType: string;
  sha256: string;
  sizeBytes: number;
  storageKey: string;
}

export interface NewPecInboundMessage {
  id: string;
  messageId: string;
  place: MailboxPlace;
  kind: PecInboundKind;
  status: PecInboundStatus;
  reason: PecReason | null;
  sender: string | null;
  istatCode: string | null;
  subject: string | null;
  certifiedSentAt: Date | null;
  providerMessageId: string | null;
  storageKey: string;
  sha256: string;
  sizeBytes: number;
  attachments: PecStoredPart[];
  receivedAt: Date;
}

export interface PecInboundMessageView {
  id: string;
  messageId: string;
  folder: string;
  kind: PecInboundKind;
  status: PecInboundStatus;
  reason: PecReason | null;
  sender: string | null;
  istatCode: string | null;
  municipalityName: string | null;
  subject: string | null;
  certifiedSentAt: Date | null;
  registryEntryId: string | null;
  protocolNumber: string | null;
  caseId: string | null;
  caseReference: string | null;
  storageKey: string;
  sha256: string;
  sizeBytes: number;
  attachments: PecStoredPart[];
  receivedAt: Date;
  storedAt: Date;
  filedBy: string | null;
  filedAt: Date | null;
  archivedBy: string | null;
  archivedAt: Date | null;
  archiveReason: string | null;
}

export interface NewPecWorkflowUpdate {
  id: string;
  caseId: string;
  workflowId: string;
  updateName: string;
  args: unknown;
}

export interface PecWorkflowUpdateWork extends NewPecWorkflowUpdate {
  attempts: number;
}

const SELECT_VIEW = `SELECT m.*, mu.name AS municipality_name, c.reference AS case_reference, r.year AS registry_year, r.number AS registry_number
  FROM pec_inbound_messages m
  LEFT JOIN municipalities mu ON mu.istat_code = m.istat_code
  LEFT JOIN cases c ON c.id = m.case_id
  LEFT JOIN registry_entries r ON r.id = m.registry_entry_id`;

const toView = (r: Record<string, unknown>): PecInboundMessageView => ({
  id: r.id as string,
  messageId: r.message_id as string,
  folder: r.folder as string,
  kind: r.kind as PecInboundKind,
  status: r.status as PecInboundStatus,
  reason: (r.reason as PecReason | null) ?? null,
  sender: (r.sender as string | null) ?? null,
  istatCode: (r.istat_code as string | null) ?? null,
  municipalityName: (r.municipality_name as string | null) ?? null,
  subject: (r.subject as string | null) ?? null,
  certifiedSentAt: (r.certified_sent_at as Date | null) ?? null,
  registryEntryId: (r.registry_entry_id as string | null) ?? null,
  protocolNumber: r.registry_year == null ? null : `${Number(r.registry_year)}/${String(r.registry_number).padStart(7, '0')}`,
  caseId: (r.case_id as string | null) ?? null,
  caseReference: (r.case_reference as string | null) ?? null,
  storageKey: r.storage_key as string,
  sha256: (r.sha256 as string).trim(),
  sizeBytes: Number(r.size_bytes),
  attachments: r.attachments as PecStoredPart[],
  receivedAt: r.received_at as Date,
  storedAt: r.stored_at as Date,
  filedBy: (r.filed_by as string | null) ?? null,
  filedAt: (r.filed_at as Date | null) ?? null,
  archivedBy: (r.archived_by as string | null) ?? null,
  archivedAt: (r.archived_at as Date | null) ?? null,
  archiveReason: (r.archive_reason as string | null) ?? null,
});

/**
 * The PEC mailbox's tables: the read position of each folder, the messages taken from it
 * (each once) and the outbox of workflow Updates a filed message causes.
 */
export class PecMailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async cursor(mailbox: string, folder: string): Promise<{ uidValidity: number; lastUid: number } | null> {
    const [row] = await this.dataSource.query('SELECT uid_validity, last_uid FROM pec_mailbox_cursors WHERE mailbox = $1 AND folder = $2', [
      mailbox,
      folder,
    ]);
    return row ? { uidValidity: Number(row.uid_validity), lastUid: Number(row.last_uid) } : null;
  }

  /** A new UIDVALIDITY: the folder's UIDs were renumbered, so it is read again from the start. */
  async resetCursor(mailbox: string, folder: string, uidValidity: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO pec_mailbox_cursors (mailbox, folder, uid_validity, last_uid) VALUES ($1, $2, $3, 0)
       ON CONFLICT (mailbox, folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = 0, updated_at = now()`,
      [mailbox, folder, uidValidity],
    );
  }

  /** Moves the cursor forward only (a late commit of an older UID never moves it back), and only within its UIDVALIDITY. */
  async advanceCursor(place: MailboxPlace, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO pec_mailbox_cursors (mailbox, folder, uid_validity, last_uid) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mailbox, folder) DO UPDATE SET last_uid = GREATEST(pec_mailbox_cursors.last_uid, EXCLUDED.last_uid), updated_at = now()
       WHERE pec_mailbox_cursors.uid_validity = EXCLUDED.uid_validity`,
      [place.mailbox, place.folder, place.uidValidity, place.uid],
    );
  }

  /** The message already taken from this place or with this Message-ID, if any. */
  async taken(place: MailboxPlace, messageId: string | null, tx?: EntityManager): Promise<{ id: string; status: PecInboundStatus } | null> {
    const [row] = await (tx ?? this.dataSource.manager).query(
      `SELECT id, status FROM pec_inbound_messages
        WHERE (mailbox = $1 AND folder = $2 AND uid_validity = $3 AND uid = $4) OR message_id = $5 LIMIT 1`,
      [place.mailbox, place.folder, place.uidValidity, place.uid, messageId],
    );
    return row ? { id: row.id as string, status: row.status as PecInboundStatus } : null;
  }

  /** False when the Message-ID or the place is already recorded: the message is stored at most once. */
  async insertMessage(message: NewPecInboundMessage, tx: EntityManager): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO pec_inbound_messages (id, message_id, mailbox, folder, uid_validity, uid, kind, status, reason, sender, istat_code,
         subject, certified_sent_at, provider_message_id, storage_key, sha256, size_bytes, attachments, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        message.id,
        message.messageId,
        message.place.mailbox,
        message.place.folder,
        message.place.uidValidity,
        message.place.uid,
        message.kind,
        message.status,
        message.reason === null ? null : JSON.stringify(message.reason),
        message.sender,
        message.istatCode,
        message.subject,
        message.certifiedSentAt,
        message.providerMessageId,
        message.storageKey,
        message.sha256,
        message.sizeBytes,
        JSON.stringify(message.attachments),
        message.receivedAt,
      ],
    );
    return inserted.length === 1;
  }

  async setRegistryEntry(id: string, registryEntryId: string, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE pec_inbound_messages SET registry_entry_id = $2 WHERE id = $1', [id, registryEntryId]);
  }

  async markFiled(id: string, caseId: string, filedBy: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE pec_inbound_messages SET status = 'filed', case_id = $2, filed_by = $3, filed_at = now(), reason = NULL WHERE id = $1`,
      [id, caseId, filedBy],
    );
  }

  async markArchived(id: string, archivedBy: string, reason: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE pec_inbound_messages SET status = 'archived', archived_by = $2, archived_at = now(), archive_reason = $3 WHERE id = $1`,
      [id, archivedBy, reason],
    );
  }

  /** The message with its row lock (officers filing or archiving the same message queue on it). */
  async lock(id: string, tx: EntityManager): Promise<PecInboundMessageView | null> {
    const locked: unknown[] = await tx.query('SELECT id FROM pec_inbound_messages WHERE id = $1 FOR UPDATE', [id]);
    return locked.length === 0 ? null : this.find(id, tx);
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PecInboundMessageView | null> {
    const [row] = await manager.query(`${SELECT_VIEW} WHERE m.id = $1`, [id]);
    return row ? toView(row) : null;
  }

  /** Messages of the given statuses, oldest first, after the given one (keyset pagination on stored_at, id). */
  async list(
    statuses: readonly PecInboundStatus[],
    limit: number,
    after?: { storedAt: Date; id: string },
  ): Promise<PecInboundMessageView[]> {
    const rows: Record<string, unknown>[] = after
      ? await this.dataSource.query(
          `${SELECT_VIEW} WHERE m.status = ANY($1) AND (m.stored_at, m.id) > ($3, $4) ORDER BY m.stored_at, m.id LIMIT $2`,
          [statuses, limit, after.storedAt, after.id],
        )
      : await this.dataSource.query(`${SELECT_VIEW} WHERE m.status = ANY($1) ORDER BY m.stored_at, m.id LIMIT $2`, [statuses, limit]);
    return rows.map(toView);
  }

  async enqueueWorkflowUpdate(update: NewPecWorkflowUpdate, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO pec_workflow_updates (id, case_id, workflow_id, update_name, args) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [update.id, update.caseId, update.workflowId, update.updateName, JSON.stringify(update.args)],
    );
  }

  /** Due Updates, leased so that two notifiers do not execute the same one at once (the update id makes a repeat harmless anyway). */
  async claimWorkflowUpdates(limit: number, leaseSeconds: number): Promise<PecWorkflowUpdateWork[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not the rows.
      `WITH claimed AS (
         UPDATE pec_workflow_updates SET lease_until = now() + ($2::double precision * interval '1 second'), attempts = attempts + 1
          WHERE id IN (SELECT id FROM pec_workflow_updates
                        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, case_id, workflow_id, update_name, args, attempts)
       SELECT * FROM claimed`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id as string,
      caseId: r.case_id as string,
      workflowId: r.workflow_id as string,
      updateName: r.update_name as string,
      args: r.args,
      attempts: Number(r.attempts),
    }));
  }

  async settleWorkflowUpdate(id: string, status: 'done' | 'refused', outcome: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE pec_workflow_updates SET status = $2, outcome = $3, done_at = now(), lease_until = NULL WHERE id = $1`,
      [id, status, outcome],
    );
  }

  async retryWorkflowUpdate(id: string, error: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE pec_workflow_updates SET outcome = $2, next_attempt_at = now() + ($3::double precision * interval '1 second'), lease_until = NULL WHERE id = $1`,
      [id, error, delayMs / 1000],
    );
  }

  async workflowUpdate(id: string): Promise<{ status: string; outcome: string | null; attempts: number } | null> {
    const [row] = await this.dataSource.query('SELECT status, outcome, attempts FROM pec_workflow_updates WHERE id = $1', [id]);
    return row ? { status: row.status as string, outcome: (row.outcome as string | null) ?? null, attempts: Number(row.attempts) } : null;
  }
}
