// What an upload may not be: larger than DOCUMENTS_MAX_BYTES (413), of a type other than the
// accepted ones whatever its name says (415), or cut off by the client. In every case nothing
// is recorded and nothing stays on disk.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const MILANO = '015146';
const MAX_BYTES = 150_000;

/** Every file the store holds, staged or final. */
const filesUnder = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => e.name);

/** Descriptors of this process (the API runs in it) open on files of the store. */
const openFilesUnder = async (dir: string): Promise<string[]> => {
  const fds = await readdir('/proc/self/fd');
  return (await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))).filter((t) => t.startsWith(dir));
};

/** Lets the server finish its cleanup: yields to the event loop until `done` holds (bounded, not timed). */
const eventually = async (done: () => Promise<boolean>): Promise<boolean> => {
  for (let attempt = 0; attempt < 20_000; attempt++) {
    if (await done()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done();
};

describe('refused document uploads', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let documentsDir: string;
  let comune: string;
  let caseId: string;
  let port: number;

  const http = () => request(app.getHttpServer());
  const upload = (title: string, file: Buffer, filename: string, contentType = 'application/pdf') =>
    http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', comune)
      .field('kind', 'adopted-act')
      .field('title', title)
      .attach('file', file, { filename, contentType });
  const recorded = async () => {
    const [row] = await db.dataSource.query(
      `SELECT (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM document_versions)::int AS versions,
              (SELECT count(*) FROM registry_entries)::int AS registrations, (SELECT count(*) FROM timeline_events)::int AS events`,
    );
    return row;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    caseId = (await openTestCase(db.dataSource, { istatCode: MILANO })).id;
    const issuer = await createTestIssuer();
    comune = await issuer.bearer({ subject: `comune-${MILANO}`, role: 'comune', istatCode: MILANO });
    documentsDir = await mkdtemp(join(tmpdir(), 'cmm-e2e-refusals-'));
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, DOCUMENTS_DIR: documentsDir, DOCUMENTS_MAX_BYTES: String(MAX_BYTES) },
    });
    // A real port: the raw-socket tests below need one that stays, supertest reuses it.
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await rm(documentsDir, { recursive: true, force: true });
  });

  it('refuses a file over DOCUMENTS_MAX_BYTES with 413 while streaming, recording and keeping nothing', async () => {
    const oversized = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MAX_BYTES + 30_000)]);
    const response = await upload('Delibera troppo grande', oversized, 'delibera.pdf').expect(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, 'max-bytes': MAX_BYTES });
    expect(await recorded()).toEqual({ documents: 0, versions: 0, registrations: 0, events: 0 });
    expect(await eventually(async () => (await filesUnder(documentsDir)).length === 0)).toBe(true);
  });

  it('accepts a file of exactly DOCUMENTS_MAX_BYTES', async () => {
    const exact = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MAX_BYTES - 9)]);
    const response = await upload('Delibera al limite', exact, 'delibera.pdf').expect(201);
    expect(response.body.size).toBe(MAX_BYTES);
  });

  it('refuses an upload whose declared length is already too large, before reading it', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const call = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/cases/${caseId}/documents`,
        headers: { Authorization: comune, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(10 * MAX_BYTES) },
      });
      call.on('response', resolve).on('error', reject);
      call.write('--x\r\n'); // the rest never comes: the answer must not wait for it
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe('close');
    response.destroy();
  });

  it.each([
    [
      'an executable named .pdf',
      Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(100_000)]),
      'application/vnd.microsoft.portable-executable',
    ],
    ['plain text named .pdf', Buffer.from('Questa non è una delibera, è solo testo.\n'), 'text/plain'],
    ['a GIF named .png', Buffer.concat([Buffer.from('GIF89a'), randomBytes(2000)]), 'image/gif'],
  ])('refuses %s with 415 naming the detected type, keeping nothing', async (_, file, detected) => {
    const before = await recorded();
    const response = await upload('Documento travestito', file, 'delibera.pdf').expect(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 415, 'detected-type': detected });
    expect(response.body.detail).toContain(detected);
    expect(await recorded()).toEqual(before);
    expect(await eventually(async () => (await filesUnder(join(documentsDir, 'staging'))).length === 0)).toBe(true);
  });

  it('removes the partial file and closes it when the client disconnects mid-upload', async () => {
    const before = await recorded();
    const boundary = 'cmm-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nadopted-act\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nInterrotto\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="delibera.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const call = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/cases/${caseId}/documents`,
      headers: {
        Authorization: comune,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + 120_000),
      },
    });
    call.on('error', () => undefined); // the abort below is the point
    call.write(Buffer.concat([head, Buffer.from('%PDF-1.7\n'), randomBytes(60_000)]));
    try {
      // Wait until the server has started staging the file, then cut the connection.
      expect(await eventually(async () => (await filesUnder(join(documentsDir, 'staging'))).length === 1)).toBe(true);
    } finally {
      call.destroy();
    }

    expect(await eventually(async () => (await filesUnder(join(documentsDir, 'staging'))).length === 0)).toBe(true);
    expect(await eventually(async () => (await openFilesUnder(documentsDir)).length === 0)).toBe(true);
    expect(await recorded()).toEqual(before);
  });
});
