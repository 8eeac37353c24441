// A filing taken up late (the worker restarted, a backlog of respond-async submissions): the
// protocol registration is dated when its number was taken, not when the filing arrived, which
// is kept apart on the entry, the case and the timeline.
import { FsDocumentStorage } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  CaseRepository,
  DocumentRepository,
  MunicipalityRepository,
  RegistryRepository,
  TimelineRepository,
  readMunicipalities,
} from '@cmm/persistence';
import { formatItalianDate } from '@cmm/legal-calendar';
import { type TestDatabase, createTestDatabase, pdfaViolations, validatePdfa } from '@cmm/test-support';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { createCompatibilityEvaluationActivities } from './compatibility-evaluation.activities';

describe('registration of a municipal filing', () => {
  let db: TestDatabase;
  const documentsDir = mkdtempSync(join(tmpdir(), 'cmm-filings-'));
  const documentStorage = new FsDocumentStorage(documentsDir);

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  it('dates the registration when the number is taken and keeps the receipt time apart', async () => {
    const { dataSource } = db;
    const registry = new RegistryRepository(dataSource);
    const activities = createCompatibilityEvaluationActivities({
      dataSource,
      cases: new CaseRepository(dataSource),
      municipalities: new MunicipalityRepository(dataSource),
      timeline: new TimelineRepository(dataSource),
      registry,
      outbox: new NotificationOutbox(dataSource),
      documents: new DocumentRepository(dataSource),
      documentStorage,
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: 'https://procedure.cmm.test',
    });
    const receivedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const caseId = randomUUID();
    const before = Date.now();
    const receipt = await activities.registerSubmission({
      caseId,
      istatCode: '015146',
      actType: 'variante-pgt',
      deliberation: { number: '12', date: '2026-01-15' },
      description: 'Variante',
      declaresSupraMunicipalRelevance: false,
      adhesionCase: null,
      files: [],
      submittedBy: { subject: 'ut-milano', name: 'Ufficio tecnico', email: null, role: 'comune', istatCode: '015146' },
      receivedAt,
      businessKey: `015146|variante-pgt|12|2026-01-15|${caseId}`,
      integrationEffect: 'suspend',
    });

    const [entry] = await registry.forCase(caseId, 'in');
    expect(entry.protocolNumber).toBe(receipt.protocolNumber);
    expect(entry.registeredAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(entry.receivedAt?.toISOString()).toBe(receivedAt);
    expect(receipt.receivedAt).toBe(receivedAt);
    const [opened] = await dataSource.query('SELECT opened_at FROM cases WHERE id = $1', [caseId]);
    expect((opened.opened_at as Date).toISOString()).toBe(receivedAt);

    // The receipt is a document of the case (the PEC receipt's link to it: notice-contents e2e).
    const [stored] = await dataSource.query(
      `SELECT d.kind, d.title, v.storage_key, v.sha256, v.filename, v.content_type FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.id = $1`,
      [receipt.receiptDocumentId],
    );
    expect(stored).toMatchObject({
      kind: 'submission-receipt',
      title: `Ricevuta di presentazione — ${receipt.reference}`,
      filename: `ricevuta-${receipt.reference}.pdf`,
      content_type: 'application/pdf',
    });
    // The receipt is a PDF/A-2b act: veraPDF finds no violation, PDFBox reads its words back.
    const pdf = await buffer(await documentStorage.read(stored.storage_key));
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(stored.sha256);
    const { receipt: report } = await validatePdfa({ receipt: pdf }, { text: true });
    expect(pdfaViolations(report)).toEqual([]);
    expect(report.claimed).toBe('2b');
    const words = (report.text ?? '').replace(/\s+/g, ' ');
    const segnatura = `Protocollo generale n. ${receipt.protocolNumber} del ${formatItalianDate(entry.registeredOn)} (in entrata)`;
    expect(words).toContain(segnatura);
    expect(report.info.subject).toBe(segnatura);
    expect(words).toContain(`Pratica: ${receipt.reference}`);
    expect(words).toContain(`Protocollo in entrata: n. ${receipt.protocolNumber}`);
    expect(words).toMatch(
      /Termine: .* entro il \d{2}\/\d{2}\/\d{4} \(L\.?R\.? 12\/2005 art\. 13 c\.5\), decorrente dal ricevimento della domanda\./,
    );
    expect(words).toContain('Documenti depositati (0)');
    expect(words).toContain('Nessun documento allegato.');
  });
});
