import type { S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ContentTooLargeError } from './content-meter';
import { ContentNotFoundError, contentKey } from './document-storage';
import { S3DocumentStorage } from './s3-document-storage';

// Needs an S3-compatible server (e.g. MinIO): DOCUMENTS_S3_ENDPOINT, AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY; a fresh bucket is created per run. Without the endpoint it is skipped.
const endpoint = process.env.DOCUMENTS_S3_ENDPOINT;
const describeWithS3 = endpoint ? describe : describe.skip;

describeWithS3(`S3DocumentStorage against DOCUMENTS_S3_ENDPOINT${endpoint ? '' : ' (skipped: DOCUMENTS_S3_ENDPOINT is not set)'}`, () => {
  const region = process.env.DOCUMENTS_S3_REGION ?? 'us-east-1';
  const bucket = `cmm-test-${randomUUID().slice(0, 8)}`;
  let sdk: typeof import('@aws-sdk/client-s3');
  let client: S3Client;
  let storage: S3DocumentStorage;
  const keys = async () =>
    ((await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key as string).sort();

  beforeAll(async () => {
    // Imported here, so a run without S3 does not load the SDK at all.
    sdk = await import('@aws-sdk/client-s3');
    client = new sdk.S3Client({ region, endpoint, forcePathStyle: true });
    storage = new S3DocumentStorage({ bucket, region, client });
    await client.send(new sdk.CreateBucketCommand({ Bucket: bucket }));
  });

  it('stores multipart content under its SHA-256 address, once, and reads ranges back', async () => {
    const bytes = randomBytes(20 * 1024 * 1024); // more than one 16 MiB part
    const digest = createHash('sha256').update(bytes).digest('hex');
    const first = await (await storage.stage(Readable.from([bytes]))).commit();
    const second = await (await storage.stage(Readable.from([bytes]))).commit();
    expect(first).toEqual({ key: contentKey(digest), sha256: digest, size: bytes.length, created: true });
    expect(second.created).toBe(false);
    expect(await keys()).toEqual([contentKey(digest)]);
    expect(Buffer.concat(await (await storage.read(first.key, { start: 10, end: 19 })).toArray())).toEqual(bytes.subarray(10, 20));
    expect(await storage.stat(first.key)).toEqual({ size: bytes.length });
  });

  it('removes the staged object on discard and after a failure', async () => {
    await (await storage.stage(Readable.from([Buffer.from('scartato')]))).discard();
    await expect(storage.stage(Readable.from([randomBytes(2000)]), { maxBytes: 1000 })).rejects.toEqual(new ContentTooLargeError(1000));
    expect((await keys()).filter((k) => k.startsWith('staging/'))).toEqual([]);
  });

  it('reports missing content as ContentNotFoundError', async () => {
    await expect(storage.read(contentKey('b'.repeat(64)))).rejects.toBeInstanceOf(ContentNotFoundError);
  });
});
