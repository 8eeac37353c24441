import { openTestCase, type TestDatabase, createTestDatabase } from '@cmm/test-support';
import { randomUUID } from 'node:crypto';
import { AdhesionRepository } from './adhesion.repository';
import { CaseRepository } from './case.repository';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const RHO = '015182';

describe('Case parties and adhesions on PostgreSQL', () => {
  let db: TestDatabase;
  let cases: CaseRepository;
  let adhesions: AdhesionRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    cases = new CaseRepository(db.dataSource);
    adhesions = new AdhesionRepository(db.dataSource);
    // Seeds the three municipalities the tests use.
    for (const istatCode of [MILANO, ABBIATEGRASSO, RHO]) await openTestCase(db.dataSource, { istatCode });
  });

  afterAll(() => db?.drop());

  it('lets a party municipality see a case of another municipality, and no one else', async () => {
    const conference = await openTestCase(db.dataSource, { istatCode: MILANO, type: 'concertation-conference' });
    await cases.addParties(conference.id, [ABBIATEGRASSO], 'convened');
    await cases.addParties(conference.id, [ABBIATEGRASSO], 'convened');

    expect(await cases.findVisible(ABBIATEGRASSO, conference.id)).not.toBeNull();
    expect(await cases.findVisible(MILANO, conference.id)).not.toBeNull();
    expect(await cases.findVisible(RHO, conference.id)).toBeNull();
    const page = await cases.search(ABBIATEGRASSO, { type: 'concertation-conference' }, 10);
    expect(page.items.map((c) => c.id)).toEqual([conference.id]);
    expect((await cases.search(RHO, { type: 'concertation-conference' }, 10)).items).toEqual([]);
    expect(await cases.parties(conference.id)).toEqual([{ istatCode: ABBIATEGRASSO, name: 'Abbiategrasso', pec: null, role: 'convened' }]);
  });

  it('tells who adheres on a day: from the effective date, until a revocation, STTM merged across deliberations', async () => {
    const first = await openTestCase(db.dataSource, { istatCode: RHO, type: 'adhesion' });
    const second = await openTestCase(db.dataSource, { istatCode: RHO, type: 'adhesion' });
    const base = { istatCode: RHO, adhesionCase: 'd' as const, registeredBy: 'officer-1' };
    await adhesions.record({
      ...base,
      id: randomUUID(),
      caseId: first.id,
      sttm: [1],
      fund: false,
      deliberation: { number: '12', date: '2026-03-01' },
      effectiveFrom: '2026-03-10',
    });
    const secondId = randomUUID();
    await adhesions.record({
      ...base,
      id: secondId,
      caseId: second.id,
      sttm: [3, 1],
      fund: true,
      deliberation: { number: '40', date: '2026-06-01' },
      effectiveFrom: '2026-06-05',
    });

    expect(await adhesions.statusOn(RHO, '2026-03-09')).toEqual({ adhering: false, sttm: [], fund: false });
    expect(await adhesions.statusOn(RHO, '2026-03-10')).toEqual({ adhering: true, sttm: [1], fund: false });
    expect(await adhesions.statusOn(RHO, '2026-07-01')).toEqual({ adhering: true, sttm: [1, 3], fund: true });
    await adhesions.revoke(secondId, '2026-09-01');
    expect(await adhesions.statusOn(RHO, '2026-09-01')).toEqual({ adhering: true, sttm: [1], fund: false });
    expect(await adhesions.statusOn(MILANO, '2026-09-01')).toEqual({ adhering: false, sttm: [], fund: false });
    expect((await adhesions.listForMunicipality(RHO)).map((a) => a.deliberation.number)).toEqual(['12', '40']);
  });

  it('refuses an STTM that does not exist (database constraint)', async () => {
    const c = await openTestCase(db.dataSource, { istatCode: RHO, type: 'adhesion' });
    await expect(
      adhesions.record({
        id: randomUUID(),
        caseId: c.id,
        istatCode: RHO,
        sttm: [4],
        adhesionCase: 'd',
        fund: false,
        deliberation: { number: '1', date: '2026-01-01' },
        effectiveFrom: '2026-01-02',
        registeredBy: 'x',
      }),
    ).rejects.toThrow(/check constraint/);
  });
});
