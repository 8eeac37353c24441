import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const STREAM_BUFFER_BYTES = 1024 * 1024;

/** The content went past the configured limit; the bytes seen so far are discarded. */
export class ContentTooLargeError extends Error {
  override readonly name = 'ContentTooLargeError';
  constructor(readonly limit: number) {
    super(`content exceeds the limit of ${limit} bytes`);
  }
}

export interface MeterOptions {
  /** Fails the stream as soon as one byte more than this has passed. */
  maxBytes?: number;
  /** Sees every chunk before it is stored; throwing stops the stream with that error. */
  inspect?: (chunk: Buffer) => void;
}

/**
 * Passes the content through unchanged while hashing and counting it, so the digest is
 * known the moment the last byte is written, without a second read of the file.
 */
export class ContentMeter extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private digest: string | null = null;

  constructor(private readonly options: MeterOptions = {}) {
    // Room for a few socket reads: with Node's 16 KiB default every 64 KiB piece of an
    // upload was over the mark, and the parser paused and resumed the request for each one.
    super({ highWaterMark: STREAM_BUFFER_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.options.maxBytes !== undefined && this.bytes > this.options.maxBytes) {
      callback(new ContentTooLargeError(this.options.maxBytes));
      return;
    }
    try {
      this.options.inspect?.(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  /** SHA-256 (hex) and size; only after the stream has ended. */
  result(): { sha256: string; size: number } {
    if (this.digest === null) throw new Error('ContentMeter: the content has not ended yet');
    return { sha256: this.digest, size: this.bytes };
  }
}
