import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TimelineEventEntity } from '../entities/timeline-event.entity';
import { canonicalJson } from './canonical-json';

/** The chain starts from a fixed value so the first link is verifiable too. */
export const GENESIS_HASH = '0'.repeat(64);

export interface TimelineActor {
  /** The authenticated user's subject, or `system:<component>` for automatic steps. */
  subject: string;
  role: string;
}

export interface NewTimelineEvent {
  caseId: string;
  actor: TimelineActor;
  type: string;
  payload: Record<string, unknown>;
  occurredAt?: Date;
}

export type ChainVerification = { valid: true; events: number } | { valid: false; events: number; brokenAt: number; reason: string };

/**
 * Why a chain is broken, in both languages. `reason` stays the English text (the CLI prints it,
 * scripts read it); the API answers with the text of the caller's language (chainBreakText).
 */
export const CHAIN_BREAKS = {
  missingEvent: (seq: number) => ({ it: `manca l'evento ${seq}`, en: `event ${seq} is missing` }),
  prevHash: { it: "prev_hash non corrisponde all'evento precedente", en: 'prev_hash does not match the previous event' },
  content: { it: 'il contenuto non corrisponde al suo hash', en: 'content does not match its hash' },
} as const;

/** Both texts of a broken chain's reason; an unknown reason (none today) is shown as is in both. */
export const chainBreakText = (broken: { brokenAt: number; reason: string }): { it: string; en: string } =>
  [CHAIN_BREAKS.missingEvent(broken.brokenAt), CHAIN_BREAKS.prevHash, CHAIN_BREAKS.content].find((text) => text.en === broken.reason) ?? {
    it: broken.reason,
    en: broken.reason,
  };

export const timelineHash = (prevHash: string, event: Omit<TimelineEventEntity, 'hash' | 'prevHash'>): string =>
  createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        caseId: event.caseId,
        seq: event.seq,
        occurredAt: event.occurredAt.toISOString(),
        actorSubject: event.actorSubject,
        actorRole: event.actorRole,
        type: event.type,
        payload: event.payload,
      }),
    )
    .digest('hex');

export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends inside the caller's transaction (pass its EntityManager) so the event commits
   * with the change it records. Appends to one case are serialised by locking the case row.
   */
  async append(event: NewTimelineEvent, manager: EntityManager = this.dataSource.manager): Promise<TimelineEventEntity> {
    const run = async (tx: EntityManager) => {
      const locked = await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [event.caseId]);
      if (locked.length === 0) throw new Error(`timeline: case ${event.caseId} does not exist`);
      const [last] = await tx.query('SELECT seq, hash FROM timeline_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1', [event.caseId]);
      // Millisecond precision: what JavaScript can represent and re-hash exactly.
      const occurredAt = new Date(Math.floor((event.occurredAt ?? new Date()).getTime()));
      const link = {
        caseId: event.caseId,
        seq: last ? Number(last.seq) + 1 : 1,
        occurredAt,
        actorSubject: event.actor.subject,
        actorRole: event.actor.role,
        type: event.type,
        payload: event.payload,
      };
      const prevHash = last ? String(last.hash) : GENESIS_HASH;
      const row: TimelineEventEntity = { ...link, prevHash, hash: timelineHash(prevHash, link) };
      await tx.query(
        `INSERT INTO timeline_events (case_id, seq, occurred_at, actor_subject, actor_role, type, payload, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          row.caseId,
          row.seq,
          row.occurredAt,
          row.actorSubject,
          row.actorRole,
          row.type,
          JSON.stringify(row.payload),
          row.prevHash,
          row.hash,
        ],
      );
      return row;
    };
    return manager.queryRunner?.isTransactionActive ? run(manager) : manager.transaction(run);
  }

  list(caseId: string): Promise<TimelineEventEntity[]> {
    return this.dataSource.getRepository(TimelineEventEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /** Recomputes every link; names the first one whose hash or back-link does not match. */
  async verify(caseId: string): Promise<ChainVerification> {
    const events = await this.list(caseId);
    let prevHash = GENESIS_HASH;
    for (const [index, event] of events.entries()) {
      if (event.seq !== index + 1)
        return { valid: false, events: events.length, brokenAt: index + 1, reason: CHAIN_BREAKS.missingEvent(index + 1).en };
      if (event.prevHash !== prevHash)
        return { valid: false, events: events.length, brokenAt: event.seq, reason: CHAIN_BREAKS.prevHash.en };
      if (timelineHash(prevHash, event) !== event.hash)
        return { valid: false, events: events.length, brokenAt: event.seq, reason: CHAIN_BREAKS.content.en };
      prevHash = event.hash;
    }
    return { valid: true, events: events.length };
  }

  /** Every case's chain, oldest case first, one case in memory at a time (`verify-timeline --all`). */
  async *verifyAll(): AsyncGenerator<{ caseId: string } & ChainVerification> {
    const cases: { id: string }[] = await this.dataSource.query('SELECT id FROM cases ORDER BY opened_at, id');
    for (const { id } of cases) yield { caseId: id, ...(await this.verify(id)) };
  }
}
