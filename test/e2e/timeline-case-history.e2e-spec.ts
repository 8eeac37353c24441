// A case's timeline through HTTP: the events in order with their hash chain, visible to
// CMM staff and to the case's own municipality only, and a verification that tells
// whether the chain still holds.
import { createApp } from '../../apps/api/src/create-app';
import { MunicipalityRepository, TimelineRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const UNKNOWN_ID = '0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f';

describe('case timeline through HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let timeline: TimelineRepository;
  let milanoCase: string;
  let abbiategrassoCase: string;
  let conferenceCase: string;
  const tokens: Record<'officer' | 'milano' | 'milanoMayor' | 'abbiategrasso', string> = {} as never;

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    timeline = new TimelineRepository(db.dataSource);
    milanoCase = (await openTestCase(db.dataSource, { istatCode: MILANO, title: 'Variante PGT Milano' })).id;
    abbiategrassoCase = (await openTestCase(db.dataSource, { istatCode: ABBIATEGRASSO })).id;
    await timeline.append({
      caseId: milanoCase,
      actor: { subject: `comune-${MILANO}`, role: 'comune' },
      type: 'case-submitted',
      payload: { act: 'variante', deliberation: { number: 12, date: '2026-02-10' } },
      occurredAt: new Date('2026-03-02T08:00:00.000Z'),
    });
    await timeline.append({
      caseId: milanoCase,
      actor: { subject: 'system:worker', role: 'system' },
      type: 'deadline-started',
      payload: { ruleId: 'compatibility-evaluation', dueDate: '2026-06-30' },
      occurredAt: new Date('2026-03-02T08:00:01.000Z'),
    });
    await timeline.append({
      caseId: abbiategrassoCase,
      actor: { subject: 'officer-1', role: 'officer' },
      type: 'case-opened',
      payload: {},
    });
    conferenceCase = (await openTestCase(db.dataSource, { istatCode: null, type: 'concertation-conference' })).id;
    for (const type of ['registered', 'add-session', 'document-uploaded', 'withdraw']) {
      await timeline.append({ caseId: conferenceCase, actor: { subject: 'officer-1', role: 'officer' }, type, payload: {} });
    }

    const issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'officer-1', role: 'officer' });
    tokens.milano = await issuer.bearer({ subject: `comune-${MILANO}`, role: 'comune', istatCode: MILANO });
    tokens.milanoMayor = await issuer.bearer({ subject: `sindaco-${MILANO}`, role: 'mayor_office', istatCode: MILANO });
    tokens.abbiategrasso = await issuer.bearer({ subject: `comune-${ABBIATEGRASSO}`, role: 'comune', istatCode: ABBIATEGRASSO });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('gives the municipality its own case’s events in order, each linked to the previous one', async () => {
    const response = await http().get(`/cases/${milanoCase}/timeline`).set('Authorization', tokens.milano).expect(200);
    const stored = await timeline.list(milanoCase);
    expect(response.body.items).toEqual([
      {
        seq: 1,
        occurredAt: '2026-03-02T08:00:00.000Z',
        actor: { subject: `comune-${MILANO}`, role: 'comune' },
        type: 'case-submitted',
        // A type no vocabulary names yet reads as its words, the same in both languages.
        label: { it: 'Case submitted', en: 'Case submitted' },
        payload: { act: 'variante', deliberation: { number: 12, date: '2026-02-10' } },
        hash: stored[0].hash,
        prevHash: '0'.repeat(64),
      },
      {
        seq: 2,
        occurredAt: '2026-03-02T08:00:01.000Z',
        actor: { subject: 'system:worker', role: 'system' },
        type: 'deadline-started',
        label: { it: 'Deadline started', en: 'Deadline started' },
        payload: { ruleId: 'compatibility-evaluation', dueDate: '2026-06-30' },
        hash: stored[1].hash,
        prevHash: stored[0].hash,
      },
    ]);
    const mayor = await http().get(`/cases/${milanoCase}/timeline`).set('Authorization', tokens.milanoMayor).expect(200);
    expect(mayor.body).toEqual(response.body);
  });

  it('names each event in both languages by the procedure of its case, the type kept as it is', async () => {
    const response = await http().get(`/cases/${conferenceCase}/timeline`).set('Authorization', tokens.officer).expect(200);
    expect(response.body.items.map((e: { type: string; label: unknown }) => [e.type, e.label])).toEqual([
      ['registered', { it: 'Conferenza di concertazione avviata', en: 'Concertation conference started' }],
      ['add-session', { it: 'Seduta convocata', en: 'Session convened' }],
      ['document-uploaded', { it: 'Documento caricato', en: 'Document uploaded' }],
      ['withdraw', { it: 'Conferenza ritirata', en: 'Conference withdrawn' }],
    ]);
  });

  it('hides another municipality’s case: 404, for the events and for the verification', async () => {
    for (const path of [`/cases/${milanoCase}/timeline`, `/cases/${milanoCase}/timeline/verification`]) {
      const response = await http().get(path).set('Authorization', tokens.abbiategrasso).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('shows every case to CMM staff; unknown case 404, malformed id 400, no token 401', async () => {
    const other = await http().get(`/cases/${abbiategrassoCase}/timeline`).set('Authorization', tokens.officer).expect(200);
    expect(other.body.items.map((e: { type: string }) => e.type)).toEqual(['case-opened']);
    await http().get(`/cases/${UNKNOWN_ID}/timeline`).set('Authorization', tokens.officer).expect(404);
    await http().get('/cases/pratica-1/timeline').set('Authorization', tokens.officer).expect(400);
    await http().get(`/cases/${milanoCase}/timeline`).expect(401);
  });

  it('verifies the chain (200 with valid=true), then names the link changed behind the trigger (200 with valid=false)', async () => {
    const intact = await http().get(`/cases/${milanoCase}/timeline/verification`).set('Authorization', tokens.milano).expect(200);
    expect(intact.body).toEqual({ valid: true, events: 2 });

    await db.dataSource.query('ALTER TABLE timeline_events DISABLE TRIGGER timeline_events_append_only');
    try {
      await db.dataSource.query(
        `UPDATE timeline_events SET payload = '{"ruleId": "compatibility-evaluation", "dueDate": "2026-12-31"}' WHERE case_id = $1 AND seq = 2`,
        [milanoCase],
      );
    } finally {
      await db.dataSource.query('ALTER TABLE timeline_events ENABLE TRIGGER timeline_events_append_only');
    }
    const broken = await http().get(`/cases/${milanoCase}/timeline/verification`).set('Authorization', tokens.officer).expect(200);
    expect(broken.body).toEqual({ valid: false, events: 2, brokenAt: 2, reason: 'il contenuto non corrisponde al suo hash' });
    // The same verdict in English on request; valid and brokenAt do not change with the language.
    const brokenEn = await http()
      .get(`/cases/${milanoCase}/timeline/verification`)
      .set('Authorization', tokens.officer)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(brokenEn.body).toEqual({ valid: false, events: 2, brokenAt: 2, reason: 'content does not match its hash' });
  });
});
