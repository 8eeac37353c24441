import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';

export interface BatchedFileWriterOptions {
  /** Bytes gathered before one write(2) to the file; also the stream's highWaterMark. */
  batchBytes: number;
  /** Permissions of the new file (it must not exist yet). */
  mode: number;
  /**
   * Every this many bytes written, an fdatasync is started without waiting for it (at most one
   * at a time), so the disk writes while the rest arrives and the final fsync finds little left.
   */
  syncAheadBytes?: number;
}

/**
 * A new file written in large batches and fsynced before the stream finishes. An upload
 * arrives in socket-sized pieces (64 KiB); written one or two at a time, as fs.WriteStream does
 * when the disk keeps up, every piece costs a round trip to libuv's thread pool, which on a
 * busy machine cost the event loop as much as hashing the bytes. Here the pieces are gathered
 * (by reference, not copied) and handed to one writev per batch. 'finish' means the bytes are
 * durable and the descriptor closed; on destroy the descriptor is closed before 'close'.
 * Memory: at most one batch gathering and one being written.
 *
 * Without the early syncs the kernel keeps a whole upload dirty in the page cache (its
 * background writeback starts only at a share of the RAM) and the final fsync writes all of it
 * while the client waits; the guarantee is the same either way: 'finish' follows a full fsync.
 */
export class BatchedFileWriter extends Writable {
  private handle: FileHandle | null = null;
  private batch: Buffer[] = [];
  private batched = 0;
  private sinceSync = 0;
  private syncing: Promise<void> | null = null;
  private syncError: Error | null = null;

  constructor(
    private readonly path: string,
    private readonly options: BatchedFileWriterOptions,
  ) {
    super({ highWaterMark: options.batchBytes });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'wx', this.options.mode).then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.gather(chunk);
    this.writeIfFull(callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    for (const { chunk } of chunks) this.gather(chunk);
    this.writeIfFull(callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writeBatch()
      .then(async () => {
        const handle = this.handle as FileHandle;
        await this.syncing;
        if (this.syncError) throw this.syncError;
        await handle.sync();
        this.handle = null;
        await handle.close();
      })
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = null;
    this.batch = [];
    if (!handle) return callback(error);
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  private gather(chunk: Buffer): void {
    this.batch.push(chunk);
    this.batched += chunk.length;
  }

  private writeIfFull(callback: (error?: Error | null) => void): void {
    if (this.batched < this.options.batchBytes) return callback();
    this.writeBatch().then(() => callback(), callback);
  }

  /** Writes the gathered pieces, all of them: writev may write fewer bytes than asked. */
  private async writeBatch(): Promise<void> {
    let pending = this.batch;
    let left = this.batched;
    this.batch = [];
    this.batched = 0;
    while (left > 0) {
      const handle = this.handle;
      if (!handle) throw new Error('the staging file was closed while being written');
      const { bytesWritten } = await handle.writev(pending);
      left -= bytesWritten;
      this.sinceSync += bytesWritten;
      if (left > 0) pending = remainderAfter(pending, bytesWritten);
    }
    this.syncAhead();
  }

  private syncAhead(): void {
    const every = this.options.syncAheadBytes;
    const handle = this.handle;
    if (!every || !handle || this.syncing || this.sinceSync < every) return;
    this.sinceSync = 0;
    this.syncing = handle
      .datasync()
      .catch((error: Error) => {
        // Reported by _final: a failed early sync is a failed store, never a silent one.
        this.syncError ??= error;
      })
      .finally(() => {
        this.syncing = null;
      });
  }
}

/** The pieces that follow the first `written` bytes of `chunks`. */
const remainderAfter = (chunks: Buffer[], written: number): Buffer[] => {
  const rest: Buffer[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
};
