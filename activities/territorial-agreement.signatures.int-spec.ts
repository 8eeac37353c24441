// The agreement's verifySignedDocument activity on PostgreSQL and a filesystem store: the party's
// signed document is verified on its stored bytes; invalid signatures refuse it in both
// languages, an untrusted chain warns or refuses as configured, and the result names the signers.
import { FsDocumentStorage, MEDIA_TYPES, SignatureVerifier, type UntrustedChainPolicy, parseTrustList } from '@cmm/documents';
import { NotificationOutbox } from '@cmm/notifications';
import {
  AgreementCommitmentRepository,
  CaseRepository,
  DocumentRepository,
  FundLedger,
  MunicipalityRepository,
  RegistryRepository,
  TimelineRepository,
} from '@cmm/persistence';
import {
  type TestCredential,
  type TestDatabase,
  createTestCa,
  createTestDatabase,
  issueSignerCertificate,
  minimalPdf,
  openTestCase,
  pemOf,
  signCades,
  signPdf,
} from '@cmm/test-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTerritorialAgreementActivities } from './territorial-agreement.activities';

describe('verifySignedDocument (territorial agreement) on stored bytes', () => {
  let db: TestDatabase;
  let documents: DocumentRepository;
  let storage: FsDocumentStorage;
  let mayor: TestCredential;
  let stranger: TestCredential;
  let verifier: SignatureVerifier;
  let caseId: string;
  const documentsDir = mkdtempSync(join(tmpdir(), 'cmm-agreement-signatures-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    documents = new DocumentRepository(db.dataSource);
    storage = new FsDocumentStorage(documentsDir);
    const ca = await createTestCa();
    mayor = await issueSignerCertificate(ca, { organization: 'Comune di Rozzano' });
    stranger = await issueSignerCertificate(await createTestCa('CA Non Elencata'), {
      givenName: 'Luca',
      surname: 'Verdi',
      fiscalCode: 'VRDLCU70A01F205Y',
    });
    const trustList = parseTrustList(Buffer.from(pemOf(ca)), 'trusted.pem');
    verifier = new SignatureVerifier({ trustList: () => trustList });
    caseId = (await openTestCase(db.dataSource, { istatCode: '015189', title: 'Accordo territoriale' })).id;
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  const activities = (untrustedChain: UntrustedChainPolicy) =>
    createTerritorialAgreementActivities({
      dataSource: db.dataSource,
      cases: new CaseRepository(db.dataSource),
      municipalities: new MunicipalityRepository(db.dataSource),
      timeline: new TimelineRepository(db.dataSource),
      registry: new RegistryRepository(db.dataSource),
      outbox: new NotificationOutbox(db.dataSource),
      documents,
      documentStorage: storage,
      agreementCommitments: new AgreementCommitmentRepository(db.dataSource),
      fundLedger: new FundLedger(db.dataSource),
      signatureVerifier: verifier,
      officersMailbox: 'pianificazione@cmm.test',
      publicUrl: 'https://procedure.cmm.test',
      untrustedChain,
    });

  const store = async (bytes: Buffer, title: string, contentType: string): Promise<string> => {
    const stored = await (await storage.stage(Readable.from([bytes]))).commit();
    return documents.transaction(async (tx) => {
      const { document, nextVersion } = await documents.lockOrCreate(
        { caseId, kind: 'agreement-signature', title, createdBy: 'sindaco' },
        tx,
      );
      await documents.addVersion(
        {
          documentId: document.id,
          version: nextVersion,
          sha256: stored.sha256,
          sizeBytes: stored.size,
          contentType,
          filename: title,
          storageKey: stored.key,
          uploadedBy: 'sindaco',
          registryEntryId: null,
        },
        tx,
      );
      return document.id;
    });
  };

  it('accepts a trusted signature and names the signer', async () => {
    const documentId = await store(await signPdf('Accordo', mayor), 'accordo.pdf', MEDIA_TYPES.pdf);
    expect(await activities('refuse').verifySignedDocument({ caseId, documentId })).toMatchObject({
      signed: true,
      format: 'pades',
      reason: null,
      version: 1,
      signatures: [{ status: 'valid-trusted', signer: 'Mario Rossi', fiscalCode: 'RSSMRA80A01F205X', qualified: true }],
      warnings: [],
    });
  });

  it('refuses a document changed after signing, in Italian and English, naming the signer', async () => {
    const signed = (await signPdf('Accordo 1000 euro', mayor)).toString('latin1');
    const documentId = await store(Buffer.from(signed.replace('1000 euro', '9000 euro'), 'latin1'), 'alterato.pdf', MEDIA_TYPES.pdf);
    const check = await activities('warn').verifySignedDocument({ caseId, documentId });
    expect(check).toMatchObject({
      signed: false,
      reasonText: {
        it: 'firma di Mario Rossi (RSSMRA80A01F205X): il contenuto è stato modificato dopo la firma (impronta diversa)',
        en: 'signature of Mario Rossi (RSSMRA80A01F205X): the content was modified after signing (digest mismatch)',
      },
      signatures: [{ status: 'invalid' }],
    });
    expect(check.reason).toBe(check.reasonText?.en);
  });

  it('warns or refuses an untrusted chain as configured', async () => {
    const documentId = await store(await signCades(minimalPdf('Accordo'), stranger), 'accordo.pdf.p7m', MEDIA_TYPES.p7m);
    const warned = await activities('warn').verifySignedDocument({ caseId, documentId });
    expect(warned).toMatchObject({
      signed: true,
      format: 'p7m',
      signatures: [{ status: 'valid-untrusted', fiscalCode: 'VRDLCU70A01F205Y' }],
    });
    expect(warned.warnings).toEqual([
      {
        it: "firma di Luca Verdi (VRDLCU70A01F205Y): firma integra, ma catena di certificati non fidata: il certificato radice non è nell'elenco di fiducia",
        en: 'signature of Luca Verdi (VRDLCU70A01F205Y): signature intact, but untrusted certificate chain: the root certificate is not in the trusted list',
      },
    ]);
    expect(await activities('refuse').verifySignedDocument({ caseId, documentId })).toMatchObject({
      signed: false,
      reasonText: { en: expect.stringMatching(/^signature of Luca Verdi .*untrusted certificate chain/) },
    });
  });

  it('refuses an unsigned PDF as before', async () => {
    const documentId = await store(minimalPdf('non firmato'), 'bozza.pdf', MEDIA_TYPES.pdf);
    expect(await activities('warn').verifySignedDocument({ caseId, documentId })).toMatchObject({
      signed: false,
      format: null,
      reasonText: { it: expect.stringMatching(/^il PDF non reca alcuna firma digitale/) },
      signatures: [],
    });
  });
});
