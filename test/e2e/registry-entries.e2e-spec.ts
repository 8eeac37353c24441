// Protocol registration through HTTP: numbers, who registered (from the token only),
// link to a case and its timeline, annulment that keeps the entry visible, and a register
// closed to municipalities.
import { createApp } from '../../apps/api/src/create-app';
import { MunicipalityRepository, readMunicipalities } from '@cmm/persistence';
import { type TestDatabase, createTestDatabase, createTestIssuer, openTestCase } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

const UNKNOWN_ID = '0b7d3c52-3f3e-4d4c-8f0e-1d2b3c4d5e6f';

describe('protocol registry entries through HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const tokens: Record<'officer' | 'manager' | 'admin' | 'comune' | 'mayorOffice', string> = {} as never;

  const http = () => request(app.getHttpServer());
  const inbound = { direction: 'in', correspondent: 'Comune di Abbiategrasso', subject: 'Trasmissione della variante al PGT' };

  beforeAll(async () => {
    db = await createTestDatabase();
    await new MunicipalityRepository(db.dataSource).upsertNames(await readMunicipalities());
    const issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'officer-1', role: 'officer', name: 'Funzionaria Uno' });
    tokens.manager = await issuer.bearer({ subject: 'manager-1', role: 'manager' });
    tokens.admin = await issuer.bearer({ subject: 'admin-1', role: 'admin' });
    tokens.comune = await issuer.bearer({ subject: 'comune-1', role: 'comune', istatCode: '015002' });
    tokens.mayorOffice = await issuer.bearer({ subject: 'sindaco-1', role: 'mayor_office', istatCode: '015002' });
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url } });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('registers a document with the next number, dated now in Rome, by the caller of the token', async () => {
    const first = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      register: 'generale',
      year: expect.any(Number),
      number: expect.any(Number),
      registeredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      registeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      direction: 'in',
      correspondent: 'Comune di Abbiategrasso',
      subject: 'Trasmissione della variante al PGT',
      caseId: null,
      caseReference: null,
      documentSha256: null,
      registeredBy: 'officer-1',
      annulment: null,
    });
    expect(first.body.protocolNumber).toBe(`${first.body.year}/${String(first.body.number).padStart(7, '0')}`);

    const second = await http()
      .post('/registry/entries')
      .set('Authorization', tokens.admin)
      .send({ direction: 'out', correspondent: 'Regione Lombardia', subject: 'Parere' })
      .expect(201);
    expect(second.body).toMatchObject({ number: first.body.number + 1, direction: 'out', registeredBy: 'admin-1' });

    const read = await http().get(`/registry/entries/${first.body.id}`).set('Authorization', tokens.manager).expect(200);
    expect(read.body).toEqual(first.body);
  });

  it('refuses an identity sent by the client instead of taking it from the token', async () => {
    const response = await http()
      .post('/registry/entries')
      .set('Authorization', tokens.officer)
      .send({ ...inbound, registeredBy: 'someone-else' })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body['invalid-params']).toEqual([expect.objectContaining({ name: 'registeredBy' })]);
  });

  it.each([
    ['direction', { ...inbound, direction: 'sideways' }],
    ['correspondent', { ...inbound, correspondent: '   ' }],
    ['subject', { direction: 'in', correspondent: 'Comune di Milano' }],
    ['caseId', { ...inbound, caseId: 'pratica-1' }],
    ['documentSha256', { ...inbound, documentSha256: 'abc123' }],
  ])('refuses an invalid %s with 400 naming it', async (field, body) => {
    const response = await http().post('/registry/entries').set('Authorization', tokens.officer).send(body).expect(400);
    expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
  });

  it('links an existing case, stores the hash in lower case and records the registration on the case timeline', async () => {
    const opened = await openTestCase(db.dataSource, { istatCode: '015002', title: 'Variante PGT Abbiategrasso' });
    const sha = 'ABCDEF0123456789'.repeat(4);
    const created = await http()
      .post('/registry/entries')
      .set('Authorization', tokens.manager)
      .send({ ...inbound, caseId: opened.id, documentSha256: sha })
      .expect(201);
    expect(created.body).toMatchObject({ caseId: opened.id, caseReference: opened.reference, documentSha256: sha.toLowerCase() });

    const timeline = await http().get(`/cases/${opened.id}/timeline`).set('Authorization', tokens.comune).expect(200);
    expect(timeline.body.items).toEqual([
      expect.objectContaining({
        seq: 1,
        type: 'registry-entry-registered',
        actor: { subject: 'manager-1', role: 'manager' },
        payload: {
          entryId: created.body.id,
          protocolNumber: created.body.protocolNumber,
          direction: 'in',
          registeredAt: created.body.registeredAt,
          documentSha256: sha.toLowerCase(),
        },
      }),
    ]);
  });

  it('refuses a case that does not exist with 422 naming caseId, without using up a number', async () => {
    const before = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    const refused = await http()
      .post('/registry/entries')
      .set('Authorization', tokens.officer)
      .send({ ...inbound, caseId: UNKNOWN_ID })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body['invalid-params']).toEqual([expect.objectContaining({ name: 'caseId', rule: 'existingCase' })]);
    const after = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    expect(after.body.number).toBe(before.body.number + 1);
  });

  it('annuls with a reason: the entry stays readable, marked annulled, and cannot be annulled twice', async () => {
    const opened = await openTestCase(db.dataSource, { istatCode: '015146' });
    const entry = await http()
      .post('/registry/entries')
      .set('Authorization', tokens.officer)
      .send({ ...inbound, caseId: opened.id })
      .expect(201);

    const annulled = await http()
      .post(`/registry/entries/${entry.body.id}/annulment`)
      .set('Authorization', tokens.manager)
      .send({ reason: 'Documento protocollato due volte' })
      .expect(200);
    expect(annulled.body).toEqual({
      ...entry.body,
      annulment: { reason: 'Documento protocollato due volte', annulledBy: 'manager-1', annulledAt: expect.stringMatching(/Z$/) },
    });
    const read = await http().get(`/registry/entries/${entry.body.id}`).set('Authorization', tokens.admin).expect(200);
    expect(read.body).toEqual(annulled.body);

    const again = await http()
      .post(`/registry/entries/${entry.body.id}/annulment`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'Secondo tentativo' })
      .expect(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({
      status: 409,
      detail: `la registrazione di protocollo ${entry.body.protocolNumber} è già annullata`,
      annulledBy: 'manager-1',
    });

    const timeline = await http().get(`/cases/${opened.id}/timeline`).set('Authorization', tokens.officer).expect(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(['registry-entry-registered', 'registry-entry-annulled']);
    expect(timeline.body.items[1]).toMatchObject({
      actor: { subject: 'manager-1', role: 'manager' },
      payload: { entryId: entry.body.id, protocolNumber: entry.body.protocolNumber },
    });
  });

  it('requires a reason of 5 to 1000 characters', async () => {
    const entry = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    for (const body of [{}, { reason: '  ok ' }, { reason: 'x'.repeat(1001) }]) {
      const response = await http()
        .post(`/registry/entries/${entry.body.id}/annulment`)
        .set('Authorization', tokens.officer)
        .send(body)
        .expect(400);
      expect(response.body['invalid-params'].map((p: { name: string }) => p.name)).toContain('reason');
    }
    const still = await http().get(`/registry/entries/${entry.body.id}`).set('Authorization', tokens.officer).expect(200);
    expect(still.body.annulment).toBeNull();
  });

  it('answers 404 for an entry that does not exist and 400 for a malformed id', async () => {
    await http().get(`/registry/entries/${UNKNOWN_ID}`).set('Authorization', tokens.officer).expect(404);
    await http()
      .post(`/registry/entries/${UNKNOWN_ID}/annulment`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'Non esiste' })
      .expect(404);
    await http().get('/registry/entries/42').set('Authorization', tokens.officer).expect(400);
  });

  it('lets only officers and managers annul (not the admin)', async () => {
    const entry = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    await http()
      .post(`/registry/entries/${entry.body.id}/annulment`)
      .set('Authorization', tokens.admin)
      .send({ reason: 'Prova admin' })
      .expect(403);
    const still = await http().get(`/registry/entries/${entry.body.id}`).set('Authorization', tokens.admin).expect(200);
    expect(still.body.annulment).toBeNull();
  });

  it('closes the register to municipalities and mayors’ offices (403) and to anonymous callers (401)', async () => {
    const entry = await http().post('/registry/entries').set('Authorization', tokens.officer).send(inbound).expect(201);
    for (const token of [tokens.comune, tokens.mayorOffice]) {
      await http().post('/registry/entries').set('Authorization', token).send(inbound).expect(403);
      await http().get(`/registry/entries/${entry.body.id}`).set('Authorization', token).expect(403);
      await http()
        .post(`/registry/entries/${entry.body.id}/annulment`)
        .set('Authorization', token)
        .send({ reason: 'Tentativo' })
        .expect(403);
      await http().get('/registry/daily-register?date=2026-03-02').set('Authorization', token).expect(403);
    }
    await http().post('/registry/entries').send(inbound).expect(401);
  });
});
