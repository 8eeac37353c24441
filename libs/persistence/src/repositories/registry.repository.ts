import { romeDateOf } from '@cmm/legal-calendar';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type RegistryDirection, RegistryEntryEntity } from '../entities/registry.entity';

/** CMM's general register; other registers (e.g. a separate one for the Fund) get their own counters. */
export const GENERAL_REGISTER = 'generale';

export interface NewRegistration {
  register?: string;
  direction: RegistryDirection;
  correspondent: string;
  subject: string;
  caseId?: string | null;
  documentSha256?: string | null;
  registeredBy: string;
  /**
   * Only to place a registration in time in tests: a procedure never passes it, since the time of
   * registration is when the number is taken, read below while the register is held.
   */
  registeredAt?: Date;
  /** When the act reached CMM, kept apart from the registration time (an act may be registered later). */
  receivedAt?: Date | null;
}

export interface RegistryEntryView extends RegistryEntryEntity {
  /** "2026/0000123": year and at least seven digits (DPR 445/2000 art. 57). */
  protocolNumber: string;
  /** The linked case's reference, for people reading the register (null without a case). */
  caseReference?: string | null;
  annulment: { reason: string; annulledAt: Date; annulledBy: string } | null;
}

export const formatProtocolNumber = (year: number, number: number): string => `${year}/${String(number).padStart(7, '0')}`;

/**
 * Registration day and year in Italy, whatever the server's zone. Computed by the legal
 * calendar's EU rule rather than `Intl`: the 'en-CA' date format has changed between ICU
 * releases, and the register must not depend on the host's ICU data.
 */
const romeDay = (instant: Date): { day: string; year: number } => {
  const day = romeDateOf(instant.getTime());
  return { day, year: Number(day.slice(0, 4)) };
};

/** Advisory-lock class of the registers ("445", after DPR 445/2000); the second key is the register. */
const REGISTER_LOCK_CLASS = 445;

export class RegistryAlreadyAnnulledError extends Error {
  override readonly name = 'RegistryAlreadyAnnulledError';
}

export class RegistryCaseNotFoundError extends Error {
  override readonly name = 'RegistryCaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} does not exist`);
  }
}

