// CSV export of the Pratiche list: the whole filtered result (not the visible page), streamed,
// UTF-8 with BOM for Excel, one line per case, formulas neutralised.
import { createApp } from '../../apps/api/src/create-app';
import { CaseRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

describe('cases CSV export', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let officer: string;
  let rho: string;
  const MILANO_CASES = 230;

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const cases = new CaseRepository(db.dataSource);
    const open = (i: number, istat: string, title: string) =>
      cases.open({
        id: randomUUID(),
        type: 'compatibility-evaluation',
        reference: `VC-2026-${String(i).padStart(6, '0')}`,
        title,
        istatCode: istat,
        state: 'under-evaluation',
        phase: null,
        workflowId: `wf-${i}`,
        parentCaseId: null,
        businessKey: null,
        openedAt: new Date(Date.parse('2026-01-01T08:00:00Z') + i * 60_000),
      });
    for (let i = 1; i <= MILANO_CASES; i++)
      await open(i, '015146', i === 7 ? '=HYPERLINK("http://evil")' : `Variante "centro", lotto ${i}`);
    for (let i = 1; i <= 3; i++) await open(1000 + i, '015182', `Piano Rho ${i}`);
    const issuer = await createTestIssuer();
    officer = await issuer.bearer({ subject: 'officer-csv', role: 'officer' });
    rho = await issuer.bearer({ subject: 'comune-rho', role: 'comune', istatCode: '015182' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const csv = (query: string, token = officer) =>
    request(app.getHttpServer())
      .get(`/cases.csv${query}`)
      .set('Authorization', token)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });

  it('exports every case of the filter, past the page size, with BOM and Italian headers', async () => {
    const response = await csv('?istat=015146&limit=10').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="pratiche-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = response.body as string;
    expect(
      text.startsWith('\uFEFFriferimento,procedimento,titolo,codice_istat,comune,stato,descrizione_stato,fase,aperta_il,chiusa_il,id\r\n'),
    ).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + MILANO_CASES);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(MILANO_CASES);
    expect(lines[1]).toContain(',Milano,');
    // The state as its id and in words, side by side.
    expect(lines[1]).toContain(',under-evaluation,In istruttoria,');
    expect(text).toContain('"Variante ""centro"", lotto 5"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('gives a municipality only its own cases', async () => {
    const lines = ((await csv('', rho).expect(200)).body as string).slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.includes(',015182,Rho,'))).toBe(true);
  });

  it('refuses a bad filter before sending anything', async () => {
    const response = await request(app.getHttpServer()).get('/cases.csv?istat=12').set('Authorization', officer).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body['invalid-params'][0].name).toBe('istat');
  });
});
