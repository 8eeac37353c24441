// Digital signatures verified on the stored bytes, through HTTP: the signer shows on the
// document and on the timeline, an agreement signature that does not verify is refused with
// 422 and changes nothing, and an untrusted chain is a warning or a refusal as configured.
// Real PostgreSQL, Temporal dev server and worker; certificates and signatures made by a test CA.
import { createApp } from '../../apps/api/src/create-app';
import {
  type TestCredential,
  type TestDatabase,
  type TestIssuer,
  createTestCa,
  createTestIssuer,
  issueSignerCertificate,
  minimalPdf,
  pemOf,
  signCades,
  signPdf,
  startDevServerWorker,
  uniqueTaskQueue,
} from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { procedureEvents } from './support/foreign-document';
import { createDatabaseWithMunicipalities, createDocumentsDir } from './support/procedure-setup';

const ROZZANO = '015189';
const ASSAGO = '015011';

describe('digital signatures verified on upload and on signed acts', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let refusing: INestApplication;
  let warning: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let mayor: TestCredential;
  let delegate: TestCredential;
  let stranger: TestCredential;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities();
    const taskQueue = uniqueTaskQueue('e2e-signatures');
    const documentsDir = await createDocumentsDir();
    worker = await startDevServerWorker(taskQueue, db.dataSource, { documentsDir });
    issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.rozzano = await issuer.bearer({ subject: 'sindaco-rozzano', role: 'mayor_office', istatCode: ROZZANO });
    tokens.assago = await issuer.bearer({ subject: 'ut-assago', role: 'comune', istatCode: ASSAGO });
    const ca = await createTestCa();
    mayor = await issueSignerCertificate(ca, { organization: 'Comune di Rozzano' });
    delegate = await issueSignerCertificate(ca, {
      givenName: 'Giulia',
      surname: 'Bianchi',
      fiscalCode: 'BNCGLI85M41F205Z',
      organization: 'Comune di Assago',
    });
    stranger = await issueSignerCertificate(await createTestCa('CA Non Elencata'), {
      givenName: 'Luca',
      surname: 'Verdi',
      fiscalCode: 'VRDLCU70A01F205Y',
    });
    const trustList = join(documentsDir, '..', `trust-${taskQueue}.pem`);
    await writeFile(trustList, pemOf(ca));
    const env = {
      ...process.env,
      ...issuer.env,
      DATABASE_URL: db.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DOCUMENTS_DIR: documentsDir,
      SIGNATURE_TRUST_LIST: trustList,
    };
    refusing = await createApp({ logs: false, env: { ...env, SIGNATURE_UNTRUSTED_CHAIN: 'refuse' } });
    await refusing.init();
    warning = await createApp({ logs: false, env: { ...env, SIGNATURE_UNTRUSTED_CHAIN: 'warn' } });
    await warning.init();
  });

  afterAll(async () => {
    await refusing?.close();
    await warning?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = (app = refusing) => request(app.getHttpServer());
  const upload = async (caseId: string, token: string, content: Buffer, filename: string) =>
    (
      await http()
        .post(`/cases/${caseId}/documents`)
        .set('Authorization', token)
        .field('kind', 'agreement-signature')
        .field('title', filename)
        .attach('file', content, { filename })
        .expect(201)
    ).body;
  const sign = (caseId: string, token: string, documentId: string, app = refusing) =>
    http(app).post(`/territorial-agreements/${caseId}/signatures`).set('Authorization', token).send({ documentId, draftVersion: 1 });

  it('records who signed each upload, refuses what does not verify, and applies the untrusted-chain policy', async () => {
    const started = await http()
      .post('/territorial-agreements')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Polo logistico di Rozzano', municipalities: [ROZZANO, ASSAGO], metropolitanExternalities: false })
      .expect(201);
    const { caseId } = started.body;
    const draft = await upload(caseId, tokens.officer, minimalPdf('bozza'), 'bozza.pdf');
    await http()
      .post(`/territorial-agreements/${caseId}/drafts`)
      .set('Authorization', tokens.officer)
      .send({ documentIds: [draft.documentId] })
      .expect(200);
    await http().post(`/territorial-agreements/${caseId}/send-for-signature`).set('Authorization', tokens.officer).expect(200);

    // The upload answers with what the signature was found to be.
    const signedText = await signPdf('Accordo territoriale — Rozzano 150.000 euro', mayor);
    const tampered = Buffer.from(signedText.toString('latin1').replace('150.000', '950.000'), 'latin1');
    const invalid = await upload(caseId, tokens.rozzano, tampered, 'accordo-rozzano-alterato.pdf');
    expect(invalid.signatures).toEqual([
      expect.objectContaining({
        status: 'invalid',
        format: 'pades',
        reason: {
          it: 'il contenuto è stato modificato dopo la firma (impronta diversa)',
          en: 'the content was modified after signing (digest mismatch)',
        },
        signer: expect.objectContaining({ fiscalCode: 'RSSMRA80A01F205X' }),
      }),
    ]);
    const appended = await upload(
      caseId,
      tokens.rozzano,
      Buffer.concat([signedText, Buffer.from('\n% aggiunto dopo\n%%EOF\n')]),
      'accordo-rozzano-aggiunto.pdf',
    );
    expect(appended.signatures).toEqual([
      expect.objectContaining({
        status: 'invalid',
        reason: expect.objectContaining({ en: expect.stringMatching(/modified after the last signature/) }),
      }),
    ]);

    // An agreement signature that does not verify: 422 naming the field and saying why, nothing recorded.
    const stepsBefore = await procedureEvents(http, caseId, tokens.officer);
    for (const bad of [invalid, appended]) {
      const refused = await sign(caseId, tokens.rozzano, bad.documentId).expect(422);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body['invalid-params']).toEqual([
        expect.objectContaining({
          name: 'documentId',
          rule: 'signedAct',
          reason: expect.stringMatching(
            /^l'atto deve essere firmato digitalmente: firma di Mario Rossi \(RSSMRA80A01F205X\): il (contenuto|documento) è stato modificato dopo/,
          ),
        }),
      ]);
    }
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    const unchanged = await http().get(`/territorial-agreements/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(unchanged.body.parties.every((p: { signature: unknown }) => p.signature === null)).toBe(true);

    // A valid signature from a CA outside the trust list: refused under `refuse`, accepted with a warning under `warn`.
    const untrusted = await upload(caseId, tokens.rozzano, await signCades(signedText, stranger), 'accordo-rozzano.pdf.p7m');
    expect(untrusted.signatures).toEqual([
      expect.objectContaining({ status: 'valid-untrusted', signer: expect.objectContaining({ fiscalCode: 'VRDLCU70A01F205Y' }) }),
    ]);
    const policyRefusal = await sign(caseId, tokens.rozzano, untrusted.documentId).expect(422);
    expect(policyRefusal.body['invalid-params']).toEqual([
      expect.objectContaining({
        name: 'documentId',
        rule: 'signedAct',
        reason: expect.stringMatching(/catena di certificati non fidata: il certificato radice non è nell'elenco di fiducia/),
      }),
    ]);
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    await sign(caseId, tokens.rozzano, untrusted.documentId, warning).expect(200);

    // The delegate signs with a trusted qualified certificate, base64 .p7m.
    const trusted = await upload(caseId, tokens.assago, await signCades(signedText, delegate, { base64: true }), 'accordo-assago.pdf.p7m');
    expect(trusted.signatures).toEqual([
      expect.objectContaining({
        status: 'valid-trusted',
        format: 'cades',
        signingTimeSource: 'signer',
        trustListId: expect.stringMatching(/^[0-9a-f]{64}$/),
        signer: expect.objectContaining({
          givenName: 'Giulia',
          surname: 'Bianchi',
          fiscalCode: 'BNCGLI85M41F205Z',
          serialNumber: 'TINIT-BNCGLI85M41F205Z',
          qualified: true,
          nonRepudiation: true,
        }),
      }),
    ]);
    const inForce = await sign(caseId, tokens.assago, trusted.documentId).expect(200);

    // The officer sees who signed for each party: the names and fiscal codes in the certificates.
    const signers = Object.fromEntries(
      inForce.body.parties.map(
        (p: { party: string; signature: { signers?: Array<{ signer: string; fiscalCode: string; status: string }> } }) => [
          p.party,
          p.signature.signers?.map((s) => `${s.signer} ${s.fiscalCode} ${s.status}`),
        ],
      ),
    );
    expect(signers).toEqual({
      [ROZZANO]: ['Luca Verdi VRDLCU70A01F205Y valid-untrusted'],
      [ASSAGO]: ['Giulia Bianchi BNCGLI85M41F205Z valid-trusted'],
    });

    // The documents list carries the stored verification of every version.
    const listed = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.officer).expect(200);
    const byTitle = Object.fromEntries(
      listed.body.items.map((d: { title: string; versions: Array<{ signatures: Array<{ status: string }> }> }) => [
        d.title,
        d.versions[0].signatures.map((s) => s.status),
      ]),
    );
    expect(byTitle).toEqual({
      'bozza.pdf': [],
      'accordo-rozzano-alterato.pdf': ['invalid'],
      'accordo-rozzano-aggiunto.pdf': ['invalid'],
      'accordo-rozzano.pdf.p7m': ['valid-untrusted'],
      'accordo-assago.pdf.p7m': ['valid-trusted'],
    });

    // The timeline's upload event names the signer ("firmato da … il …"), and the hash chain still holds.
    const timeline = await http().get(`/cases/${caseId}/timeline`).set('Authorization', tokens.officer).expect(200);
    const uploadOfAssago = timeline.body.items.find(
      (e: { type: string; payload: { filename?: string } }) =>
        e.type === 'document-uploaded' && e.payload.filename === 'accordo-assago.pdf.p7m',
    );
    expect(uploadOfAssago.payload.signatures).toEqual([
      {
        status: 'valid-trusted',
        signer: 'Giulia Bianchi',
        fiscalCode: 'BNCGLI85M41F205Z',
        signingTime: expect.any(String),
        qualified: true,
      },
    ]);
    const verification = await http().get(`/cases/${caseId}/timeline/verification`).set('Authorization', tokens.officer).expect(200);
    expect(verification.body).toMatchObject({ valid: true });

    // A version without a stored verification (uploaded before it existed) is verified on its first read.
    await db.dataSource.query('DELETE FROM signature_checks WHERE document_id = $1', [trusted.documentId]);
    const relisted = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.officer).expect(200);
    const again = relisted.body.items.find((d: { id: string }) => d.id === trusted.documentId);
    expect(again.versions[0].signatures).toEqual([
      expect.objectContaining({ status: 'valid-trusted', signer: expect.objectContaining({ fiscalCode: 'BNCGLI85M41F205Z' }) }),
    ]);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM signature_checks WHERE document_id = $1', [
      trusted.documentId,
    ]);
    expect(count).toBe(1);
  });
});