/** Millisecond precision, like a JavaScript Date, so what is stored is what was returned. */
const databaseNow = async (tx: EntityManager): Promise<Date> => {
  const [{ now }] = await tx.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`);
  return now as Date;
};

export class RegistryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Gives the next number of the register and year. The counter row is incremented in the
   * caller's transaction: concurrent registrations queue on its row lock, and a rolled-back
   * transaction gives its number back, so the sequence has no gaps (a database sequence
   * would lose numbers on rollback).
   *
   * Locks, always in this order so two registering transactions cannot deadlock: the linked
   * case's row (the one `TimelineRepository.append` takes, so a caller may register and
   * append to the case's timeline in one transaction), then the register, then its counter.
   * Without an explicit `registeredAt` the time is read from the database clock once the
   * register is held: numbers then follow time, also across midnight and New Year, however
   * far apart the clocks of the API servers are.
   */
  async register(registration: NewRegistration, manager: EntityManager = this.dataSource.manager): Promise<RegistryEntryView> {
    const run = async (tx: EntityManager): Promise<RegistryEntryView> => {
      const register = registration.register ?? GENERAL_REGISTER;
      let caseReference: string | null = null;
      if (registration.caseId) {
        const [found] = await tx.query('SELECT reference FROM cases WHERE id = $1 FOR UPDATE', [registration.caseId]);
        if (!found) throw new RegistryCaseNotFoundError(registration.caseId);
        caseReference = found.reference as string;
      }
      await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [REGISTER_LOCK_CLASS, register]);
      const registeredAt = registration.registeredAt ?? (await databaseNow(tx));
      const { day, year } = romeDay(registeredAt);
      const [{ last_number: number }] = await tx.query(
        `INSERT INTO registry_counters (register, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (register, year) DO UPDATE SET last_number = registry_counters.last_number + 1
         RETURNING last_number`,
        [register, year],
      );
      const entry: RegistryEntryEntity = {
        id: randomUUID(),
        register,
        year,
        number: Number(number),
        registeredAt,
        registeredOn: day,
        direction: registration.direction,
        correspondent: registration.correspondent,
        subject: registration.subject,
        caseId: registration.caseId ?? null,
        documentSha256: registration.documentSha256 ?? null,
        registeredBy: registration.registeredBy,
        receivedAt: registration.receivedAt ?? null,
      };
      await tx.getRepository(RegistryEntryEntity).insert(entry);
      return { ...entry, protocolNumber: formatProtocolNumber(year, entry.number), caseReference, annulment: null };
    };
    return manager.queryRunner?.isTransactionActive ? run(manager) : manager.transaction(run);
  }

  /**
   * Annulment (DPR 445/2000 art. 54) never removes the entry; it adds a visible mark.
   * Pass a transaction's EntityManager to commit it with another change (e.g. a timeline event).
   */
  async annul(
    entryId: string,
    reason: string,
    annulledBy: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegistryEntryView | null> {
    const run = async (tx: EntityManager): Promise<RegistryEntryView | null> => {
      const [entry] = await tx.query('SELECT id FROM registry_entries WHERE id = $1 FOR UPDATE', [entryId]);
      if (!entry) return null;
      const inserted = await tx.query(
        `INSERT INTO registry_annulments (entry_id, reason, annulled_at, annulled_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
        [entryId, reason, annulledBy],
      );
      if (inserted.length === 0) throw new RegistryAlreadyAnnulledError(`registry entry ${entryId} is already annulled`);
      return this.find(entryId, tx);
    };
    return manager.queryRunner?.isTransactionActive ? run(manager) : manager.transaction(run);
  }

  async find(entryId: string, manager: EntityManager = this.dataSource.manager): Promise<RegistryEntryView | null> {
    const [row] = await this.select(manager, 'e.id = $1', [entryId]);
    return row ?? null;
  }

  /** The daily register (registro giornaliero di protocollo) of one Rome calendar day. */
  forDay(day: string, register = GENERAL_REGISTER): Promise<RegistryEntryView[]> {
    return this.select(this.dataSource.manager, 'e.register = $1 AND e.registered_on = $2', [register, day]);
  }

  /** A case's registrations in number order, optionally of one direction. */
  forCase(caseId: string, direction?: RegistryDirection): Promise<RegistryEntryView[]> {
    return direction
      ? this.select(this.dataSource.manager, 'e.case_id = $1 AND e.direction = $2', [caseId, direction])
      : this.select(this.dataSource.manager, 'e.case_id = $1', [caseId]);
  }

  private async select(manager: EntityManager, where: string, params: unknown[]): Promise<RegistryEntryView[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT e.*, to_char(e.registered_on, 'YYYY-MM-DD') AS registered_on_text, c.reference AS case_reference,
              a.reason, a.annulled_at, a.annulled_by
         FROM registry_entries e
         LEFT JOIN registry_annulments a ON a.entry_id = e.id
         LEFT JOIN cases c ON c.id = e.case_id
        WHERE ${where} ORDER BY e.year, e.number`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      register: r.register as string,
      year: Number(r.year),
      number: Number(r.number),
      registeredAt: r.registered_at as Date,
      registeredOn: r.registered_on_text as string,
      direction: r.direction as RegistryDirection,
      correspondent: r.correspondent as string,
      subject: r.subject as string,
      caseId: (r.case_id as string | null) ?? null,
      caseReference: (r.case_reference as string | null) ?? null,
      documentSha256: (r.document_sha256 as string | null) ?? null,
      registeredBy: r.registered_by as string,
      receivedAt: (r.received_at as Date | null) ?? null,
      protocolNumber: formatProtocolNumber(Number(r.year), Number(r.number)),
      annulment: r.reason ? { reason: r.reason as string, annulledAt: r.annulled_at as Date, annulledBy: r.annulled_by as string } : null,
    }));
  }
}
