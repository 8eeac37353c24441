// The protocol register on the real PostgreSQL: numbers without gaps or duplicates under
// concurrency and rollbacks, the year restarting at midnight of 1 January in Rome, and
// registrations that the database itself refuses to change or delete.
import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { RegistryAlreadyAnnulledError, RegistryCaseNotFoundError, RegistryRepository, type NewRegistration } from './registry.repository';

const registration = (overrides: Partial<NewRegistration> = {}): NewRegistration => ({
  direction: 'in',
  correspondent: 'Comune di Abbiategrasso',
  subject: 'Trasmissione atti',
  registeredBy: 'officer-1',
  ...overrides,
});

class IntendedRollback extends Error {}

describe('RegistryRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let registry: RegistryRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    registry = new RegistryRepository(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe('numbering under concurrency', () => {
    const WORKERS = 20;
    const PER_WORKER = 10;
    let wide: DataSource;

    beforeAll(async () => {
      // Twenty real connections, so twenty transactions really compete for the counter.
      wide = await createDataSource(db.url, WORKERS).initialize();
    });

    afterAll(async () => {
      await wide?.destroy();
    });

    it('gives 1..N with no gap and no duplicate when 200 registrations race and a quarter roll back', async () => {
      const wideRegistry = new RegistryRepository(wide);
      const committedIds: string[] = [];
      let rolledBack = 0;

      const attempt = async (worker: number, i: number) => {
        const mode = (worker * PER_WORKER + i) % 4;
        const data = registration({ subject: `w${worker}-${i}`, register: 'concorrenza' });
        if (mode === 0) {
          // Registered, then the surrounding work fails: the number must be given back.
          await expect(
            wide.transaction(async (tx) => {
              await wideRegistry.register(data, tx);
              throw new IntendedRollback();
            }),
          ).rejects.toBeInstanceOf(IntendedRollback);
          rolledBack += 1;
        } else if (mode === 1) {
          // Registered inside a caller's transaction that also does other work and commits.
          const entry = await wide.transaction(async (tx) => {
            const registered = await wideRegistry.register(data, tx);
            await tx.query('SELECT pg_sleep(0.001)');
            return registered;
          });
          committedIds.push(entry.id);
        } else {
          committedIds.push((await wideRegistry.register(data)).id);
        }
      };

      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let i = 0; i < PER_WORKER; i++) await attempt(worker, i);
        }),
      );

      expect(rolledBack).toBe(50);
      const rows: { number: number; year: number; registered_at: Date; id: string }[] = await db.dataSource.query(
        `SELECT id, number, year, registered_at FROM registry_entries WHERE register = 'concorrenza' ORDER BY number`,
      );
      expect(rows).toHaveLength(150);
      expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(committedIds));
      // Numbers follow the time of registration (the clock is read while the register is held).
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].registered_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].registered_at.getTime());
      }
      const [counter] = await db.dataSource.query(`SELECT last_number FROM registry_counters WHERE register = 'concorrenza'`);
      expect(counter.last_number).toBe(150);

      // A rollback after the race gives its number back too: the next one is 151.
      await expect(
        db.dataSource.transaction(async (tx) => {
          await registry.register(registration({ register: 'concorrenza' }), tx);
          throw new IntendedRollback();
        }),
      ).rejects.toBeInstanceOf(IntendedRollback);
      const next = await registry.register(registration({ register: 'concorrenza' }));
      expect(next.number).toBe(151);
      expect(next.protocolNumber).toBe(`${next.year}/0000151`);
    });
  });

  it('restarts at 1 on 1 January in Rome, not in UTC', async () => {
    const register = 'capodanno';
    const lastOf2026 = await registry.register(registration({ register, registeredAt: new Date('2026-12-31T22:59:59Z') }));
    const firstOf2027 = await registry.register(registration({ register, registeredAt: new Date('2026-12-31T23:00:00Z') }));
    const secondOf2027 = await registry.register(registration({ register, registeredAt: new Date('2027-01-01T09:00:00Z') }));
    // A late registration still dated 2026 (e.g. an import) continues 2026's sequence.
    const late2026 = await registry.register(registration({ register, registeredAt: new Date('2026-12-31T12:00:00Z') }));

    expect(lastOf2026).toMatchObject({ year: 2026, number: 1, protocolNumber: '2026/0000001', registeredOn: '2026-12-31' });
    expect(firstOf2027).toMatchObject({ year: 2027, number: 1, protocolNumber: '2027/0000001', registeredOn: '2027-01-01' });
    expect(secondOf2027).toMatchObject({ year: 2027, number: 2, protocolNumber: '2027/0000002' });
    expect(late2026).toMatchObject({ year: 2026, number: 2, protocolNumber: '2026/0000002' });
    const stored = await registry.find(firstOf2027.id);
    expect(stored).toMatchObject({ year: 2027, number: 1, registeredOn: '2027-01-01', registeredAt: new Date('2026-12-31T23:00:00Z') });
  });

  it('dates a registration by the Rome day in summer time too', async () => {
    const register = 'estate';
    const before = await registry.register(registration({ register, registeredAt: new Date('2026-06-30T21:59:59.999Z') }));
    const after = await registry.register(registration({ register, registeredAt: new Date('2026-06-30T22:00:00Z') }));
    expect(before.registeredOn).toBe('2026-06-30');
    expect(after.registeredOn).toBe('2026-07-01');
    expect((await registry.find(after.id))?.registeredOn).toBe('2026-07-01');
  });

  it('links a case, and refuses a case that does not exist without using a number', async () => {
    const opened = await openTestCase(db.dataSource, { istatCode: '015002', title: 'Variante PGT Abbiategrasso' });
    const linked = await registry.register(registration({ register: 'pratiche', caseId: opened.id, documentSha256: 'b'.repeat(64) }));
    expect(linked).toMatchObject({ number: 1, caseId: opened.id, caseReference: opened.reference, documentSha256: 'b'.repeat(64) });
    expect(await registry.find(linked.id)).toMatchObject({ caseId: opened.id, caseReference: opened.reference });

    const missing = '0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f';
    await expect(registry.register(registration({ register: 'pratiche', caseId: missing }))).rejects.toBeInstanceOf(
      RegistryCaseNotFoundError,
    );
    expect((await registry.register(registration({ register: 'pratiche' }))).number).toBe(2);
  });

  it('annuls once with a reason, keeps the entry visible, and refuses a second annulment', async () => {
    const entry = await registry.register(registration({ register: 'annullamenti', subject: 'Registrato per errore' }));
    const annulled = await registry.annul(entry.id, 'Documento registrato due volte', 'manager-1');
    expect(annulled).toMatchObject({
      id: entry.id,
      number: entry.number,
      subject: 'Registrato per errore',
      annulment: { reason: 'Documento registrato due volte', annulledBy: 'manager-1', annulledAt: expect.any(Date) },
    });
    await expect(registry.annul(entry.id, 'ancora', 'manager-2')).rejects.toBeInstanceOf(RegistryAlreadyAnnulledError);
    expect((await registry.find(entry.id))?.annulment?.reason).toBe('Documento registrato due volte');
    expect(await registry.annul('0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f', 'nessuna', 'manager-1')).toBeNull();
  });

  it('lists one Rome day in number order, annulled entries included', async () => {
    const day = (iso: string) => registry.register(registration({ registeredAt: new Date(iso), subject: iso }));
    const previousEvening = await day('2025-03-01T22:59:59Z');
    const first = await day('2025-03-01T23:00:00Z');
    const second = await day('2025-03-02T10:00:00Z');
    const third = await day('2025-03-02T22:59:59Z');
    await day('2025-03-02T23:00:00Z');
    await registry.annul(second.id, 'Oggetto errato', 'officer-2');

    const entries = await registry.forDay('2025-03-02');
    expect(entries.map((e) => e.id)).toEqual([first.id, second.id, third.id]);
    expect(entries.map((e) => e.number)).toEqual([previousEvening.number + 1, previousEvening.number + 2, previousEvening.number + 3]);
    expect(entries[1].annulment?.reason).toBe('Oggetto errato');
    expect(await registry.forDay('2025-03-03')).toHaveLength(1);
    expect(await registry.forDay('2025-03-04')).toEqual([]);
  });

  it('refuses UPDATE and DELETE of registrations and annulments in the database itself', async () => {
    const entry = await registry.register(registration({ register: 'immutabile' }));
    await registry.annul(entry.id, 'Annullata per prova', 'manager-1');
    const refused = { code: '42501', message: expect.stringMatching(/append-only/) };

    await expect(db.dataSource.query(`UPDATE registry_entries SET subject = 'altro' WHERE id = $1`, [entry.id])).rejects.toMatchObject(
      refused,
    );
    await expect(db.dataSource.query('UPDATE registry_entries SET number = number + 1000 WHERE id = $1', [entry.id])).rejects.toMatchObject(
      refused,
    );
    await expect(db.dataSource.query('DELETE FROM registry_entries WHERE id = $1', [entry.id])).rejects.toMatchObject(refused);
    await expect(
      db.dataSource.query(`UPDATE registry_annulments SET reason = 'altro' WHERE entry_id = $1`, [entry.id]),
    ).rejects.toMatchObject(refused);
    // Deleting the annulment would silently revive the registration.
    await expect(db.dataSource.query('DELETE FROM registry_annulments WHERE entry_id = $1', [entry.id])).rejects.toMatchObject(refused);

    expect(await registry.find(entry.id)).toMatchObject({
      subject: 'Trasmissione atti',
      number: entry.number,
      annulment: { reason: 'Annullata per prova' },
    });
  });
});
