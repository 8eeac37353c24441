import type { DataSource } from 'typeorm';

export interface TokenIdentity {
  subject: string;
  name: string;
  email: string | null;
  role: string;
  istatCode: string | null;
}

export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records who called, as the token says; a municipal user whose ISTAT code is not one of
   * ours is reported rather than stored (the foreign key would refuse it anyway).
   */
  async upsertFromToken(identity: TokenIdentity): Promise<'ok' | 'unknown-municipality'> {
    if (identity.istatCode) {
      const [known] = await this.dataSource.query('SELECT 1 FROM municipalities WHERE istat_code = $1', [identity.istatCode]);
      if (!known) return 'unknown-municipality';
    }
    await this.dataSource.query(
      `INSERT INTO users (subject, name, email, role, istat_code) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (subject) DO UPDATE SET name = $2, email = $3, role = $4, istat_code = $5, last_seen_at = now()`,
      [identity.subject, identity.name, identity.email, identity.role, identity.istatCode],
    );
    return 'ok';
  }
}
