// The Scadenze page's data: nearest deadlines first, with calendar and working days left,
// state (suspended since, deemed favourable), procedure, municipality name and legal source,
// its filters and keyset pagination.
import { createApp } from '../../apps/api/src/create-app';
import { CaseRepository, DeadlineRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('workspace deadlines', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;
  let rho: string;
  const now = Date.now();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const cases = new CaseRepository(db.dataSource);
    const deadlines = new DeadlineRepository(db.dataSource);
    const seed = async (
      key: string,
      o: {
        type: string;
        istat: string;
        state: string;
        dueInDays: number | null;
        status: 'running' | 'suspended' | 'expired' | 'met';
        suspensions?: object[];
      },
    ) => {
      const caseId = randomUUID();
      await cases.open({
        id: caseId,
        type: o.type,
        reference: `REF-${key}`,
        title: `Pratica ${key}`,
        istatCode: o.istat,
        state: o.state,
        phase: null,
        workflowId: `wf-${caseId}`,
        parentCaseId: null,
        businessKey: null,
        openedAt: new Date(now - 30 * DAY),
      });
      ids[key] = randomUUID();
      await deadlines.upsert({
        id: ids[key],
        caseId,
        ruleId: 'compatibility-evaluation.opinion',
        labelIt: 'Parere di compatibilità',
        labelEn: 'Compatibility opinion',
        startsOn: dayOf(now - 30 * DAY),
        dueDate: o.dueInDays === null ? null : dayOf(now + o.dueInDays * DAY),
        dueAt: o.dueInDays === null ? null : new Date(now + o.dueInDays * DAY),
        internalTarget: null,
        status: o.status,
        suspensions: (o.suspensions ?? []) as never,
        legalSource: 'L.R. 12/2005 art. 13 c.5',
      });
    };
    await seed('overdue', {
      type: 'compatibility-evaluation',
      istat: '015146',
      state: 'under-evaluation',
      dueInDays: -3,
      status: 'running',
    });
    await seed('soon', { type: 'compatibility-evaluation', istat: '015182', state: 'under-evaluation', dueInDays: 5, status: 'running' });
    await seed('suspended', {
      type: 'compatibility-evaluation',
      istat: '015146',
      state: 'integration-requested',
      dueInDays: 40,
      status: 'suspended',
      suspensions: [{ from: dayOf(now - 2 * DAY), to: null, reason: 'Richiesta di integrazioni (L. 241/1990 art. 2 c.7)' }],
    });
    // As the tracker leaves a suspended term: no due date until its clock runs again.
    await seed('stopped', {
      type: 'compatibility-evaluation',
      istat: '015146',
      state: 'integration-requested',
      dueInDays: null,
      status: 'suspended',
      suspensions: [
        { from: dayOf(now - 1 * DAY), to: null, reason: 'richiesta di integrazioni: relazione geologica (L. 241/1990 art. 2 c.7)' },
      ],
    });
    await seed('later', { type: 'adhesion', istat: '015146', state: 'under-review', dueInDays: 60, status: 'running' });
    await seed('deemed', {
      type: 'compatibility-evaluation',
      istat: '015146',
      state: 'deemed-favourable',
      dueInDays: -10,
      status: 'expired',
    });
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-ws', role: 'officer' });
    rho = await issuer.bearer({ subject: 'comune-rho', role: 'comune', istatCode: '015182' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const get = (path: string, token = officer) => request(app.getHttpServer()).get(path).set('Authorization', token);
  const keys = (items: { id: string }[]) => items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0]);

  it('lists the open terms nearest first, a term without a due date (clock stopped) last, with what the page shows', async () => {
    const response = await get('/workspace/deadlines').expect(200);
    expect(keys(response.body.items)).toEqual(['overdue', 'soon', 'suspended', 'later', 'stopped']);
    expect(response.body.items[4]).toMatchObject({
      state: 'suspended',
      dueDate: null,
      dueAt: null,
      daysLeft: null,
      workingDaysLeft: null,
      suspendedSince: dayOf(now - DAY),
    });
    expect(response.body.items[4].suspensionReason).toContain('L. 241/1990 art. 2 c.7');
    expect(response.body.next).toBeNull();
    const [overdue, soon, suspended] = response.body.items;
    expect(overdue).toMatchObject({
      caseReference: 'REF-overdue',
      procedure: 'compatibility-evaluation',
      municipalityName: 'Milano',
      istatCode: '015146',
      state: 'running',
      daysLeft: -3,
      legalSource: 'L.R. 12/2005 art. 13 c.5',
      labelIt: 'Parere di compatibilità',
    });
    expect(overdue.workingDaysLeft).toBeLessThan(0);
    expect(soon).toMatchObject({ municipalityName: 'Rho', daysLeft: 5 });
    expect(soon.workingDaysLeft).toBeGreaterThan(0);
    expect(soon.workingDaysLeft).toBeLessThanOrEqual(5);
    expect(suspended).toMatchObject({
      caseState: 'integration-requested',
      caseStateLabel: { it: 'Integrazioni richieste', en: 'Additional documents requested' },
    });
    expect(response.body.items[3]).toMatchObject({
      procedure: 'adhesion',
      caseState: 'under-review',
      caseStateLabel: { it: 'In istruttoria', en: 'Under review' },
    });
    expect(suspended).toMatchObject({
      state: 'suspended',
      suspendedSince: dayOf(now - 2 * DAY),
      suspensionReason: expect.stringContaining('integrazioni'),
      daysLeft: null,
      workingDaysLeft: null,
    });
  });

  it('filters overdue, due within N days, by procedure, municipality and state', async () => {
    expect(keys((await get('/workspace/deadlines?overdue=true').expect(200)).body.items)).toEqual(['deemed', 'overdue']);
    expect(keys((await get('/workspace/deadlines?dueWithinDays=7').expect(200)).body.items)).toEqual(['overdue', 'soon']);
    expect(keys((await get('/workspace/deadlines?procedure=adhesion').expect(200)).body.items)).toEqual(['later']);
    expect(keys((await get('/workspace/deadlines?istat=015182').expect(200)).body.items)).toEqual(['soon']);
    const deemed = (await get('/workspace/deadlines?state=deemed-favourable').expect(200)).body.items;
    expect(keys(deemed)).toEqual(['deemed']);
    expect(deemed[0].state).toBe('deemed-favourable');
    expect(keys((await get('/workspace/deadlines?state=suspended').expect(200)).body.items)).toEqual(['suspended', 'stopped']);
    // Who must act comes from the rule: the opinion is the Città metropolitana's.
    expect(keys((await get('/workspace/deadlines?obligor=cmm').expect(200)).body.items)).toEqual([
      'overdue',
      'soon',
      'suspended',
      'later',
      'stopped',
    ]);
    expect((await get('/workspace/deadlines?obligor=third-party').expect(200)).body.items).toEqual([]);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const response: request.Response = await get(`/workspace/deadlines?limit=1${next ? `&cursor=${next}` : ''}`).expect(200);
      seen.push(...(keys(response.body.items) as string[]));
      next = response.body.next;
    } while (next);
    expect(seen).toEqual(['overdue', 'soon', 'suspended', 'later', 'stopped']);
  });

  it("shows a municipality only its own cases' terms", async () => {
    expect(keys((await get('/workspace/deadlines', rho).expect(200)).body.items)).toEqual(['soon']);
  });

  it('refuses bad filters naming the field', async () => {
    for (const [query, field] of [
      ['dueWithinDays=-1', 'dueWithinDays'],
      ['procedure=nope', 'procedure'],
      ['istat=15146', 'istat'],
      ['state=late', 'state'],
      ['cursor=not-a-cursor', 'cursor'],
      ['overdue=yes', 'overdue'],
      ['obligor=comune', 'obligor'],
    ]) {
      const response = await get(`/workspace/deadlines?${query}`).expect(400);
      expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
    }
  });

  describe('failed notices (Avvisi)', () => {
    it('lists failed and bounced deliveries newest first, with the case page, and pages them', async () => {
      const [{ id: caseId }] = await db.dataSource.query(`SELECT case_id AS id FROM deadlines WHERE id = $1`, [ids.soon]);
      const notice = async (key: string, deliveries: [string, string, number][]) => {
        const notificationId = randomUUID();
        await db.dataSource.query(
          `INSERT INTO notifications (id, idempotency_key, case_id, template_id, locale, channel, data) VALUES ($1, $2, $3, 'integration-requested', 'it', 'pec', '{}')`,
          [notificationId, key, caseId],
        );
        for (const [position, [address, status, minutesAgo]] of deliveries.entries()) {
          await db.dataSource.query(
            `INSERT INTO notification_deliveries (id, notification_id, position, recipient_address, message_id, status, status_at, attempts, last_error)
             VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(mins => $7), 3, $8)`,
            [
              randomUUID(),
              notificationId,
              position,
              address,
              `<${randomUUID()}@cmm.test>`,
              status,
              minutesAgo,
              status === 'sent' ? null : '550 5.1.1 mailbox unavailable',
            ],
          );
        }
      };
      await notice('n1', [
        ['a@pec.test', 'failed', 30],
        ['b@pec.test', 'delivered', 29],
      ]);
      await notice('n2', [['c@pec.test', 'bounced', 5]]);
      const first = await get('/workspace/failed-notices?limit=1').expect(200);
      expect(first.body.items).toEqual([
        expect.objectContaining({
          recipientAddress: 'c@pec.test',
          status: 'bounced',
          caseId,
          casePagePath: `/pratiche/${caseId}`,
          caseReference: 'REF-soon',
          lastError: '550 5.1.1 mailbox unavailable',
        }),
      ]);
      // The subject its template writes, even from data without the case reference.
      expect(first.body.items[0].subject).toEqual({
        it: 'Richiesta di integrazioni – pratica —',
        en: 'Request for additional documents – case —',
      });
      const second = await get(`/workspace/failed-notices?limit=1&cursor=${first.body.next}`).expect(200);
      expect(second.body.items.map((i: { recipientAddress: string }) => i.recipientAddress)).toEqual(['a@pec.test']);
      expect(second.body.next).toBeNull();
      await get('/workspace/failed-notices', rho).expect(403);
    });
  });
});
