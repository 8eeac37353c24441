import { DatabaseConfig, loadConfig } from '@cmm/config';
import { MunicipalityRepository, createDataSource, readMunicipalities } from '@cmm/persistence';
import type { DataSource } from 'typeorm';
import type { CliCommand, CliIo } from '../cli-command';
import { UsageError } from '../cli-command';

/** Runs work on a short-lived connection to DATABASE_URL (the CLI never keeps one open). */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const { DATABASE_URL } = loadConfig(DatabaseConfig);
  const dataSource = await createDataSource(DATABASE_URL, 2).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const refuseArguments = (name: string, argv: readonly string[]) => {
  if (argv.length > 0) throw new UsageError(`${name}: unexpected argument "${argv[0]}"`);
};

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations (DATABASE_URL)',
  async run(argv, io: CliIo) {
    refuseArguments('migrate', argv);
    const applied = await withDatabase((ds) => ds.runMigrations({ transaction: 'each' }));
    io.stderr(applied.length === 0 ? 'migrate: schema up to date' : `migrate: applied ${applied.map((m) => m.name).join(', ')}`);
    return 0;
  },
};

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'load the 133 municipalities of the Città metropolitana di Milano (idempotent)',
  async run(argv, io: CliIo) {
    refuseArguments('seed', argv);
    const municipalities = await readMunicipalities();
    const total = await withDatabase(async (ds) => {
      const repository = new MunicipalityRepository(ds);
      await repository.upsertNames(municipalities);
      return repository.count();
    });
    io.stderr(`seed: ${municipalities.length} municipalities loaded, ${total} in the database`);
    return 0;
  },
};
