import { type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { readMunicipalities } from '../seeds/municipalities.seed';
import { MunicipalityRepository } from './municipality.repository';

describe('MunicipalityRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let repository: MunicipalityRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new MunicipalityRepository(db.dataSource);
  });

  afterAll(() => db?.drop());

  it('seeds the 133 municipalities, and seeding again changes nothing', async () => {
    const municipalities = await readMunicipalities();
    await repository.upsertNames(municipalities);
    await repository.upsertNames(municipalities);
    expect(await repository.count()).toBe(133);
    expect(await repository.findByIstatCode('015146')).toMatchObject({
      istatCode: '015146',
      name: 'Milano',
      zone: 'Milano',
      mayorOfficeEmail: null,
    });
    expect(await repository.findByIstatCode('015182')).toMatchObject({ name: 'Rho', zone: 'Nord Ovest' });
    const [{ unzoned }] = await db.dataSource.query('SELECT count(*)::int AS unzoned FROM municipalities WHERE zone IS NULL');
    expect(unzoned).toBe(0);
  });

  it('never overwrites a zone an administrator recorded when the seed runs again', async () => {
    await db.dataSource.query("UPDATE municipalities SET zone = 'Zona corretta' WHERE istat_code = '015182'");
    await repository.upsertNames(await readMunicipalities());
    expect(await repository.findByIstatCode('015182')).toMatchObject({ zone: 'Zona corretta' });
  });

  it('keeps what administrators maintain when names are seeded again', async () => {
    await db.dataSource.query("UPDATE municipalities SET pec = 'protocollo@postacert.comune.milano.it' WHERE istat_code = '015146'");
    await repository.upsertNames([{ istatCode: '015146', name: 'Milano' }]);
    expect(await repository.findByIstatCode('015146')).toMatchObject({ pec: 'protocollo@postacert.comune.milano.it' });
  });

  it("reads names by ISTAT code, in the caller's transaction too, and the municipalities with a PEC", async () => {
    const names = await repository.namesByIstat(['015146', '015182', '015146', '099999']);
    expect([...names.entries()].sort()).toEqual([
      ['015146', 'Milano'],
      ['015182', 'Rho'],
    ]);
    expect(await repository.namesByIstat([])).toEqual(new Map());
    await db.dataSource.transaction(async (tx) => {
      await tx.query("UPDATE municipalities SET name = 'Rho (in corso)' WHERE istat_code = '015182'");
      expect(await repository.nameOf('015182', tx)).toBe('Rho (in corso)');
      await tx.query("UPDATE municipalities SET name = 'Rho' WHERE istat_code = '015182'");
    });
    await expect(repository.nameOf('099999')).rejects.toThrow(/099999/);
    expect(await repository.withPec()).toEqual([{ istatCode: '015146', name: 'Milano', pec: 'protocollo@postacert.comune.milano.it' }]);
  });

  it('refuses a code that is not six digits (database constraint)', async () => {
    await expect(repository.upsertNames([{ istatCode: '15146x', name: 'Nowhere' }])).rejects.toThrow(/check constraint/);
  });
});
