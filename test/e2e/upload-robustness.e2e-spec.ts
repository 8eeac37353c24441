// No multipart body, whatever its bytes, may hurt the API: two file parts, a file under another
// name, a cut-off body, a boundary that is not the declared one, fields after the file, names
// that disguise their extension. Each is refused with 4xx problem+json naming the part, nothing
// is recorded or left on disk, and the same process answers the next request.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const MILANO = '015146';
const BOUNDARY = 'cmm-robustness-boundary';

interface Part {
  name: string;
  value?: string;
  /** A file part: the raw Content-Disposition filename parameters and the bytes. */
  filename?: string;
  content?: Buffer;
}

const pdf = (): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);

/** A multipart body written by hand, so that it can be as wrong as a hostile client makes it. */
const multipart = (parts: Part[], { close = true } = {}): Buffer =>
  Buffer.concat([
    ...parts.map((part) =>
      part.content
        ? Buffer.concat([
            Buffer.from(
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; ${part.filename ?? 'filename="delibera.pdf"'}\r\nContent-Type: application/pdf\r\n\r\n`,
            ),
            part.content,
            Buffer.from('\r\n'),
          ])
        : Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
    ),
    Buffer.from(close ? `--${BOUNDARY}--\r\n` : ''),
  ]);

const FIELDS: Part[] = [
  { name: 'kind', value: 'adopted-act' },
  { name: 'title', value: 'Delibera di adozione' },
];

const filesUnder = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => e.name);

/** Lets the server finish its cleanup: yields to the event loop until `done` holds (bounded, not timed). */
const eventually = async (done: () => Promise<boolean>): Promise<boolean> => {
  for (let attempt = 0; attempt < 20_000; attempt++) {
    if (await done()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done();
};

describe('multipart uploads that must not hurt the API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let documentsDir: string;
  let comune: string;
  let caseId: string;

  const http = () => request(app.getHttpServer());
  const endpoints = () => [`/cases/${caseId}/documents`, '/uploads'];
  const send = (path: string, body: Buffer, boundary = BOUNDARY, language = 'it') =>
    http()
      .post(path)
      .set('Authorization', comune)
      .set('Accept-Language', language)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  const recorded = async () => {
    const [row] = await db.dataSource.query(
      `SELECT (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM document_versions)::int AS versions,
              (SELECT count(*) FROM uploads)::int AS uploads, (SELECT count(*) FROM registry_entries)::int AS registrations`,
    );
    return row;
  };
  const NOTHING = { documents: 0, versions: 0, uploads: 0, registrations: 0 };

  /** Refused as a problem, nothing kept, and the process still serves. */
  const expectRefusedAndAlive = async (response: request.Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await recorded()).toEqual(NOTHING);
    await eventually(async () => (await filesUnder(documentsDir)).length === 0);
    expect(await filesUnder(documentsDir)).toEqual([]);
    await http().get(`/cases/${caseId}`).set('Authorization', comune).expect(200);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    caseId = (await openTestCase(db.dataSource, { istatCode: MILANO })).id;
    const issuer = await createTestIssuer();
    comune = await issuer.bearer({ subject: `comune-${MILANO}`, role: 'comune', istatCode: MILANO });
    documentsDir = await mkdtemp(join(tmpdir(), 'cmm-e2e-upload-robustness-'));
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, DOCUMENTS_DIR: documentsDir, RATE_LIMIT_PER_MINUTE: '100000' },
    });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await rm(documentsDir, { recursive: true, force: true });
  });

  it.each([0, 1])('refuses the same file sent twice as two file parts, naming the part (endpoint %i)', async (endpoint) => {
    const file = pdf();
    const response = await send(
      endpoints()[endpoint],
      multipart([...FIELDS, { name: 'file', content: file }, { name: 'file', content: file }]),
    );
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([
      { name: 'file', rule: 'singleFile', reason: 'è ammesso un solo file per caricamento' },
    ]);
  });

  it.each([0, 1])('refuses a second file under another name, naming that part (endpoint %i)', async (endpoint) => {
    const response = await send(
      endpoints()[endpoint],
      multipart([...FIELDS, { name: 'file', content: pdf() }, { name: 'allegato', content: pdf() }]),
      BOUNDARY,
      'en',
    );
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([{ name: 'allegato', rule: 'singleFile', reason: 'only one file per upload' }]);
  });

  it('refuses many file parts at once', async () => {
    const parts = [...FIELDS, ...Array.from({ length: 6 }, () => ({ name: 'file', content: pdf() }))];
    await expectRefusedAndAlive(await send('/uploads', multipart(parts)), 400);
  });

  it('refuses a file sent under a name other than file', async () => {
    const response = await send('/uploads', multipart([...FIELDS, { name: 'documento', content: pdf() }]));
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documento', rule: 'fileField' })]);
  });

  it('refuses a body cut off in the middle of the file', async () => {
    const whole = multipart([...FIELDS, { name: 'file', content: pdf() }], { close: false });
    const response = await send(`/cases/${caseId}/documents`, whole.subarray(0, whole.length - 5_000));
    await expectRefusedAndAlive(response, 400);
  });

  it('refuses a body whose boundary is not the declared one', async () => {
    const response = await send(`/cases/${caseId}/documents`, multipart([...FIELDS, { name: 'file', content: pdf() }]), 'another-boundary');
    await expectRefusedAndAlive(response, 400);
  });

  it('refuses a multipart content type without a boundary', async () => {
    const response = await http().post('/uploads').set('Authorization', comune).set('Content-Type', 'multipart/form-data').send(pdf());
    await expectRefusedAndAlive(response, 415);
  });

  it('says that a field after the file must come before it, naming it', async () => {
    const response = await send(`/cases/${caseId}/documents`, multipart([FIELDS[0], { name: 'file', content: pdf() }, FIELDS[1]]));
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([{ name: 'title', rule: 'beforeFile', reason: 'title deve precedere la parte file' }]);
  });

  it('still reports a wrong value as wrong, not as misplaced', async () => {
    const response = await send('/uploads', multipart([{ name: 'kind', value: 'Not Kebab' }, FIELDS[1], { name: 'file', content: pdf() }]));
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([expect.objectContaining({ name: 'kind', rule: 'matches' })]);
    // Worded like every other DTO's field: Italian by the constraint, the DTO's English message on request.
    expect(response.body['invalid-params'][0].reason).toBe('non è nel formato richiesto');
  });

  it.each([
    ['a control character', `filename*=UTF-8''delibera%01.pdf`],
    ['a tab', 'filename="delibera\t.pdf"'],
    ['a right-to-left override (a disguised extension)', `filename*=UTF-8''delibera%E2%80%AEfdp.exe`],
    ['a right-to-left isolate', `filename*=UTF-8''delibera%E2%81%A7fdp.exe`],
  ])('refuses a filename with %s, naming the file part', async (_, filename) => {
    const response = await send('/uploads', multipart([...FIELDS, { name: 'file', filename, content: pdf() }]));
    await expectRefusedAndAlive(response, 400);
    expect(response.body['invalid-params']).toEqual([expect.objectContaining({ name: 'file', rule: 'filename' })]);
  });

  it('after all of the above, a well-formed upload is stored', async () => {
    const response = await send(
      '/uploads',
      multipart([...FIELDS, { name: 'file', filename: `filename*=UTF-8''Delibera%20Citt%C3%A0.pdf`, content: pdf() }]),
    );
    expect(response.status).toBe(201);
    expect(response.body.filename).toBe('Delibera Città.pdf');
  });
});
