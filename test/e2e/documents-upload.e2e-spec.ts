// Uploading a case document through HTTP: a municipality's document is stored, versioned,
// registered in the protocol and recorded on the timeline in one go; CMM staff uploads are
// not registered; fields are checked before the file; other municipalities see nothing.
import { createApp } from '../../apps/api/src/create-app';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, type TestIssuer, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';

/** A small but real PDF whose body makes its digest unique. */
const pdf = (size = 50_000): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(size), Buffer.from('\n%%EOF\n')]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const storedFiles = async (dir: string): Promise<string[]> =>
  (await readdir(join(dir, 'sha256'), { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('document upload through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let documentsDir: string;
  let milanoCase: string;
  let abbiategrassoCase: string;
  const tokens = {} as Record<'milano' | 'milanoMayor' | 'abbiategrasso' | 'officer', string>;

  const http = () => request(app.getHttpServer());
  const upload = (caseId: string, token: string, fields: Record<string, string>, file: Buffer, filename = 'delibera.pdf') => {
    let call = http().post(`/cases/${caseId}/documents`).set('Authorization', token);
    for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
    return call.attach('file', file, { filename, contentType: 'application/pdf' });
  };
  const download = (path: string, token: string) =>
    http()
      .get(path)
      .set('Authorization', token)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    milanoCase = (await openTestCase(db.dataSource, { istatCode: MILANO, title: 'Variante PGT Milano' })).id;
    abbiategrassoCase = (await openTestCase(db.dataSource, { istatCode: ABBIATEGRASSO })).id;
    issuer = await createTestIssuer();
    tokens.milano = await issuer.bearer({ subject: `comune-${MILANO}`, role: 'comune', istatCode: MILANO });
    tokens.milanoMayor = await issuer.bearer({ subject: `sindaco-${MILANO}`, role: 'mayor_office', istatCode: MILANO });
    tokens.abbiategrasso = await issuer.bearer({ subject: `comune-${ABBIATEGRASSO}`, role: 'comune', istatCode: ABBIATEGRASSO });
    tokens.officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    documentsDir = await mkdtemp(join(tmpdir(), 'cmm-e2e-documents-'));
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, DOCUMENTS_DIR: documentsDir, RATE_LIMIT_PER_MINUTE: '100000' },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await rm(documentsDir, { recursive: true, force: true });
  });

  it('lists the kinds a person may give a document, with their words, for every role; not without a token', async () => {
    const { body } = await request(app.getHttpServer()).get('/document-kinds').set('Authorization', tokens.milano).expect(200);
    expect(body.next).toBeNull();
    expect(body.items).toContainEqual({
      kind: 'signed-opinion',
      label: { it: 'Parere firmato digitalmente', en: 'Digitally signed opinion' },
    });
    expect(body.items).toContainEqual({ kind: 'attachment', label: { it: 'Allegato', en: 'Attachment' } });
    // Kinds the procedures file themselves are not offered.
    expect(body.items.map((item: { kind: string }) => item.kind)).not.toContain('pec-receipt');
    await request(app.getHttpServer()).get('/document-kinds').set('Authorization', tokens.officer).expect(200);
    await request(app.getHttpServer()).get('/document-kinds').expect(401);
  });

  it('stores a municipality’s document as version 1, registered in the protocol and on the timeline', async () => {
    const file = pdf();
    const response = await upload(
      milanoCase,
      tokens.milano,
      { kind: 'adopted-act', title: 'Delibera di adozione della variante' },
      file,
    ).expect(201);

    expect(response.body).toEqual({
      documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'adopted-act',
      title: 'Delibera di adozione della variante',
      version: 1,
      sha256: sha256(file),
      size: file.length,
      contentType: 'application/pdf',
      filename: 'delibera.pdf',
      uploadedAt: expect.any(String),
      uploadedBy: `comune-${MILANO}`,
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      contentUrl: `/cases/${milanoCase}/documents/${response.body.documentId}/versions/1/content`,
      // Verified on upload: an unsigned PDF carries no signature.
      signatures: [],
    });
    expect(response.headers.location).toBe(response.body.contentUrl);
    expect(await storedFiles(documentsDir)).toContain(sha256(file));

    // Inbound registration: the municipality is the correspondent by its official name (as in every entry), the title the subject.
    const entries = await db.dataSource.query(
      `SELECT year, number, direction, correspondent, subject, case_id, registered_by FROM registry_entries WHERE document_sha256 = $1`,
      [sha256(file)],
    );
    const [year, number] = response.body.protocolNumber.split('/').map(Number);
    expect(entries).toEqual([
      {
        year,
        number,
        direction: 'in',
        correspondent: 'Comune di Milano',
        subject: 'Delibera di adozione della variante',
        case_id: milanoCase,
        registered_by: `comune-${MILANO}`,
      },
    ]);

    const timeline = await http().get(`/cases/${milanoCase}/timeline`).set('Authorization', tokens.milano).expect(200);
    expect(timeline.body.items.at(-1)).toMatchObject({
      type: 'document-uploaded',
      label: { it: 'Documento caricato', en: 'Document uploaded' },
      actor: { subject: `comune-${MILANO}`, role: 'comune' },
      payload: {
        documentId: response.body.documentId,
        version: 1,
        sha256: sha256(file),
        size: file.length,
        contentType: 'application/pdf',
        filename: 'delibera.pdf',
        protocolNumber: response.body.protocolNumber,
      },
    });
    const verification = await http().get(`/cases/${milanoCase}/timeline/verification`).set('Authorization', tokens.milano).expect(200);
    expect(verification.body.valid).toBe(true);
  });

  it('makes a second upload with the same kind and title version 2, keeping version 1 downloadable', async () => {
    const first = pdf();
    const second = pdf();
    const v1 = await upload(milanoCase, tokens.milano, { kind: 'technical-report', title: 'Relazione tecnica' }, first).expect(201);
    const v2 = await upload(
      milanoCase,
      tokens.milanoMayor,
      { kind: 'technical-report', title: 'Relazione tecnica' },
      second,
      'relazione-rev1.pdf',
    ).expect(201);
    expect(v2.body).toMatchObject({ documentId: v1.body.documentId, version: 2, sha256: sha256(second), filename: 'relazione-rev1.pdf' });
    expect(v2.body.protocolNumber).not.toBe(v1.body.protocolNumber);

    const old = await download(v1.body.contentUrl, tokens.officer).expect(200);
    expect(Buffer.compare(old.body, first)).toBe(0);
    const current = await download(v2.body.contentUrl, tokens.officer).expect(200);
    expect(sha256(current.body)).toBe(sha256(second));

    const listed = await http().get(`/cases/${milanoCase}/documents`).set('Authorization', tokens.milano).expect(200);
    const report = listed.body.items.find((d: { id: string }) => d.id === v1.body.documentId);
    expect(report).toMatchObject({
      kind: 'technical-report',
      kindLabel: { it: 'Relazione tecnica', en: 'Technical report' },
      title: 'Relazione tecnica',
      createdBy: `comune-${MILANO}`,
    });
    expect(report.versions).toEqual([
      expect.objectContaining({
        version: 1,
        sha256: sha256(first),
        protocolNumber: v1.body.protocolNumber,
        contentUrl: v1.body.contentUrl,
      }),
      expect.objectContaining({
        version: 2,
        sha256: sha256(second),
        protocolNumber: v2.body.protocolNumber,
        uploadedBy: `sindaco-${MILANO}`,
      }),
    ]);
  });

  it('records a CMM officer’s upload on the timeline without a protocol registration', async () => {
    const file = pdf();
    const response = await upload(
      milanoCase,
      tokens.officer,
      { kind: 'integration-request', title: 'Richiesta di integrazioni' },
      file,
    ).expect(201);
    expect(response.body).toMatchObject({ version: 1, protocolNumber: null, uploadedBy: 'officer-1' });
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM registry_entries WHERE document_sha256 = $1', [
      sha256(file),
    ]);
    expect(count).toBe(0);
    const timeline = await http().get(`/cases/${milanoCase}/timeline`).set('Authorization', tokens.officer).expect(200);
    const event = timeline.body.items.at(-1);
    expect(event).toMatchObject({
      type: 'document-uploaded',
      actor: { subject: 'officer-1', role: 'officer' },
      payload: { documentId: response.body.documentId },
    });
    expect(event.payload).not.toHaveProperty('protocolNumber');
  });

  it('keeps an Italian filename with accents intact, in the list and in Content-Disposition', async () => {
    const name = 'Variante n° 3 – Città di Cassano d’Adda (perequazione).pdf';
    const file = pdf(1000);
    const response = await upload(milanoCase, tokens.milano, { kind: 'attachment', title: 'Allegato perequazione' }, file, name).expect(
      201,
    );
    expect(response.body.filename).toBe(name);
    const content = await download(response.body.contentUrl, tokens.milano).expect(200);
    const disposition = content.headers['content-disposition'];
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe(name);
  });

  it('answers 400 naming title when it is missing, storing nothing', async () => {
    const before = await storedFiles(documentsDir);
    const file = pdf();
    const response = await upload(milanoCase, tokens.milano, { kind: 'adopted-act' }, file).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain('title');
    expect(await storedFiles(documentsDir)).toEqual(before);
  });

  it('answers 400 naming the field for an invalid kind, a title too long, an unknown field or a field after the file', async () => {
    const names = async (call: request.Test): Promise<string[]> => [
      ...new Set<string>((await call.expect(400)).body['invalid-params'].map((p: { name: string }) => p.name)),
    ];
    expect(await names(upload(milanoCase, tokens.milano, { kind: 'Adopted Act', title: 'x' }, pdf(10)))).toEqual(['kind']);
    expect(await names(upload(milanoCase, tokens.milano, { kind: 'adopted-act', title: 'x'.repeat(301) }, pdf(10)))).toEqual(['title']);
    expect(await names(upload(milanoCase, tokens.milano, { kind: 'adopted-act', title: '   ' }, pdf(10)))).toEqual(['title']);
    expect(await names(upload(milanoCase, tokens.milano, { kind: 'adopted-act', title: 'x', colour: 'red' }, pdf(10)))).toEqual(['colour']);
    const late = http()
      .post(`/cases/${milanoCase}/documents`)
      .set('Authorization', tokens.milano)
      .field('kind', 'adopted-act')
      .attach('file', pdf(10), 'delibera.pdf')
      .field('title', 'Titolo dopo il file');
    expect(await names(late)).toEqual(['title']);
    const withoutFile = http()
      .post(`/cases/${milanoCase}/documents`)
      .set('Authorization', tokens.milano)
      .field('kind', 'adopted-act')
      .field('title', 'x');
    expect(await names(withoutFile)).toEqual(['file']);
    const [{ count }] = await db.dataSource.query(
      "SELECT count(*)::int AS count FROM documents WHERE title IN ('x', 'Titolo dopo il file')",
    );
    expect(count).toBe(0);
  });

  it('refuses a body that is not multipart/form-data with 415', async () => {
    const response = await http()
      .post(`/cases/${milanoCase}/documents`)
      .set('Authorization', tokens.milano)
      .send({ kind: 'adopted-act', title: 'x' })
      .expect(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('hides a case from another municipality: 404 for list, upload and download', async () => {
    const listed = await http().get(`/cases/${milanoCase}/documents`).set('Authorization', tokens.milano).expect(200);
    const version = listed.body.items[0].versions[0];
    await http().get(`/cases/${milanoCase}/documents`).set('Authorization', tokens.abbiategrasso).expect(404);
    await upload(milanoCase, tokens.abbiategrasso, { kind: 'adopted-act', title: 'Intrusione' }, pdf(10)).expect(404);
    await download(version.contentUrl, tokens.abbiategrasso).expect(404);
    // Its own case works, and shows none of Milano's documents.
    const own = await http().get(`/cases/${abbiategrassoCase}/documents`).set('Authorization', tokens.abbiategrasso).expect(200);
    expect(own.body).toEqual({ items: [] });
    // A version id taken from one case does not open through another.
    await download(version.contentUrl.replace(milanoCase, abbiategrassoCase), tokens.officer).expect(404);
    const [{ count }] = await db.dataSource.query("SELECT count(*)::int AS count FROM documents WHERE title = 'Intrusione'");
    expect(count).toBe(0);
  });

  it('asks for a token (401) and refuses a token with a role it does not know', async () => {
    await http().get(`/cases/${milanoCase}/documents`).expect(401);
    await upload(milanoCase, '', { kind: 'adopted-act', title: 'x' }, pdf(10)).expect(401);
    const stranger = await issuer.bearer({ subject: 'guest-1', role: 'guest' as never });
    await http().get(`/cases/${milanoCase}/documents`).set('Authorization', stranger).expect(401);
  });
});
