import { type TestDatabase, createTestDatabase, openTestCase } from '@cmm/test-support';
import { CaseEntity } from '../entities/case.entity';
import { DeadlineEntity } from '../entities/deadline.entity';
import { CaseRepository } from './case.repository';
import { DeadlineRepository, deadlineUuid } from './deadline.repository';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const RHO = '015182';

// The one-query reads of the busy routes must give exactly what the TypeORM entity reads give.
describe('One-query case reads on PostgreSQL', () => {
  let db: TestDatabase;
  let cases: CaseRepository;
  let deadlines: DeadlineRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    cases = new CaseRepository(db.dataSource);
    deadlines = new DeadlineRepository(db.dataSource);
    for (const istatCode of [MILANO, ABBIATEGRASSO, RHO]) await openTestCase(db.dataSource, { istatCode });
  });

  afterAll(() => db?.drop());

  const addDeadline = (caseId: string, n: number, dueAt: Date | null, extra: Partial<DeadlineEntity> = {}) =>
    deadlines.upsert({
      id: deadlineUuid(`${caseId}/t${n}`),
      caseId,
      ruleId: `compatibility-evaluation.rule-${n}`,
      labelIt: `Termine ${n}`,
      labelEn: `Term ${n}`,
      startsOn: '2026-01-02',
      dueDate: dueAt ? dueAt.toISOString().slice(0, 10) : null,
      dueAt,
      internalTarget: n === 1 ? '2026-02-01' : null,
      status: n === 2 ? 'suspended' : 'running',
      suspensions: n === 2 ? [{ from: '2026-01-10', to: null, reason: 'integrazione richiesta' }] : [],
      legalSource: 'L.R. 12/2005 art. 13 c.5',
      ...extra,
    });

  const entityRead = async (scope: string | null, id: string) => {
    const found = await cases.findVisible(scope, id);
    return found ? { found, deadlines: await deadlines.forCase(id) } : null;
  };

  it('returns the case and its deadlines exactly as findVisible and forCase do, nearest first, undated last', async () => {
    const opened = await openTestCase(db.dataSource, { istatCode: MILANO });
    // Microseconds: node-pg and TypeORM must truncate them the same way.
    await db.dataSource.query(`UPDATE cases SET closed_at = '2026-03-04T05:06:07.123456Z', phase = 'termini dimezzati' WHERE id = $1`, [
      opened.id,
    ]);
    await addDeadline(opened.id, 1, new Date('2026-05-01T21:59:59.999Z'));
    await addDeadline(opened.id, 2, new Date('2026-04-01T10:00:00Z'));
    await addDeadline(opened.id, 3, null);

    const detail = await cases.findVisibleWithDeadlines(null, opened.id);
    expect(detail).toEqual(await entityRead(null, opened.id));
    expect(detail?.found).toBeInstanceOf(CaseEntity);
    expect(detail?.deadlines.map((d) => d.labelIt)).toEqual(['Termine 2', 'Termine 1', 'Termine 3']);
    expect(detail?.deadlines[0]).toBeInstanceOf(DeadlineEntity);
    expect(detail?.deadlines[0].suspensions).toEqual([{ from: '2026-01-10', to: null, reason: 'integrazione richiesta' }]);
    expect(detail?.found.closedAt?.toISOString()).toBe('2026-03-04T05:06:07.123Z');
  });

  it('gives a case without deadlines an empty list and an unknown case null', async () => {
    const bare = await openTestCase(db.dataSource, { istatCode: RHO });
    expect(await cases.findVisibleWithDeadlines(null, bare.id)).toEqual({ found: await cases.findVisible(null, bare.id), deadlines: [] });
    expect(await cases.findVisibleWithDeadlines(null, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('keeps the municipality scope: its own case, a case it is party to, nothing of another municipality', async () => {
    const conference = await openTestCase(db.dataSource, { istatCode: MILANO, type: 'concertation-conference' });
    await addDeadline(conference.id, 1, new Date('2026-06-01T22:00:00Z'));
    await cases.addParties(conference.id, [ABBIATEGRASSO], 'convened');
    for (const scope of [MILANO, ABBIATEGRASSO]) {
      expect(await cases.findVisibleWithDeadlines(scope, conference.id)).toEqual(await entityRead(scope, conference.id));
      expect((await cases.findVisibleWithDeadlines(scope, conference.id))?.deadlines).toHaveLength(1);
    }
    expect(await cases.findVisibleWithDeadlines(RHO, conference.id)).toBeNull();
  });

  it('searches with filters, scope and cursor paging, whole entities newest first', async () => {
    const opened: CaseEntity[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await openTestCase(db.dataSource, { istatCode: RHO, type: 'territorial-agreement', title: `Accordo Rho ${i}` });
      await db.dataSource.query(`UPDATE cases SET opened_at = $2 WHERE id = $1`, [c.id, new Date(Date.UTC(2026, 0, 10 + i))]);
      opened.push((await cases.findVisible(null, c.id)) as CaseEntity);
    }
    await addDeadline(opened[1].id, 1, new Date(Date.now() + 5 * 86_400_000));
    await addDeadline(opened[3].id, 1, new Date(Date.now() - 86_400_000));

    const first = await cases.search(null, { type: 'territorial-agreement', istatCode: RHO }, 2);
    expect(first.items).toEqual([opened[4], opened[3]]);
    expect(first.items[0]).toBeInstanceOf(CaseEntity);
    const second = await cases.search(null, { type: 'territorial-agreement', istatCode: RHO }, 2, first.nextCursor as string);
    expect(second.items).toEqual([opened[2], opened[1]]);
    const last = await cases.search(null, { type: 'territorial-agreement', istatCode: RHO }, 2, second.nextCursor as string);
    expect(last).toEqual({ items: [opened[0]], nextCursor: null });

    expect((await cases.search(null, { type: 'territorial-agreement', dueWithinDays: 30 }, 10)).items.map((c) => c.id)).toEqual([
      opened[1].id,
    ]);
    expect((await cases.search(null, { type: 'territorial-agreement', overdue: true }, 10)).items.map((c) => c.id)).toEqual([opened[3].id]);
    expect((await cases.search(RHO, { text: 'Accordo', state: 'open' }, 10)).items).toHaveLength(5);
    expect((await cases.search(MILANO, { type: 'territorial-agreement' }, 10)).items).toEqual([]);
    await expect(cases.search(null, {}, 10, 'bm90LWEtY3Vyc29y')).rejects.toThrow(/cursor/);
  });
});
