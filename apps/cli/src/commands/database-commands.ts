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
  summary:
    'load the 133 municipalities of the Città metropolitana di Milano with their zona omogenea (idempotent); --demo-contacts gives those without a PEC a placeholder one (development only)',
  async run(argv, io: CliIo) {
    const demoContacts = argv[0] === '--demo-contacts';
    refuseArguments('seed', demoContacts ? argv.slice(1) : argv);
    const municipalities = await readMunicipalities();
    const { total, demo } = await withDatabase(async (ds) => {
      const repository = new MunicipalityRepository(ds);
      await repository.upsertNames(municipalities);
      // A development stack sends everything to the mail catcher: placeholder PECs (RFC 2606
      // .invalid) let convocations and calls be tried out before the real addresses are recorded.
      const filled = demoContacts
        ? await ds.query(
            `UPDATE municipalities SET pec = 'protocollo.' || istat_code || '@pec.comuni.invalid' WHERE pec IS NULL RETURNING istat_code`,
          )
        : [];
      return { total: await repository.count(), demo: (filled as unknown[][])[0]?.length ?? 0 };
    });
    io.stderr(
      `seed: ${municipalities.length} municipalities loaded, ${total} in the database${demoContacts ? `, ${demo} placeholder PECs` : ''}`,
    );
    return 0;
  },
};
