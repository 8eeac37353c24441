import { Injectable } from '@nestjs/common';
import type { Principal } from '@cmm/auth';
import { UserRepository } from '@cmm/persistence';
import { ProblemException } from '../problem-details/problem.exception';

// Refreshing "last seen" on every request would turn each read into a write.
const REFRESH_AFTER_MS = 5 * 60_000;

/** Users are provisioned from the identity provider's token on their first request. */
@Injectable()
export class UserDirectory {
  private readonly seen = new Map<string, number>();

  constructor(private readonly users: UserRepository) {}

  async provision(principal: Principal): Promise<void> {
    const key = `${principal.subject}|${principal.role}|${principal.istatCode ?? ''}`;
    const last = this.seen.get(key);
    if (last !== undefined && Date.now() - last < REFRESH_AFTER_MS) return;
    const outcome = await this.users.upsertFromToken(principal);
    if (outcome === 'unknown-municipality') {
      throw new ProblemException(403, {
        it: `il Comune ${principal.istatCode} non fa parte della Città metropolitana di Milano`,
        en: `municipality ${principal.istatCode} is not part of the Città metropolitana di Milano`,
      });
    }
    this.seen.set(key, Date.now());
  }
}
