import { type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { CaseRepository } from './case.repository';
import { DocumentRepository, type NewDocumentVersion } from './document.repository';
import { RegistryRepository } from './registry.repository';

const sha = (c: string) => c.repeat(64);

describe('DocumentRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let documents: DocumentRepository;
  let registry: RegistryRepository;
  const caseId = randomUUID();
  const otherCaseId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    documents = new DocumentRepository(db.dataSource);
    registry = new RegistryRepository(db.dataSource);
    const cases = new CaseRepository(db.dataSource);
    for (const id of [caseId, otherCaseId]) {
      await cases.open({
        id,
        type: 'compatibility-evaluation',
        reference: `CE-DOC-${id.slice(0, 8)}`,
        title: 'Variante al PGT',
        istatCode: null,
        state: 'awaiting-completeness-check',
        phase: null,
        workflowId: `compatibility-evaluation-${id}`,
        parentCaseId: null,
        businessKey: null,
        openedAt: new Date('2026-03-02T09:00:00Z'),
      });
    }
  });

  afterAll(() => db?.drop());

  const version = (documentId: string, n: number, digit: string, registryEntryId: string | null = null): NewDocumentVersion => ({
    documentId,
    version: n,
    sha256: sha(digit),
    sizeBytes: 3_000_000_000, // beyond 32 bits: bigint must come back exact
    contentType: 'application/pdf',
    filename: `Delibera v${n} – Città.pdf`,
    storageKey: `sha256/${digit}${digit}/${digit}${digit}/${sha(digit)}`,
    uploadedBy: 'comune-015146',
    uploadedAt: new Date('2026-03-05T10:00:00.123Z'),
    registryEntryId,
  });

  it('creates a document on its first version and finds it again for the next, with the protocol number', async () => {
    const identity = { caseId, kind: 'adopted-act', title: 'Delibera di adozione', createdBy: 'comune-015146' };
    const first = await documents.transaction(async (tx) => {
      const locked = await documents.lockOrCreate(identity, tx);
      const entry = await registry.register(
        { direction: 'in', correspondent: 'Milano', subject: identity.title, caseId, registeredBy: 'comune-015146' },
        tx,
      );
      await documents.addVersion(version(locked.document.id, locked.nextVersion, 'a', entry.id), tx);
      return { ...locked, protocolNumber: entry.protocolNumber };
    });
    expect(first).toMatchObject({
      created: true,
      nextVersion: 1,
      document: { caseId, kind: 'adopted-act', title: 'Delibera di adozione' },
    });

    const second = await documents.transaction(async (tx) => {
      const locked = await documents.lockOrCreate(identity, tx);
      await documents.addVersion(version(locked.document.id, locked.nextVersion, 'b'), tx);
      return locked;
    });
    expect(second).toMatchObject({ created: false, nextVersion: 2, document: { id: first.document.id } });

    const [listed] = await documents.listForCase(caseId);
    expect(listed).toMatchObject({ id: first.document.id, kind: 'adopted-act', title: 'Delibera di adozione', createdBy: 'comune-015146' });
    expect(listed.versions).toEqual([
      expect.objectContaining({
        version: 1,
        sha256: sha('a'),
        sizeBytes: 3_000_000_000,
        filename: 'Delibera v1 – Città.pdf',
        protocolNumber: first.protocolNumber,
      }),
      expect.objectContaining({ version: 2, sha256: sha('b'), protocolNumber: null, registryEntryId: null }),
    ]);
    expect(listed.versions[0].uploadedAt.toISOString()).toBe('2026-03-05T10:00:00.123Z');
    expect(first.protocolNumber).toMatch(/^\d{4}\/\d{7}$/);
  });

  it('finds a version only through the case its document belongs to', async () => {
    const [listed] = await documents.listForCase(caseId);
    expect(await documents.findVersion(caseId, listed.id, 2)).toMatchObject({ version: 2, sha256: sha('b') });
    expect(await documents.findVersion(otherCaseId, listed.id, 2)).toBeNull();
    expect(await documents.findVersion(caseId, listed.id, 3)).toBeNull();
    expect(await documents.listForCase(otherCaseId)).toEqual([]);
  });

  it('numbers concurrent uploads of the same document one after the other', async () => {
    const identity = { caseId, kind: 'technical-report', title: 'Relazione tecnica', createdBy: 'officer-1' };
    const upload = (digit: string) =>
      documents.transaction(async (tx) => {
        const locked = await documents.lockOrCreate(identity, tx);
        await documents.addVersion(version(locked.document.id, locked.nextVersion, digit), tx);
        return locked.nextVersion;
      });
    const numbers = await Promise.all(['c', 'd', 'e', 'f'].map(upload));
    expect([...numbers].sort()).toEqual([1, 2, 3, 4]);
    const report = (await documents.listForCase(caseId)).find((d) => d.kind === 'technical-report');
    expect(report?.versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
  });

  it('keeps versions immutable (the database refuses changes)', async () => {
    await expect(db.dataSource.query("UPDATE document_versions SET filename = 'altro.pdf'")).rejects.toThrow(/append-only/);
  });

  it('rolls the document back with its version when the transaction fails', async () => {
    const identity = { caseId, kind: 'adopted-act', title: 'Mai registrato', createdBy: 'officer-1' };
    await expect(
      documents.transaction(async (tx) => {
        const locked = await documents.lockOrCreate(identity, tx);
        await documents.addVersion(version(locked.document.id, locked.nextVersion, '0'), tx);
        throw new Error('timeline append failed');
      }),
    ).rejects.toThrow('timeline append failed');
    expect((await documents.listForCase(caseId)).map((d) => d.title)).not.toContain('Mai registrato');
  });
});
