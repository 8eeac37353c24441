// What the notices say, read from the real mail at the SMTP peer: the receipt gives the due date
// counted from receipt and its legal source, the integration request lists what is missing and
// the note, the opinion gives the protocol number, outcome, prescriptions and a link to the act
// the municipality can open. Through HTTP, on PostgreSQL, Redis, Temporal, notifier and SMTP.
import { createApp } from '../../apps/api/src/create-app';
import {
  type TestDatabase,
  type TestIssuer,
  createTestIssuer,
  signedTestPdf,
  startDevServerWorker,
  uniqueTaskQueue,
} from '@cmm/test-support';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import type { INestApplication } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';

const MILANO = '015146';
const PEC_MILANO = 'protocollo@postacert.comune.milano.it';
const PUBLIC_URL = 'http://127.0.0.1:3000';
const MINIMAL_PDF = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

describe('notice contents, read from the mail', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ [MILANO]: PEC_MILANO });
    const taskQueue = uniqueTaskQueue('e2e-notice-contents');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test', publicUrl: PUBLIC_URL });
    issuer = await createTestIssuer();
    tokens.comune = await issuer.bearer({
      subject: 'ut-milano',
      role: 'comune',
      istatCode: MILANO,
      name: 'Ufficio tecnico',
      email: 'ut@comune.milano.test',
    });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    const documentsDir = await createDocumentsDir();
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir, PUBLIC_URL },
    });
    await app.init();
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const mailWith = async (subjectStart: string): Promise<ParsedMail> =>
    waitUntil(
      async () => {
        const mails = await Promise.all(notifier.peer.received.map((m) => m.parse()));
        return mails.find((m) => m.subject?.startsWith(subjectStart));
      },
      60_000,
      `a mail "${subjectStart}"`,
    );
  const italianDate = (civil: string) => civil.split('-').reverse().join('/');

  it('receipt, integration request and opinion carry what the municipality needs to act, in Italian', async () => {
    const uploaded = await http()
      .post('/uploads')
      .set('Authorization', tokens.comune)
      .field('kind', 'adopted-act')
      .field('title', 'Delibera di adozione n. 51')
      .attach('file', MINIMAL_PDF('delibera 51'), { filename: 'adopted-act.pdf', contentType: 'application/pdf' })
      .expect(201);
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.comune)
      .send({
        actType: 'variante-pgt',
        deliberation: { number: '51', date: '2026-10-30' },
        description: 'Variante al PGT per il polo scolastico',
        declaresSupraMunicipalRelevance: false,
        uploads: { adoptedAct: uploaded.body.uploadId },
      })
      .expect(201);
    const { caseId, reference } = submitted.body;
    const viewed = await http().get(`/compatibility-evaluations/${caseId}`).set('Authorization', tokens.comune).expect(200);
    const opinionDue: string = viewed.body.opinionTerm.dueDate;

    const receipt = await mailWith('Ricevuta la documentazione');
    expect(receipt.to && !Array.isArray(receipt.to) ? receipt.to.value[0].address : '').toBe(PEC_MILANO);
    expect(receipt.text).toContain(`scade il ${italianDate(opinionDue)} (LR 12/2005 art. 13 c.5)`);
    expect(receipt.text).toContain(`Protocollo: ${submitted.body.protocolNumber}`);
    expect(receipt.text).toContain('del Comune di Milano');
    expect(receipt.text).not.toMatch(/documentazione completa/);
    // The receipt filed on the case, linked from the PEC and named in the API's answer.
    expect(submitted.body.receiptDocumentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(receipt.text).toContain(
      `La ricevuta di presentazione (ricevuta-${reference}.pdf) si può scaricare da: ${PUBLIC_URL}/pratiche/${caseId}#documento-${submitted.body.receiptDocumentId}`,
    );

    const requested = await http()
      .post(`/compatibility-evaluations/${caseId}/integration-requests`)
      .set('Authorization', tokens.officer)
      .send({ missing: ['Relazione geologica', 'Tavola dei vincoli'], note: 'Trasmettere i file firmati digitalmente' })
      .expect(200);
    const answerDue: string = requested.body.answerTerm.dueDate;
    const integration = await mailWith('Richiesta di integrazioni');
    expect(integration.text).toContain(`entro il ${italianDate(answerDue)}`);
    expect(integration.text).toContain('- Relazione geologica');
    expect(integration.text).toContain('- Tavola dei vincoli');
    expect(integration.text).toContain("Nota dell'ufficio: Trasmettere i file firmati digitalmente");
    expect(integration.text).toMatch(/Riferimento normativo: .*L\. 241\/1990 art\. 2 c\.7/);
    expect(integration.text).not.toMatch(/no term stated|No statutory term/);
    expect(integration.html).toContain('<li>Relazione geologica</li>');

    const answer = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.comune)
      .field('kind', 'integration')
      .field('title', 'Relazione geologica')
      .attach('file', MINIMAL_PDF('relazione'), { filename: 'relazione.pdf', contentType: 'application/pdf' })
      .expect(201);
    await http()
      .post(`/compatibility-evaluations/${caseId}/integrations`)
      .set('Authorization', tokens.comune)
      .send({ note: 'Trasmessa', documentIds: [answer.body.documentId] })
      .expect(200);
    await http().post(`/compatibility-evaluations/${caseId}/completeness`).set('Authorization', tokens.officer).expect(200);
    const signed = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', tokens.manager)
      .field('kind', 'signed-opinion')
      .field('title', 'Parere di compatibilità')
      .attach('file', await signedTestPdf('parere'), {
        filename: 'parere-firmato.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const issued = await http()
      .post(`/compatibility-evaluations/${caseId}/opinion`)
      .set('Authorization', tokens.manager)
      .send({
        outcome: 'favourable-with-prescriptions',
        prescriptions: ['Mitigazione acustica lungo la ferrovia'],
        documentId: signed.body.documentId,
      })
      // A refusal says why (state, reason): a bare status would hide it.
      .expect((res) => expect([res.status, res.status === 200 ? null : res.body]).toEqual([200, null]));
    const protocolNumber: string = issued.body.outcome.protocolNumber;

    const opinion = await mailWith('Parere di compatibilità al PTM');
    expect(opinion.subject).toBe(`Parere di compatibilità al PTM – pratica ${reference}`);
    expect(opinion.text).toContain(`protocollo n. ${protocolNumber}`);
    expect(opinion.text).toContain('Esito: favorevole con prescrizioni');
    expect(opinion.text).toContain('Prescrizioni: Mitigazione acustica lungo la ferrovia');
    // The act is linked as a page a person can open: the case page of the web application, at the document.
    const link = /(http:\/\/127\.0\.0\.1:3000\/pratiche\/[^\s]+)/.exec(opinion.text ?? '')?.[1];
    expect(link).toBe(`${PUBLIC_URL}/pratiche/${caseId}#documento-${signed.body.documentId}`);
    // The document it points to is the act, readable by the municipality it was sent to.
    const versions = await http().get(`/cases/${caseId}/documents`).set('Authorization', tokens.comune).expect(200);
    const listed = (versions.body.items ?? versions.body) as { id: string; versions: { contentUrl: string }[] }[];
    const act = listed.find((d) => d.id === signed.body.documentId)!;
    const content = await http().get(act.versions[0].contentUrl).set('Authorization', tokens.comune).responseType('blob').expect(200);
    expect((content.body as Buffer).toString('latin1')).toContain('(parere) Tj');
  });
});
