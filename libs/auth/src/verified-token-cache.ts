import { createHash } from 'node:crypto';
import type { Principal } from './principal';

export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered at once; the least recently used goes first. 0 turns the cache off. */
  maxEntries: number;
  /** Milliseconds since the epoch; a test passes its own clock. */
  now?: () => number;
}

interface Entry {
  principal: Principal;
  expiresAtMs: number;
}

/**
 * Principals of tokens that passed verification, so a client sending the same bearer token
 * on every request pays the signature check once. A signed token cannot change, so its
 * verdict holds until its `exp`; an entry never outlives that instant. Only successes are
 * stored: a token that failed is checked again each time it comes back.
 *
 * Keys are SHA-256 digests, not the tokens: a heap dump then holds no usable credential, and
 * a tampered token (any byte changed) has another digest, so it misses and is verified.
 */
export class VerifiedTokenCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest use first.
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: VerifiedTokenCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 0) throw new RangeError('maxEntries must be an integer ≥ 0');
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string): Principal | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() >= entry.expiresAtMs) return undefined;
    this.entries.set(key, entry);
    return entry.principal;
  }

  /** `expSeconds` is the token's own `exp` claim (seconds since the epoch). */
  set(key: string, principal: Principal, expSeconds: number): void {
    if (this.options.maxEntries === 0) return;
    const expiresAtMs = expSeconds * 1000;
    if (!Number.isFinite(expiresAtMs) || this.now() >= expiresAtMs) return;
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      // An expired entry anywhere would do, but finding one costs a scan; the oldest use is at hand.
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { principal: Object.freeze({ ...principal }), expiresAtMs });
  }
}
