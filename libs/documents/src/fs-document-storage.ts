import { randomUUID } from 'node:crypto';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BatchedFileWriter } from './batched-file-writer';
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

/** Staging lives inside the root, so the final rename never crosses a filesystem. */
export const STAGING_DIR = 'staging';
const STAGING_SUFFIX = '.part';
// One write(2) per 4 MiB of upload: a few hundred thread-pool round trips per GiB instead of thousands.
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
// Writeback started while the upload still arrives, so that the fsync before the answer is short.
const SYNC_AHEAD_BYTES = 64 * 1024 * 1024;

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Makes a directory's entries (a rename, a new subdirectory) survive a power loss. */
const fsyncDirectory = async (path: string): Promise<void> => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Local filesystem, content-addressed under `root/sha256/ab/cd/<sha256>`. A content is
 * written to `root/staging/<uuid>.part`, fsynced, then renamed into place and its directory
 * fsynced: a reader sees either nothing or the whole, durable file.
 */
export class FsDocumentStorage implements DocumentStorage {
  readonly kind = 'fs';
  private readonly stagingDir: string;

  constructor(readonly root: string) {
    this.stagingDir = join(root, STAGING_DIR);
  }

  async stage(source: Readable, options: MeterOptions = {}): Promise<StagedContent> {
    await mkdir(this.stagingDir, { recursive: true });
    // A source destroyed while we awaited: pipeline() would wait for it forever (Node 20).
    if (source.destroyed) throw new SourceClosedError();
    const tempPath = join(this.stagingDir, `${randomUUID()}${STAGING_SUFFIX}`);
    const meter = new ContentMeter(options);
    // The writer fsyncs and closes the file before it finishes; pipeline resolves only after that.
    const sink = new BatchedFileWriter(tempPath, { batchBytes: WRITE_BATCH_BYTES, mode: 0o640, syncAheadBytes: SYNC_AHEAD_BYTES });
    try {
      await pipeline(source, meter, sink);
    } catch (error) {
      source.destroy();
      // The file may still be opening or closing: remove it only once its descriptor is gone.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(tempPath, { force: true });
      throw error;
    }
    const { sha256, size } = meter.result();
    return this.staged(tempPath, sha256, size);
  }

  private staged(tempPath: string, sha256: string, size: number): StagedContent {
    let done: Promise<StoredContent> | null = null;
    return {
      sha256,
      size,
      commit: () => (done ??= this.commit(tempPath, sha256, size)),
      discard: async () => {
        if (!done) await rm(tempPath, { force: true });
      },
    };
  }

  private async commit(tempPath: string, sha256: string, size: number): Promise<StoredContent> {
    const key = contentKey(sha256);
    const finalPath = join(this.root, key);
    const directory = dirname(finalPath);
    const firstCreated = await mkdir(directory, { recursive: true });
    if (await exists(finalPath)) {
      // Same digest, same bytes: the copy already there was fsynced before its own rename.
      await rm(tempPath, { force: true });
      return { key, sha256, size, created: false };
    }
    // Two uploads of the same bytes may both get here: either rename wins, the result is identical.
    await rename(tempPath, finalPath);
    await fsyncDirectory(directory);
    if (firstCreated) {
      // New fan-out directories must be recorded in their parents too.
      const levels = relative(dirname(firstCreated), directory).split(sep).length;
      let path = directory;
      for (let i = 0; i < levels; i++) {
        path = dirname(path);
        await fsyncDirectory(path);
      }
    }
    return { key, sha256, size, created: true };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertContentKey(key);
    // Opened before returning, so a missing file is an error the caller can answer cleanly
    // instead of a stream that fails after the response headers went out.
    const handle = await open(join(this.root, key), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new ContentNotFoundError(key) : error;
    });
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: 1024 * 1024 });
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertContentKey(key);
    try {
      return { size: (await stat(join(this.root, key))).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Staged files whose process died before commit or discard. Only files older than
   * `olderThanMs` go: another process sharing the directory may be writing the young ones.
   */
  async removeStaleStaging(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.stagingDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith(STAGING_SUFFIX))) {
      const path = join(this.stagingDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
