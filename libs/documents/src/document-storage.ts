import type { Readable } from 'node:stream';
import type { MeterOptions } from './content-meter';

/** Where document contents live; the database keeps only their key and digest. */
export interface DocumentStorage {
  readonly kind: 'fs' | 's3';

  /**
   * Streams the content to a staging place while hashing and counting it. Nothing is
   * visible under a content address until `commit`; a failure (source error, client abort,
   * limit, inspection) removes the staged bytes before the promise rejects.
   */
  stage(source: Readable, options?: MeterOptions): Promise<StagedContent>;

  /** A stream of the stored bytes (inclusive range when given); ContentNotFoundError if absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;

  /** Size of the stored content, or null when the key holds nothing. */
  stat(key: string): Promise<{ size: number } | null>;
}

export interface StagedContent {
  readonly sha256: string;
  readonly size: number;
  /** Durably stores the content under its address; identical content is kept once. */
  commit(): Promise<StoredContent>;
  /** Drops the staged bytes; harmless after commit or a previous discard. */
  discard(): Promise<void>;
}

export interface StoredContent {
  key: string;
  sha256: string;
  size: number;
  /** False when the same bytes were already stored (by this or another document). */
  created: boolean;
}

/** Inclusive byte positions, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export class ContentNotFoundError extends Error {
  override readonly name = 'ContentNotFoundError';
  constructor(readonly key: string) {
    super(`no stored content under ${key}`);
  }
}

/** The source was destroyed before its end: nothing is staged. */
export class SourceClosedError extends Error {
  override readonly name = 'SourceClosedError';
  constructor() {
    super('the source stream was closed before its end');
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const CONTENT_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Content address: `sha256/ab/cd/<sha256>`. Two levels of fan-out keep directories small
 * (65 536 buckets) on filesystems that slow down with many entries per directory.
 */
export const contentKey = (sha256: string): string => {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a lowercase hex SHA-256: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
};

/** Keys come from our own rows, but a path built from one must never leave the store. */
export const assertContentKey = (key: string): void => {
  if (!CONTENT_KEY.test(key)) throw new Error(`not a content key: ${key}`);
};
