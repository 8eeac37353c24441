// Two adhering municipalities exchange soil-consumption quota: one proposes, the other
// accepts, CMM registers it with a protocol number; a municipality that does not adhere is
// refused with the reason; balances and their CSV export follow. Through HTTP, on real PostgreSQL.
import { createApp } from '../../apps/api/src/create-app';
import { AdhesionRepository, MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, type TestIssuer, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

const MILANO = '015146';
const ABBIATEGRASSO = '015002';
const RHO = '015182';

describe('soil-quota exchange through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    // Milano and Abbiategrasso adhere to the STTM and the Fund (registered by the adhesion procedure, here straight in the table); Rho does not.
    const adhesions = new AdhesionRepository(db.dataSource);
    for (const istatCode of [MILANO, ABBIATEGRASSO]) {
      const kase = await openTestCase(db.dataSource, { istatCode, type: 'adhesion' });
      await adhesions.record({
        id: kase.id,
        caseId: kase.id,
        istatCode,
        sttm: [1],
        adhesionCase: 'd',
        fund: true,
        deliberation: { number: '3', date: '2026-01-10' },
        effectiveFrom: '2026-01-15',
        registeredBy: 'officer-1',
      });
    }
    issuer = await createTestIssuer();
    tokens.milano = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO });
    tokens.abbiategrasso = await issuer.bearer({ subject: 'ut-abbiategrasso', role: 'comune', istatCode: ABBIATEGRASSO });
    tokens.rho = await issuer.bearer({ subject: 'ut-rho', role: 'comune', istatCode: RHO });
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const act = (reference: string, date = '2026-03-02') => ({ type: 'delibera-giunta', reference, date });

  it('lets only CMM allocate quota, with the act that causes it', async () => {
    await http()
      .post('/fund/soil-allocations')
      .set('Authorization', tokens.milano)
      .send({ istatCode: MILANO, squareMetres: 5_000, act: act('x'), protocolNumber: '2026/0000001' })
      .expect(403);
    const missing = await http()
      .post('/fund/soil-allocations')
      .set('Authorization', tokens.officer)
      .send({ istatCode: MILANO, squareMetres: 5_000, act: { type: 'decreto', reference: 'Decreto n. 4/2026', date: '2026-02-01' } })
      .expect(422);
    expect(missing.body['invalid-params']).toEqual([expect.objectContaining({ name: 'protocolNumber', rule: 'caseOrProtocol' })]);
    const allocated = await http()
      .post('/fund/soil-allocations')
      .set('Authorization', tokens.officer)
      .send({
        istatCode: MILANO,
        squareMetres: 5_000,
        act: { type: 'decreto-dirigenziale', reference: 'Decreto dirigenziale n. 4/2026', date: '2026-02-01' },
        protocolNumber: '2026/0000010',
      })
      .expect(201);
    expect(allocated.body.transaction).toMatchObject({
      protocolNumber: '2026/0000010',
      entries: [
        { istatCode: MILANO, section: 'soil', unit: 'm2', side: 'debit', amount: 5_000 },
        { istatCode: null, side: 'credit' },
      ],
    });
  });

  it('refuses an exchange with a municipality that does not adhere, naming it and the rule', async () => {
    const refused = await http()
      .post('/fund/soil-exchanges')
      .set('Authorization', tokens.milano)
      .send({ from: MILANO, to: RHO, squareMetres: 100, act: act('Delibera di Giunta n. 20/2026') })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body['invalid-params']).toEqual([
      expect.objectContaining({ name: 'to', rule: 'adheringToFund', reason: expect.stringContaining(RHO) }),
    ]);
    // Nor may a municipality propose an exchange between two others.
    await http()
      .post('/fund/soil-exchanges')
      .set('Authorization', tokens.rho)
      .send({ from: MILANO, to: ABBIATEGRASSO, squareMetres: 100, act: act('Delibera n. 1') })
      .expect(403);
  });

  it('moves the quota once proposed, accepted and registered, and shows it only to the two municipalities', async () => {
    const proposed = await http()
      .post('/fund/soil-exchanges')
      .set('Authorization', tokens.milano)
      .send({ from: MILANO, to: ABBIATEGRASSO, squareMetres: 1_200, act: act('Delibera di Giunta n. 21/2026') })
      .expect(201);
    const id = proposed.body.id as string;
    expect(proposed.body).toMatchObject({ state: 'proposed', proposer: MILANO });
    await http().get(`/fund/soil-exchanges/${id}`).set('Authorization', tokens.rho).expect(404);
    await http().post(`/fund/soil-exchanges/${id}/acceptance`).set('Authorization', tokens.rho).send({ actReference: 'x' }).expect(404);
    await http().post(`/fund/soil-exchanges/${id}/acceptance`).set('Authorization', tokens.milano).send({ actReference: 'x' }).expect(403);
    const tooEarly = await http().post(`/fund/soil-exchanges/${id}/registration`).set('Authorization', tokens.officer).send({}).expect(409);
    expect(tooEarly.body['invalid-params']).toEqual([expect.objectContaining({ name: 'exchangeId', rule: 'exchangeState' })]);

    await http()
      .post(`/fund/soil-exchanges/${id}/acceptance`)
      .set('Authorization', tokens.abbiategrasso)
      .send({ actReference: 'Delibera di Giunta n. 88/2026' })
      .expect(200);
    await http().post(`/fund/soil-exchanges/${id}/registration`).set('Authorization', tokens.abbiategrasso).send({}).expect(403);
    const registered = await http()
      .post(`/fund/soil-exchanges/${id}/registration`)
      .set('Authorization', tokens.officer)
      .send({ note: 'Verificata la capienza' })
      .expect(200);
    expect(registered.body).toMatchObject({
      state: 'registered',
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      transactionId: expect.any(String),
    });
    const [entry] = await db.dataSource.query(
      "SELECT direction, subject FROM registry_entries WHERE year::text || '/' || lpad(number::text, 7, '0') = $1",
      [registered.body.protocolNumber],
    );
    expect(entry).toMatchObject({ direction: 'out', subject: expect.stringContaining('1200 m²') });

    const transaction = await http()
      .get(`/fund/transactions/${registered.body.transactionId}`)
      .set('Authorization', tokens.abbiategrasso)
      .expect(200);
    expect(transaction.body).toMatchObject({ actType: 'soil-exchange', protocolNumber: registered.body.protocolNumber });
    await http().get(`/fund/transactions/${registered.body.transactionId}`).set('Authorization', tokens.rho).expect(404);
    const reversal = await http()
      .post(`/fund/transactions/${registered.body.transactionId}/reversal`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'errore' })
      .expect(409);
    expect(reversal.body['invalid-params']).toEqual([expect.objectContaining({ rule: 'exchangeByAgreement' })]);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const milano = await http().get(`/fund/balances?on=${today}`).set('Authorization', tokens.milano).expect(200);
    expect(milano.body.rows).toEqual([
      expect.objectContaining({ istatCode: MILANO, section: 'soil', purpose: 'soil-quota', balance: 3_800 }),
    ]);
    await http().get(`/fund/balances?on=${today}&istat=${ABBIATEGRASSO}`).set('Authorization', tokens.milano).expect(404);
    const all = await http().get(`/fund/balances?on=${today}&format=csv`).set('Authorization', tokens.manager).expect(200);
    expect(all.headers['content-type']).toMatch(/^text\/csv/);
    expect(all.headers['content-disposition']).toBe(`attachment; filename="fondo-saldi-${today}.csv"`);
    const italian = today.split('-').reverse().join('/');
    // Like the registry's files: a BOM, and `;` by default so Excel in Italian opens it in columns.
    expect(all.text.startsWith('\uFEFF')).toBe(true);
    expect(all.text.slice(1).split('\r\n')).toEqual([
      'Data;Codice ISTAT;Titolare;Sezione;Conto;Unità;Saldo',
      `${italian};CMM;Città metropolitana di Milano;consumo di suolo;quote assegnate;m²;5000`,
      `${italian};${ABBIATEGRASSO};Abbiategrasso;consumo di suolo;quota di consumo di suolo;m²;1200`,
      `${italian};${MILANO};Milano;consumo di suolo;quota di consumo di suolo;m²;3800`,
      '',
    ]);
    const comma = await http()
      .get(`/fund/balances?on=${today}&format=csv&separator=comma`)
      .set('Authorization', tokens.manager)
      .expect(200);
    expect(comma.text.slice(1).split('\r\n')[1]).toBe(
      `${italian},CMM,Città metropolitana di Milano,consumo di suolo,quote assegnate,m²,5000`,
    );
    // Without `on`: today in Rome, in the body and in the file name.
    const noDate = await http().get('/fund/balances').set('Authorization', tokens.manager).expect(200);
    expect(noDate.body).toMatchObject({ on: today });
    expect(noDate.body.rows).toEqual(
      (await http().get(`/fund/balances?on=${today}`).set('Authorization', tokens.manager).expect(200)).body.rows,
    );
    const noDateCsv = await http().get('/fund/balances?format=csv').set('Authorization', tokens.manager).expect(200);
    expect(noDateCsv.headers['content-disposition']).toBe(`attachment; filename="fondo-saldi-${today}.csv"`);
    const badSeparator = await http().get('/fund/balances?format=csv&separator=pipe').set('Authorization', tokens.manager).expect(400);
    expect(badSeparator.body['invalid-params']).toEqual([expect.objectContaining({ name: 'separator' })]);
  });

  it('refuses at registration a quota the giver no longer has, and leaves the exchange as it was', async () => {
    const proposed = await http()
      .post('/fund/soil-exchanges')
      .set('Authorization', tokens.abbiategrasso)
      .send({ from: ABBIATEGRASSO, to: MILANO, squareMetres: 1_201, act: act('Delibera di Giunta n. 90/2026') })
      .expect(201);
    await http()
      .post(`/fund/soil-exchanges/${proposed.body.id}/acceptance`)
      .set('Authorization', tokens.milano)
      .send({ actReference: 'Delibera di Giunta n. 30/2026' })
      .expect(200);
    const refused = await http()
      .post(`/fund/soil-exchanges/${proposed.body.id}/registration`)
      .set('Authorization', tokens.officer)
      .send({})
      .expect(422);
    expect(refused.body['invalid-params']).toEqual([expect.objectContaining({ name: 'squareMetres', rule: 'nonNegativeBalance' })]);
    expect(
      (await http().get(`/fund/soil-exchanges/${proposed.body.id}`).set('Authorization', tokens.abbiategrasso).expect(200)).body.state,
    ).toBe('accepted');
    const withdrawn = await http()
      .post(`/fund/soil-exchanges/${proposed.body.id}/withdrawal`)
      .set('Authorization', tokens.abbiategrasso)
      .send({ reason: 'Quota insufficiente' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', closingReason: 'Quota insufficiente' });
    const listed = await http().get('/fund/soil-exchanges').set('Authorization', tokens.rho).expect(200);
    expect(listed.body.items).toEqual([]);
  });
});
