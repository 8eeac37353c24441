import type { DataSource, EntityManager } from 'typeorm';

export interface IssuedAnswerLink {
  jti: string;
  caseId: string;
  sessionId: string;
  istatCode: string;
  sequence: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** Links issued with conference convocations, each usable once. */
export class AnswerLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async issue(link: IssuedAnswerLink, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO conference_answer_links (jti, case_id, session_id, istat_code, sequence, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (jti) DO NOTHING`,
      [link.jti, link.caseId, link.sessionId, link.istatCode, link.sequence, link.issuedAt, link.expiresAt],
    );
  }

  /**
   * Runs `use` with the link locked, and marks it used if `use` succeeds: two clicks at once
   * cannot both answer, and a refused answer leaves the link usable.
   */
  async useOnce<T>(
    jti: string,
    answer: string,
    use: () => Promise<T>,
  ): Promise<{ outcome: 'used'; value: T } | { outcome: 'unknown' | 'already-used'; usedAt?: Date }> {
    return this.dataSource.transaction(async (tx) => {
      const [row]: { used_at: Date | null }[] = await tx.query('SELECT used_at FROM conference_answer_links WHERE jti = $1 FOR UPDATE', [
        jti,
      ]);
      if (!row) return { outcome: 'unknown' as const };
      if (row.used_at) return { outcome: 'already-used' as const, usedAt: row.used_at };
      const value = await use();
      await tx.query('UPDATE conference_answer_links SET used_at = now(), used_answer = $2 WHERE jti = $1', [jti, answer]);
      return { outcome: 'used' as const, value };
    });
  }

  async find(jti: string): Promise<{ usedAt: Date | null; usedAnswer: string | null } | null> {
    const [row]: { used_at: Date | null; used_answer: string | null }[] = await this.dataSource.query(
      'SELECT used_at, used_answer FROM conference_answer_links WHERE jti = $1',
      [jti],
    );
    return row ? { usedAt: row.used_at, usedAnswer: row.used_answer } : null;
  }
}
