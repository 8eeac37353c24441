// The adhesion's activities against the real repositories on PostgreSQL: the filing is
// registered once; the registered adhesion and its commitments to the Fund ledger are written
// in one transaction and once; a commitment the ledger refuses leaves no adhesion behind.
import type { AdhesionInput } from '@cmm/contracts';
import type { Actor } from '@cmm/domain';
import { FsDocumentStorage } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  AdhesionRepository,
  CaseRepository,
  DocumentRepository,
  FundLedger,
  FundLedgerError,
  MunicipalityRepository,
  RegistryRepository,
  TimelineRepository,
  readMunicipalities,
} from '@cmm/persistence';
import { type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdhesionActivities } from './adhesion.activities';

const officer: Actor = { subject: 'officer-1', name: 'Funzionaria CMM', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };

describe('adhesion activities on PostgreSQL', () => {
  let db: TestDatabase;
  let activities: ReturnType<typeof createAdhesionActivities>;
  let adhesions: AdhesionRepository;
  let registry: RegistryRepository;
  const documentsDir = mkdtempSync(join(tmpdir(), 'cmm-adhesion-activities-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    const { dataSource } = db;
    const municipalities = new MunicipalityRepository(dataSource);
    await municipalities.upsertNames(await readMunicipalities());
    adhesions = new AdhesionRepository(dataSource);
    registry = new RegistryRepository(dataSource);
    activities = createAdhesionActivities({
      dataSource,
      cases: new CaseRepository(dataSource),
      municipalities,
      timeline: new TimelineRepository(dataSource),
      registry,
      outbox: new NotificationOutbox(dataSource),
      documents: new DocumentRepository(dataSource),
      documentStorage: new FsDocumentStorage(documentsDir),
      adhesions,
      fundLedger: new FundLedger(dataSource),
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: 'https://procedure.cmm.test',
    });
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  const adhesion = (istatCode: string, commitments: AdhesionInput['commitments']): AdhesionInput => {
    const caseId = randomUUID();
    return {
      caseId,
      istatCode,
      deliberation: { number: '12', date: '2027-03-01' },
      sttm: [1, 3],
      adhesionCase: 'a',
      fund: true,
      commitments,
      files: [],
      submittedBy: { subject: 'ut-comune', name: 'Ufficio tecnico', email: null, role: 'comune', istatCode },
      receivedAt: '2027-03-10T08:00:00.000Z',
      businessKey: `${istatCode}|adhesion|12|2027-03-01|${caseId}`,
    };
  };
  const contribution = (amountCents: number) => ({
    party: '015182',
    kind: 'fund-contribution' as const,
    legalBasis: 'LR 12/2005 art. 43 c.2-bis' as const,
    amountCents,
    description: 'Maggiorazione del contributo di costruzione',
    dueDate: '2027-12-31',
  });
  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.dataSource.query(sql, params))[0].count);

  it("registers the filing once, under the municipality's official name and the deliberation in Italian", async () => {
    const input = adhesion('015182', []);
    const first = await activities.registerAdhesionSubmission(input);
    expect(await activities.registerAdhesionSubmission(input)).toEqual(first);
    const [opened] = await db.dataSource.query('SELECT reference, title FROM cases WHERE id = $1', [input.caseId]);
    expect(opened.reference).toBe(first.reference);
    expect(opened.title).toBe('Adesione alle STTM 1, 3 e al Fondo perequativo (caso a) — Comune di Rho (Delibera n. 12 del 01/03/2027)');
    expect((await registry.forCase(input.caseId)).map((e) => [e.direction, e.correspondent])).toEqual([['in', 'Comune di Rho']]);
  });

  it('records the adhesion and posts its commitments to the Fund in one transaction, once', async () => {
    const input = adhesion('015182', [contribution(150_000_00)]);
    await activities.registerAdhesionSubmission(input);
    const record = { adhesion: input, registeredBy: officer, at: '2027-03-20T23:30:00.000Z' };

    const first = await activities.recordAdhesion(record);
    expect(await activities.recordAdhesion(record)).toEqual(first);

    // 23:30 UTC on 20 March is already the 21st in Rome: the adhesion counts from the Rome day.
    expect(first).toEqual({ effectiveFrom: '2027-03-21', ledgerTransactionId: expect.any(String) });
    expect(await adhesions.statusOn('015182', '2027-03-20')).toMatchObject({ adhering: false });
    expect(await adhesions.statusOn('015182', '2027-03-21')).toEqual({ adhering: true, sttm: [1, 3], fund: true });
    expect(await count('SELECT count(*) FROM fund_commitments WHERE transaction_id = $1', [first.ledgerTransactionId])).toBe(1);
    expect(await count('SELECT count(*) FROM adhesions WHERE case_id = $1', [input.caseId])).toBe(1);
  });

  it('records an adhesion without commitments and posts nothing to the Fund', async () => {
    const input = adhesion('015146', []);
    await activities.registerAdhesionSubmission(input);
    expect(await activities.recordAdhesion({ adhesion: input, registeredBy: officer, at: '2027-04-01T10:00:00.000Z' })).toEqual({
      effectiveFrom: '2027-04-01',
      ledgerTransactionId: null,
    });
  });

  it('leaves no adhesion behind when the ledger refuses a commitment', async () => {
    const input = adhesion('015146', [contribution(-5)]);
    await activities.registerAdhesionSubmission(input);
    const record = { adhesion: input, registeredBy: officer, at: '2027-04-02T10:00:00.000Z' };

    await expect(activities.recordAdhesion(record)).rejects.toThrow(FundLedgerError);
    expect(await count('SELECT count(*) FROM adhesions WHERE case_id = $1', [input.caseId])).toBe(0);
    expect(await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [`adhesion/${input.caseId}/record`])).toBe(0);
  });
});
