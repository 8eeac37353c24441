// A procedure's submission registration (the compatibility evaluation's registerSubmission)
// against the real repositories on PostgreSQL: the numbers (case, inbound protocol entry and its
// timeline event) commit first and alone, then the documents, the receipt act and its notice,
// each once whatever the retries; a filing that cannot be registered leaves no trace
// (the submission's own rules are the domain's, checked before the workflow starts).
import type { CompatibilityEvaluationInput } from '@cmm/contracts';
import { type DocumentStorage, FsDocumentStorage } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  CaseRepository,
  DocumentRepository,
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
import { createCompatibilityEvaluationActivities } from './compatibility-evaluation.activities';

const MILANO_PEC = 'protocollo@postacert.comune.milano.test';

describe('compatibility evaluation activities on PostgreSQL', () => {
  let db: TestDatabase;
  let activities: ReturnType<typeof createCompatibilityEvaluationActivities>;
  let registry: RegistryRepository;
  let timeline: TimelineRepository;
  let storage: DocumentStorage;
  /** Set to make the next store of an act fail, as a worker that dies between the two transactions. */
  let failNextStore = false;
  const documentsDir = mkdtempSync(join(tmpdir(), 'cmm-evaluation-activities-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    const { dataSource } = db;
    const municipalities = new MunicipalityRepository(dataSource);
    await municipalities.upsertNames(await readMunicipalities());
    await municipalities.setContacts('015146', { pec: MILANO_PEC, mayorOfficeEmail: null });
    registry = new RegistryRepository(dataSource);
    timeline = new TimelineRepository(dataSource);
    storage = new FsDocumentStorage(documentsDir);
    activities = createCompatibilityEvaluationActivities({
      dataSource,
      cases: new CaseRepository(dataSource),
      municipalities,
      timeline,
      registry,
      outbox: new NotificationOutbox(dataSource),
      documents: new DocumentRepository(dataSource),
      // The real storage; one switch makes its next stage fail (the crash between the two transactions).
      documentStorage: {
        kind: 'fs',
        stage: (source, options) => {
          if (!failNextStore) return storage.stage(source, options);
          failNextStore = false;
          return Promise.reject(new Error('storage unavailable'));
        },
        read: (key, range) => storage.read(key, range),
        stat: (key) => storage.stat(key),
      },
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: 'https://procedure.cmm.test',
    });
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  const filing = (istatCode = '015146', overrides: Partial<CompatibilityEvaluationInput> = {}): CompatibilityEvaluationInput => {
    const caseId = randomUUID();
    return {
      caseId,
      istatCode,
      actType: 'variante-pgt',
      deliberation: { number: '45', date: '2027-01-15' },
      description: 'Variante al Piano delle Regole',
      declaresSupraMunicipalRelevance: false,
      adhesionCase: null,
      files: [],
      submittedBy: { subject: 'ut-comune', name: 'Ufficio tecnico', email: 'ut@comune.test', role: 'comune', istatCode },
      receivedAt: '2027-02-01T09:30:00.000Z',
      businessKey: `${istatCode}|variante-pgt|45|2027-01-15|${caseId}`,
      integrationEffect: 'suspend',
      ...overrides,
    };
  };

  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.dataSource.query(sql, params))[0].count);

  it('opens the case with its protocol entry, first event, receipt and notice, once whatever the retries', async () => {
    const input = filing();
    const first = await activities.registerSubmission(input);
    const again = await activities.registerSubmission(input);

    expect(again).toEqual(first);
    expect(first).toMatchObject({
      caseId: input.caseId,
      reference: expect.stringMatching(/^VC-2027-\d{6}$/),
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      receivedAt: input.receivedAt,
    });
    const [opened] = await db.dataSource.query('SELECT reference, title, state, workflow_id FROM cases WHERE id = $1', [input.caseId]);
    expect(opened).toEqual({
      reference: first.reference,
      title: 'Variante al PGT — Comune di Milano (delibera n. 45 del 15/01/2027)',
      state: 'received',
      workflow_id: `compatibility-evaluation-${input.caseId}`,
    });
    const inbound = await registry.forCase(input.caseId);
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ direction: 'in', protocolNumber: first.protocolNumber, correspondent: 'Comune di Milano' });
    expect((await timeline.list(input.caseId)).map((e) => e.type)).toEqual(['submission-received']);
    expect(await count("SELECT count(*) FROM documents WHERE case_id = $1 AND kind = 'submission-receipt'", [input.caseId])).toBe(1);
    const notices: { template_id: string; recipient_address: string; data: Record<string, unknown> }[] = await db.dataSource.query(
      'SELECT n.template_id, d.recipient_address, n.data FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.case_id = $1',
      [input.caseId],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ template_id: 'submission-received', recipient_address: MILANO_PEC });
    expect(notices[0].data).toMatchObject({
      protocolNumber: first.protocolNumber,
      documentId: first.receiptDocumentId,
      municipality: 'Milano',
    });
    expect(
      await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [
        `compatibility-evaluation/${input.caseId}/register`,
      ]),
    ).toBe(1);
  });

  it('rolls the whole registration back when the municipality is unknown, leaving no case, number or receipt', async () => {
    const numbers = await count('SELECT count(*) FROM registry_entries', []);
    const input = filing('015999');
    await expect(activities.registerSubmission(input)).rejects.toThrow(/municipality 015999/);
    expect(await count('SELECT count(*) FROM cases WHERE id = $1', [input.caseId])).toBe(0);
    expect(await count('SELECT count(*) FROM registry_entries', [])).toBe(numbers);
    expect(
      await count('SELECT count(*) FROM activity_receipts WHERE idempotency_key = $1', [
        `compatibility-evaluation/${input.caseId}/register`,
      ]),
    ).toBe(0);
  });
  it('keeps the numbers of a registration whose filing failed, and files the rest once on the retry', async () => {
    const input = filing();
    failNextStore = true;
    await expect(activities.registerSubmission(input)).rejects.toThrow(/storage unavailable/);
    // The numbers committed alone: the case, its inbound entry and the entry's timeline event, nothing else yet.
    const [entry] = await registry.forCase(input.caseId, 'in');
    expect(entry).toBeDefined();
    expect((await timeline.list(input.caseId)).map((e) => e.type)).toEqual(['submission-received']);
    expect(await count('SELECT count(*) FROM documents WHERE case_id = $1', [input.caseId])).toBe(0);
    expect(await count('SELECT count(*) FROM notifications WHERE case_id = $1', [input.caseId])).toBe(0);

    const receipt = await activities.registerSubmission(input);
    const again = await activities.registerSubmission(input);
    expect(again).toEqual(receipt);
    expect(receipt.protocolNumber).toBe(entry.protocolNumber);
    expect(await registry.forCase(input.caseId)).toHaveLength(1);
    expect((await timeline.list(input.caseId)).map((e) => e.type)).toEqual(['submission-received']);
    expect(await count("SELECT count(*) FROM documents WHERE case_id = $1 AND kind = 'submission-receipt'", [input.caseId])).toBe(1);
    expect(await count('SELECT count(*) FROM notifications WHERE case_id = $1', [input.caseId])).toBe(1);
    await expect(timeline.verify(input.caseId)).resolves.toMatchObject({ valid: true });
  });

  it('answers a registration recorded whole in one transaction (before the split) from its receipt, filing nothing again', async () => {
    const input = filing();
    const whole = await activities.registerSubmission(input);
    // What a receipt held when the registration was one transaction: the whole filed case.
    await db.dataSource.query('DELETE FROM activity_receipts WHERE idempotency_key = $1', [
      `compatibility-evaluation/${input.caseId}/register/filing`,
    ]);
    await db.dataSource.query('UPDATE activity_receipts SET result = $2 WHERE idempotency_key = $1', [
      `compatibility-evaluation/${input.caseId}/register`,
      JSON.stringify(whole),
    ]);
    await expect(activities.registerSubmission(input)).resolves.toEqual(whole);
    expect(await count('SELECT count(*) FROM documents WHERE case_id = $1', [input.caseId])).toBe(1);
    expect(await count('SELECT count(*) FROM notifications WHERE case_id = $1', [input.caseId])).toBe(1);
  });

  it('gives registrations filed at once consecutive numbers, each case its own receipt and notice', async () => {
    const inputs = Array.from({ length: 12 }, () => filing());
    const receipts = await Promise.all(inputs.map((input) => activities.registerSubmission(input)));
    const numbers = receipts.map((r) => Number(r.protocolNumber.split('/')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
    const references = receipts.map((r) => Number(r.reference.slice(-6))).sort((a, b) => a - b);
    expect(references).toEqual(references.map((_, i) => references[0] + i));
    for (const input of inputs) {
      expect(await count("SELECT count(*) FROM documents WHERE case_id = $1 AND kind = 'submission-receipt'", [input.caseId])).toBe(1);
      expect(await count('SELECT count(*) FROM notifications WHERE case_id = $1', [input.caseId])).toBe(1);
    }
  });
});
