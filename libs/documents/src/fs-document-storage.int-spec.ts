import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ContentTooLargeError } from './content-meter';
import { ContentNotFoundError, SourceClosedError, contentKey } from './document-storage';
import { FsDocumentStorage, STAGING_DIR } from './fs-document-storage';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file below `dir` (relative paths), to see exactly what the store left behind. */
const filesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
    .sort();
};

/** File descriptors of this process that point into `dir`. */
const openFilesUnder = async (dir: string): Promise<string[]> => {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith(dir));
};

/** A source that delivers some chunks and then fails, as a client connection dropped mid-upload. */
const abortingSource = (chunks: Buffer[], error: Error): Readable => {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < chunks.length) this.push(chunks[sent++]);
      else setImmediate(() => this.destroy(error));
    },
  });
};

describe('FsDocumentStorage on the local filesystem', () => {
  let root: string;
  let storage: FsDocumentStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cmm-documents-'));
    storage = new FsDocumentStorage(root);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores a content under its SHA-256 address and reads it back', async () => {
    const bytes = randomBytes(300_000);
    const staged = await storage.stage(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect({ sha256: staged.sha256, size: staged.size }).toEqual({ sha256: sha256(bytes), size: bytes.length });

    const stored = await staged.commit();
    const digest = sha256(bytes);
    expect(stored).toEqual({
      key: `sha256/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`,
      sha256: digest,
      size: bytes.length,
      created: true,
    });
    expect(await readFile(join(root, stored.key))).toEqual(bytes);
    expect(await storage.stat(stored.key)).toEqual({ size: bytes.length });
    expect(Buffer.concat(await (await storage.read(stored.key)).toArray())).toEqual(bytes);
  });

  it('keeps identical content once, whoever uploads it', async () => {
    const bytes = Buffer.from('%PDF-1.7 stessa delibera, due caricamenti');
    const first = await (await storage.stage(Readable.from([bytes]))).commit();
    const second = await (await storage.stage(Readable.from([bytes]))).commit();
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(await filesUnder(root)).toEqual([first.key]);
  });

  it('shows nothing under the content address before commit, and leaves no staged file after it', async () => {
    const bytes = Buffer.from('contenuto in attesa di commit');
    const staged = await storage.stage(Readable.from([bytes]));
    expect(await storage.stat(contentKey(staged.sha256))).toBeNull();
    expect(await filesUnder(join(root, STAGING_DIR))).toHaveLength(1);
    await staged.commit();
    expect(await filesUnder(join(root, STAGING_DIR))).toEqual([]);
    expect(await filesUnder(root)).toEqual([contentKey(staged.sha256)]);
  });

  it('discard drops a staged content without ever storing it', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('scartato')]));
    await staged.discard();
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses a source destroyed before staging began instead of waiting for it forever', async () => {
    // What a multipart parser does when the upload is refused while the store is still setting up.
    const source = new Readable({ read() {} });
    source.push(Buffer.from('%PDF-1.7 tagliato'));
    source.push(null);
    const staging = storage.stage(source);
    source.destroy();
    await expect(staging).rejects.toBeInstanceOf(SourceClosedError);
    expect(await filesUnder(root)).toEqual([]);
    expect(await openFilesUnder(root)).toEqual([]);
  });

  it('an abort mid-stream removes the staged file and closes its descriptor', async () => {
    const dropped = new Error('client went away');
    const source = abortingSource([randomBytes(64 * 1024), randomBytes(64 * 1024)], dropped);
    await expect(storage.stage(source)).rejects.toBe(dropped);
    expect(await filesUnder(root)).toEqual([]);
    expect(await openFilesUnder(root)).toEqual([]);
  });

  it('stores a content of many socket-sized pieces across several write batches byte for byte', async () => {
    // 4 MiB batches: this crosses five of them and ends with a partial one; piece sizes vary.
    const bytes = randomBytes(18 * 1024 * 1024 + 12_345);
    const pieces: Buffer[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = [65_536, 1, 16_384, 65_535, 300_001][i % 5];
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    const staged = await storage.stage(Readable.from(pieces));
    expect({ sha256: staged.sha256, size: staged.size }).toEqual({ sha256: sha256(bytes), size: bytes.length });
    const stored = await staged.commit();
    expect(sha256(await readFile(join(root, stored.key)))).toBe(sha256(bytes));
    expect(await filesUnder(join(root, STAGING_DIR))).toEqual([]);
    expect(await openFilesUnder(root)).toEqual([]);
  });

  it('an abort after several write batches removes the staged file and closes its descriptor', async () => {
    const dropped = new Error('client went away');
    const source = abortingSource(
      Array.from({ length: 200 }, () => randomBytes(64 * 1024)),
      dropped,
    );
    await expect(storage.stage(source)).rejects.toBe(dropped);
    expect(await filesUnder(root)).toEqual([]);
    expect(await openFilesUnder(root)).toEqual([]);
  });

  it('stops at the size limit, removing what was written', async () => {
    const source = Readable.from([randomBytes(600), randomBytes(600)]);
    await expect(storage.stage(source, { maxBytes: 1000 })).rejects.toEqual(new ContentTooLargeError(1000));
    expect(await filesUnder(root)).toEqual([]);
    // Exactly at the limit is accepted.
    expect((await storage.stage(Readable.from([randomBytes(1000)]), { maxBytes: 1000 })).size).toBe(1000);
  });

  it('stops when the inspection refuses the content, removing what was written', async () => {
    const refused = new Error('not a document');
    const inspect = (chunk: Buffer) => {
      if (chunk[0] === 0x4d) throw refused;
    };
    await expect(storage.stage(Readable.from([Buffer.from('MZ executable')]), { inspect })).rejects.toBe(refused);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('reads an inclusive byte range, and closes the file when the reader stops early', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    const { key } = await (await storage.stage(Readable.from([bytes]))).commit();
    expect(await text(await storage.read(key, { start: 3, end: 7 }))).toBe('34567');
    expect(await text(await storage.read(key, { start: 15, end: 15 }))).toBe('f');

    const stream = await storage.read(key);
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    expect(await openFilesUnder(root)).toEqual([]);
  });

  it('reports missing content as ContentNotFoundError and refuses keys that are not content addresses', async () => {
    const key = contentKey('a'.repeat(64));
    await expect(storage.read(key)).rejects.toBeInstanceOf(ContentNotFoundError);
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.read('sha256/../../etc/passwd')).rejects.toThrow(/not a content key/);
  });

  it('removes staged files left by a crash once they are old, and only those', async () => {
    await (await storage.stage(Readable.from([Buffer.from('x')]))).discard(); // creates the staging directory
    const old = join(root, STAGING_DIR, 'crashed.part');
    const young = join(root, STAGING_DIR, 'in-progress.part');
    await writeFile(old, 'half an upload');
    await writeFile(young, 'an upload in progress elsewhere');
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(old, dayAgo, dayAgo);
    expect(await storage.removeStaleStaging(24 * 60 * 60 * 1000)).toBe(1);
    expect(await filesUnder(join(root, STAGING_DIR))).toEqual(['in-progress.part']);
    expect((await stat(young)).size).toBeGreaterThan(0);
  });
});
