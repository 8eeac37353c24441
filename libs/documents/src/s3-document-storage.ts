import type { S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ContentMeter, type MeterOptions } from './content-meter';
import {
  type ByteRange,
  ContentNotFoundError,
  type DocumentStorage,
  SourceClosedError,
  type StagedContent,
  type StoredContent,
  assertContentKey,
  contentKey,
} from './document-storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, Ceph, a cloud's S3 API); AWS itself when absent. */
  endpoint?: string;
  /** For tests; otherwise built from the options, credentials from the standard AWS variables. */
  client?: S3Client;
}

// 16 MiB parts, 4 in flight: at most 64 MiB buffered per upload, and a 2 GiB document in
// 128 parts, far from S3's 10 000-part cap.
const PART_SIZE = 16 * 1024 * 1024;
const QUEUE_SIZE = 4;
/** Server-side CopyObject copies at most 5 GiB in one request. */
export const S3_SINGLE_COPY_LIMIT = 5 * 1024 * 1024 * 1024;

// Loaded on first use: the SDK is large, and deployments on the filesystem store never need it.
type Sdk = typeof import('@aws-sdk/client-s3') & Pick<typeof import('@aws-sdk/lib-storage'), 'Upload'>;
let sdk: Promise<Sdk> | null = null;
const loadSdk = (): Promise<Sdk> =>
  (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, storage]) => ({
    ...s3,
    Upload: storage.Upload,
  })));

const isMissing = (error: unknown): boolean => {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return failure?.name === 'NotFound' || failure?.name === 'NoSuchKey' || failure?.$metadata?.httpStatusCode === 404;
};

/**
 * S3-compatible object store. The digest is known only after the last byte, so a content
 * is uploaded (multipart) under `staging/<uuid>` and copied server-side to its content
 * address on commit; an object already at that address is kept and the staged one dropped.
 * Staged objects orphaned by a crash are best removed by a bucket lifecycle rule on `staging/`.
 */
export class S3DocumentStorage implements DocumentStorage {
  readonly kind = 's3';
  readonly bucket: string;
  private client: S3Client | null;

  constructor(private readonly options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = options.client ?? null;
  }

  private async connect(): Promise<{ client: S3Client; sdk: Sdk }> {
    const loaded = await loadSdk();
    this.client ??= new loaded.S3Client({
      region: this.options.region,
      endpoint: this.options.endpoint,
      // Self-hosted S3 implementations rarely resolve bucket subdomains.
      forcePathStyle: this.options.endpoint !== undefined,
    });
    return { client: this.client, sdk: loaded };
  }

  async stage(source: Readable, options: MeterOptions = {}): Promise<StagedContent> {
    const { client, sdk } = await this.connect();
    // A source destroyed while we awaited would never end the meter, and the upload would wait forever.
    if (source.destroyed) throw new SourceClosedError();
    const stagingKey = `staging/${randomUUID()}`;
    const meter = new ContentMeter(options);
    let failure: Error | null = null;
    meter.once('error', (error) => (failure ??= error));
    source.once('error', (error) => meter.destroy(error));
    source.once('close', () => {
      if (!source.readableEnded) meter.destroy(new SourceClosedError());
    });
    source.pipe(meter);
    const upload = new sdk.Upload({
      client,
      params: { Bucket: this.bucket, Key: stagingKey, Body: meter },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      source.destroy();
      meter.destroy();
      // A small content goes up with one PutObject that may have completed: remove it too.
      await this.deleteQuietly(stagingKey);
      throw failure ?? error;
    }
    const { sha256, size } = meter.result();
    let done: Promise<StoredContent> | null = null;
    return {
      sha256,
      size,
      commit: () => (done ??= this.commit(stagingKey, sha256, size)),
      discard: async () => {
        if (!done) await this.deleteQuietly(stagingKey);
      },
    };
  }

  private async commit(stagingKey: string, sha256: string, size: number): Promise<StoredContent> {
    const key = contentKey(sha256);
    if (await this.stat(key)) {
      await this.deleteQuietly(stagingKey);
      return { key, sha256, size, created: false };
    }
    if (size > S3_SINGLE_COPY_LIMIT) throw new Error(`S3 storage: ${size} bytes exceed the single-copy limit of ${S3_SINGLE_COPY_LIMIT}`);
    const { client, sdk } = await this.connect();
    await client.send(
      new sdk.CopyObjectCommand({
        Bucket: this.bucket,
        Key: key,
        CopySource: `${this.bucket}/${stagingKey}`,
        MetadataDirective: 'REPLACE',
        Metadata: { sha256 },
      }),
    );
    await this.deleteQuietly(stagingKey);
    return { key, sha256, size, created: true };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertContentKey(key);
    const { client, sdk } = await this.connect();
    try {
      const object = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new ContentNotFoundError(key);
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertContentKey(key);
    const { client, sdk } = await this.connect();
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: Number(head.ContentLength ?? 0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async deleteQuietly(key: string): Promise<void> {
    const { client, sdk } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
  }
}
