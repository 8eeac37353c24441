// Downloading a document version through HTTP: the exact bytes with their digest, a single
// byte range (206) or a refusal naming the size (416), conditional requests on the ETag.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const MILANO = '015146';

describe('document download through HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let documentsDir: string;
  let officer: string;
  let content: Buffer;
  let url: string;
  let caseId: string;

  const http = () => request(app.getHttpServer());
  const get = (path: string, headers: Record<string, string> = {}) =>
    http()
      .get(path)
      .set({ Authorization: officer, ...headers })
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    db = await createTestDatabase();
    caseId = (await openTestCase(db.dataSource, { istatCode: MILANO })).id;
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    documentsDir = await mkdtemp(join(tmpdir(), 'cmm-e2e-download-'));
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, DOCUMENTS_DIR: documentsDir } });
    await app.init();
    // A PNG: the signature, then bytes whose every position is distinguishable.
    content = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(100_000)]);
    const uploaded = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', officer)
      .field('kind', 'plan-map')
      .field('title', 'Tavola delle previsioni di piano')
      .attach('file', content, { filename: 'tavola.png', contentType: 'application/octet-stream' })
      .expect(201);
    expect(uploaded.body.contentType).toBe('image/png');
    url = uploaded.body.contentUrl;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await rm(documentsDir, { recursive: true, force: true });
  });

  it('sends the whole content with its type, length, digests and a download disposition', async () => {
    const response = await get(url).expect(200);
    const hex = createHash('sha256').update(content).digest('hex');
    expect(Buffer.compare(response.body, content)).toBe(0);
    expect(response.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(content.length),
      'content-disposition': `attachment; filename="tavola.png"; filename*=UTF-8''tavola.png`,
      etag: `"${hex}"`,
      digest: `sha-256=${Buffer.from(hex, 'hex').toString('base64')}`,
      'x-content-sha256': hex,
      'accept-ranges': 'bytes',
    });
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=99990-', 99_990, 100_007],
    ['bytes=-8', 100_000, 100_007],
    ['bytes=0-0', 0, 0],
    ['bytes=100000-999999', 100_000, 100_007],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const response = await get(url, { Range: range }).expect(206);
    expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${content.length}`);
    expect(response.headers['content-length']).toBe(String(end - start + 1));
    expect(Buffer.compare(response.body, content.subarray(start, end + 1))).toBe(0);
    // The digest headers describe the whole content, also on a partial response.
    expect(response.headers['x-content-sha256']).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('answers a range past the end with 416 and Content-Range: bytes */size', async () => {
    const response = await get(url, { Range: `bytes=${content.length}-` }).expect(416);
    expect(response.headers['content-range']).toBe(`bytes */${content.length}`);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 416, size: content.length });
  });

  it('sends the whole content for a multi-range request or a Range tied to another ETag', async () => {
    expect((await get(url, { Range: 'bytes=0-1,5-6' }).expect(200)).body).toHaveLength(content.length);
    expect((await get(url, { Range: 'bytes=0-1', 'If-Range': '"another"' }).expect(200)).body).toHaveLength(content.length);
  });

  it('answers 304 to a client that already has this version', async () => {
    const { headers } = await get(url).expect(200);
    const again = await get(url, { 'If-None-Match': headers.etag }).expect(304);
    expect(again.body).toHaveLength(0);
  });

  it('stores a large PDF that arrives in many socket reads byte for byte, and serves it whole and by range', async () => {
    // 9 MiB and a bit: more than two of the store's 4 MiB write batches, and hundreds of reads.
    const large = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(9 * 1024 * 1024 + 4_321)]);
    const digest = createHash('sha256').update(large).digest('hex');
    const uploaded = await http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', officer)
      .field('kind', 'technical-report')
      .field('title', 'Relazione tecnica estesa')
      .attach('file', large, { filename: 'relazione.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(uploaded.body).toMatchObject({ sha256: digest, size: large.length, contentType: 'application/pdf' });

    const whole = await get(uploaded.body.contentUrl).expect(200);
    expect(whole.headers['content-length']).toBe(String(large.length));
    expect(createHash('sha256').update(whole.body).digest('hex')).toBe(digest);
    // Across the first write batch's end, and the last bytes.
    const start = 4 * 1024 * 1024 - 1000;
    const middle = await get(uploaded.body.contentUrl, { Range: `bytes=${start}-${start + 1999}` }).expect(206);
    expect(Buffer.compare(middle.body, large.subarray(start, start + 2000))).toBe(0);
    const tail = await get(uploaded.body.contentUrl, { Range: 'bytes=-5000' }).expect(206);
    expect(Buffer.compare(tail.body, large.subarray(large.length - 5000))).toBe(0);
  });

  it('answers 404 for a version that does not exist and 400 for a malformed one', async () => {
    await get(url.replace('/versions/1/', '/versions/2/')).expect(404);
    await get(url.replace('/versions/1/', '/versions/uno/')).expect(400);
  });
});
