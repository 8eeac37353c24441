// What an officer's dashboard asks: cases by filter, page after page, and the nearest
// deadlines across all cases.
import { createApp } from '../../apps/api/src/create-app';
import { CaseRepository, DeadlineRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

const DAY = 86_400_000;

describe('cases and deadlines for the dashboard', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const cases = new CaseRepository(db.dataSource);
    const deadlines = new DeadlineRepository(db.dataSource);
    const municipalities = ['015146', '015002', '015059'];
    const now = Date.now();
    for (let i = 0; i < 7; i++) {
      const id = randomUUID();
      ids.push(id);
      await cases.open({
        id,
        type: i % 2 === 0 ? 'compatibility-evaluation' : 'adhesion',
        reference: `CE-2026-${String(i + 1).padStart(6, '0')}`,
        title: i === 3 ? "Variante generale del PGT di Cassano d'Adda" : `Piano attuativo ${i}`,
        istatCode: municipalities[i % 3],
        state: i < 5 ? 'awaiting-completeness-check' : 'closed',
        phase: null,
        workflowId: `wf-${id}`,
        parentCaseId: null,
        businessKey: null,
        openedAt: new Date(Date.parse('2026-11-01T08:00:00Z') + i * DAY),
      });
      // Case i has a deadline (i - 2) days from now: cases 0 and 1 are overdue.
      await deadlines.upsert({
        id: randomUUID(),
        caseId: id,
        ruleId: 'compatibility-evaluation.opinion',
        labelIt: 'Parere di compatibilità',
        labelEn: 'Compatibility opinion',
        startsOn: '2026-11-01',
        dueDate: new Date(now + (i - 2) * DAY).toISOString().slice(0, 10),
        dueAt: new Date(now + (i - 2) * DAY + 3_600_000),
        internalTarget: null,
        status: i === 6 ? 'met' : 'running',
        suspensions: [],
        legalSource: 'L.R. 12/2005 art. 13 c.5',
      });
    }
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const get = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', officer);

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await get(`/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...response.body.items.map((c: { id: string }) => c.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by type, state, municipality, text, overdue and due within N days', async () => {
    const idsOf = (response: request.Response) => response.body.items.map((c: { id: string }) => c.id).sort();
    expect(idsOf(await get('/cases?type=adhesion').expect(200))).toEqual([ids[1], ids[3], ids[5]].sort());
    const closed = await get('/cases?state=closed').expect(200);
    expect(idsOf(closed)).toEqual([ids[5], ids[6]].sort());
    // An id no procedure has is still shown as words, never an error.
    expect(closed.body.items.map((c: { stateLabel: unknown }) => c.stateLabel)).toEqual([
      { it: 'Closed', en: 'Closed' },
      { it: 'Closed', en: 'Closed' },
    ]);
    expect(idsOf(await get('/cases?istat=015002').expect(200))).toEqual([ids[1], ids[4]].sort());
    expect(idsOf(await get(`/cases?q=${encodeURIComponent('Cassano PGT')}`).expect(200))).toEqual([ids[3]]);
    expect(idsOf(await get('/cases?overdue=true').expect(200))).toEqual([ids[0], ids[1]].sort());
    expect(idsOf(await get('/cases?dueWithinDays=2').expect(200))).toEqual([ids[2], ids[3]].sort());
  });

  it('lists the states to filter on, by procedure and in words; each one a state filter GET /cases accepts', async () => {
    const { body } = await get('/case-states').expect(200);
    expect(body.next).toBeNull();
    expect(body.items).toContainEqual({
      procedure: 'compatibility-evaluation',
      state: 'integration-requested',
      label: { it: 'Integrazioni richieste', en: expect.any(String) },
    });
    const procedures = new Set(body.items.map((item: { procedure: string }) => item.procedure));
    expect(procedures.size).toBe(7);
    for (const item of body.items.slice(0, 5) as { state: string }[]) await get(`/cases?state=${item.state}`).expect(200);
    await request(app.getHttpServer()).get('/case-states').expect(401);
  });

  it('refuses bad filters naming the parameter and the rule', async () => {
    const response = await get('/cases?limit=1000&istat=MI&colour=blue').expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const names = response.body['invalid-params'].map((p: { name: string; rule: string }) => `${p.name}:${p.rule}`);
    expect(names).toEqual(expect.arrayContaining(['limit:max', 'istat:matches', 'colour:whitelistValidation']));
    const cursor = await get('/cases?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(cursor.body['invalid-params']).toEqual([expect.objectContaining({ name: 'cursor' })]);
  });

  it('stores SQL-looking text verbatim and finds nothing with it', async () => {
    const response = await get(`/cases?q=${encodeURIComponent("'; DROP TABLE cases; --")}`).expect(200);
    expect(response.body.items).toEqual([]);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM cases');
    expect(count).toBe(7);
  });

  it('lists the nearest open deadlines first, across cases', async () => {
    const response = await get('/deadlines').expect(200);
    expect(response.body.items.map((d: { caseId: string }) => d.caseId)).toEqual(ids.slice(0, 6));
    expect(response.body.items[0]).toMatchObject({
      caseReference: 'CE-2026-000001',
      labelIt: 'Parere di compatibilità',
      status: 'running',
      legalSource: 'L.R. 12/2005 art. 13 c.5',
      istatCode: '015146',
    });
    const soon = await get(`/deadlines?dueBefore=${new Date(Date.now() + DAY).toISOString()}`).expect(200);
    expect(soon.body.items.map((d: { caseId: string }) => d.caseId)).toEqual(ids.slice(0, 3));
    const met = await get('/deadlines?status=met').expect(200);
    expect(met.body.items.map((d: { caseId: string }) => d.caseId)).toEqual([ids[6]]);
  });

  it('shows a case with its deadlines', async () => {
    const response = await get(`/cases/${ids[0]}`).expect(200);
    expect(response.body).toMatchObject({ id: ids[0], reference: 'CE-2026-000001', istatCode: '015146' });
    // The state as its id and in words, both languages at once; no phase note, no phase label.
    expect(response.body).toMatchObject({
      state: 'awaiting-completeness-check',
      stateLabel: { it: 'In attesa della verifica di completezza', en: 'Awaiting the completeness check' },
      phase: null,
      phaseLabel: null,
    });
    expect(response.body.deadlines).toHaveLength(1);
    expect(response.body.openedAt).toBe('2026-11-01T08:00:00.000Z');
  });
});
