import { FsDocumentStorage, MEDIA_TYPES, SignatureVerifier, parseTrustList, storedBytes } from '@cmm/documents';
import {
  type TestDatabase,
  createTestCa,
  createTestDatabase,
  issueSignerCertificate,
  minimalPdf,
  openTestCase,
  pemOf,
  signCades,
  tamperCades,
} from '@cmm/test-support';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DocumentRepository } from './document.repository';
import { SignatureVerificationRepository, versionKey } from './signature-verification.repository';

describe('SignatureVerificationRepository on PostgreSQL, with signatures verified on stored bytes', () => {
  let db: TestDatabase;
  let documents: DocumentRepository;
  let records: SignatureVerificationRepository;
  let storage: FsDocumentStorage;

  beforeAll(async () => {
    db = await createTestDatabase();
    documents = new DocumentRepository(db.dataSource);
    records = new SignatureVerificationRepository(db.dataSource);
    storage = new FsDocumentStorage(await mkdtemp(join(tmpdir(), 'cmm-signatures-')));
  });

  afterAll(() => db?.drop());

  it('records each signature of a version with its signer and the trust list used, and replaces a check verified again', async () => {
    const ca = await createTestCa();
    const mayor = await issueSignerCertificate(ca);
    const delegate = await issueSignerCertificate(ca, { givenName: 'Giulia', surname: 'Bianchi', fiscalCode: 'BNCGLI85M41F205Z' });
    const trustList = parseTrustList(Buffer.from(pemOf(ca)), 'trusted.pem');
    const verifier = new SignatureVerifier({ trustList: () => trustList });
    const { id: caseId } = await openTestCase(db.dataSource, { istatCode: '015189', title: 'Accordo firmato' });

    const store = async (bytes: Buffer, title: string) => {
      const staged = await storage.stage(Readable.from([bytes]));
      const stored = await staged.commit();
      const version = await documents.transaction(async (tx) => {
        const { document, nextVersion } = await documents.lockOrCreate(
          { caseId, kind: 'agreement-signature', title, createdBy: 'sindaco' },
          tx,
        );
        return documents.addVersion(
          {
            documentId: document.id,
            version: nextVersion,
            sha256: stored.sha256,
            sizeBytes: stored.size,
            contentType: MEDIA_TYPES.p7m,
            filename: `${title}.p7m`,
            storageKey: stored.key,
            uploadedBy: 'sindaco',
            registryEntryId: null,
          },
          tx,
        );
      });
      const report = await verifier.verify(storedBytes(storage, stored.key, stored.size), MEDIA_TYPES.p7m);
      return { version, stored, report };
    };

    const cosigned = await store(await signCades(minimalPdf('accordo'), [mayor, delegate]), 'Accordo cofirmato');
    await documents.transaction((tx) => records.record(cosigned.version.documentId, 1, cosigned.stored.sha256, cosigned.report, tx));
    const tampered = await store(tamperCades(await signCades(minimalPdf('accordo'), mayor), minimalPdf('altro')), 'Accordo alterato');
    await records.record(tampered.version.documentId, 1, tampered.stored.sha256, tampered.report);

    const found = await records.forVersions([
      { documentId: cosigned.version.documentId, version: 1 },
      { documentId: tampered.version.documentId, version: 1 },
    ]);
    const both = found.get(versionKey(cosigned.version.documentId, 1))!;
    expect(both).toMatchObject({
      contentSha256: cosigned.stored.sha256,
      trustList: { id: trustList.id, source: 'trusted.pem' },
    });
    expect(both.signatures.map((s) => [s.index, s.status, s.signer?.fiscalCode, s.signer?.qcStatements.map((q) => q.name)])).toEqual([
      [0, 'valid-trusted', 'RSSMRA80A01F205X', ['QcCompliance', 'QcSSCD', 'QcType']],
      [1, 'valid-trusted', 'BNCGLI85M41F205Z', ['QcCompliance', 'QcSSCD', 'QcType']],
    ]);
    // What comes back is what was verified, signing time and reasons included.
    expect(both.signatures).toEqual(cosigned.report.signatures);
    expect(found.get(versionKey(tampered.version.documentId, 1))?.signatures).toMatchObject([
      { status: 'invalid', reason: { it: 'il contenuto è stato modificato dopo la firma (impronta diversa)' } },
    ]);
    const [{ fiscal }] = await db.dataSource.query(
      `SELECT string_agg(signer_fiscal_code, ',' ORDER BY signature_index) AS fiscal FROM signature_verifications WHERE document_id = $1`,
      [cosigned.version.documentId],
    );
    expect(fiscal).toBe('RSSMRA80A01F205X,BNCGLI85M41F205Z');

    // Verified again without a trust list: the check is replaced whole, not added to.
    const untrusted = await new SignatureVerifier({ trustList: () => null }).verify(
      storedBytes(storage, cosigned.stored.key, cosigned.stored.size),
      MEDIA_TYPES.p7m,
    );
    await records.record(cosigned.version.documentId, 1, cosigned.stored.sha256, untrusted);
    const again = (await records.forVersions([{ documentId: cosigned.version.documentId, version: 1 }])).get(
      versionKey(cosigned.version.documentId, 1),
    )!;
    expect(again.trustList).toBeNull();
    expect(again.signatures.map((s) => s.status)).toEqual(['valid-untrusted', 'valid-untrusted']);
    expect(await records.forVersions([{ documentId: caseId, version: 1 }])).toEqual(new Map());
  });
});
