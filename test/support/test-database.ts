import { createDataSource } from '@cmm/persistence';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

const serverUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
  return url;
};

/**
 * A fresh database per test file on the real PostgreSQL server, migrated like production:
 * files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(serverUrl());
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();

  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  // Tests queue many transactions on five connections; on a busy machine a wait for a free
  // one can pass the production limit of 5 s. Here the limit only guards against a hang.
  const dataSource = await createDataSource(url.toString(), 5, 120_000).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url: url.toString(),
    dataSource,
    async drop() {
      await dataSource.destroy();
      const cleanup = new Client({ connectionString: admin.toString() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
