// An officer runs the first STTM through HTTP on the real calendar of 2022–2023 (avvio by
// Decreto del Sindaco metropolitano n. 77 of 14 April 2022, conferenza istruttoria of
// 18 October 2023, halved terms): real PostgreSQL, the Temporal dev server, a worker with the
// production bundle. An adoption date the recorded dates cannot support is refused with the
// valid ones.
import { createApp } from '../../apps/api/src/create-app';
import { nameBasedUuid } from '@cmm/persistence';
import { type TestDatabase, type TestIssuer, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { documentOfAnotherCase, procedureEvents } from './support/foreign-document';
import { createDatabaseWithMunicipalities, createDocumentsDir } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

describe('STTM approval through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities({ '015146': 'protocollo@pec.015146.test', '015002': 'protocollo@pec.015002.test' });
    const taskQueue = uniqueTaskQueue('e2e-sttm');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test' });
    issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.manager = await issuer.bearer({ subject: 'dirigente-1', role: 'manager' });
    tokens.comune = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: '015146' });
    const documentsDir = await createDocumentsDir();
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir },
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const post = (caseId: string, path: string, body: object, token = tokens.officer) =>
    http().post(`/sttm-approvals/${caseId}/${path}`).set('Authorization', token).send(body);

  it('refuses halved terms for an STTM after the first three (NdA art. 7bis c.7) and starts nothing', async () => {
    const body = {
      sttmNumber: 4,
      title: 'Logistica metropolitana',
      halvedTerms: true,
      avvio: { type: 'decree', number: '12', date: '2026-01-20' },
    };
    const refused = await http().post('/sttm-approvals').set('Authorization', tokens.officer).send(body).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body['invalid-params']).toEqual([
      expect.objectContaining({ name: 'halvedTerms', rule: 'firstSttmOnly', reason: expect.stringContaining('solo per i primi 3 STTM') }),
    ]);
    const caseId = nameBasedUuid('cmm-sttm-approval', 'sttm|4');
    await http().get(`/sttm-approvals/${caseId}`).set('Authorization', tokens.officer).expect(404);
    // halvedTerms has no default: it must be stated, so a later STTM is never halved by omission.
    const { halvedTerms: _omitted, ...withoutFlag } = body;
    const missing = await http().post('/sttm-approvals').set('Authorization', tokens.officer).send(withoutFlag).expect(400);
    expect(missing.body['invalid-params']).toEqual([expect.objectContaining({ name: 'halvedTerms' })]);
  });

  it('starts STTM 1, records the steps, refuses an adoption date the recorded dates cannot support, and adopts on a valid one', async () => {
    await http().post('/sttm-approvals').set('Authorization', tokens.comune).send({}).expect(403);
    const uploaded = await http()
      .post('/uploads')
      .set('Authorization', tokens.officer)
      .field('kind', 'decree')
      .field('title', 'Decreto del Sindaco metropolitano n. 77 del 14/04/2022')
      .attach('file', Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% decreto 77\ntrailer<</Root 1 0 R>>\n%%EOF\n'), {
        filename: 'decreto-77.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const startBody = {
      sttmNumber: 1,
      title: 'Rigenerazione urbana e territoriale',
      halvedTerms: true,
      avvio: { type: 'decree', number: '77', date: '2022-04-14' },
      avvioUploadId: uploaded.body.uploadId,
    };
    const started = await http().post('/sttm-approvals').set('Authorization', tokens.officer).send(startBody).expect(201);
    expect(started.body).toMatchObject({
      reference: expect.stringMatching(/^STTM-\d{4}-000001$/),
      protocolNumber: expect.stringMatching(/^\d{4}\/\d{7}$/),
      avvioDocumentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created: true,
    });
    const { caseId } = started.body;
    // The same STTM started again is the same case.
    const again = await http().post('/sttm-approvals').set('Authorization', tokens.officer).send(startBody).expect(200);
    expect(again.body).toMatchObject({ caseId, created: false, protocolNumber: started.body.protocolNumber });

    // Inferred for the scenario (not in the public record): adoption planned on 17 November 2023.
    // Its availability deadline (3 October 2023) has long passed: as a plan it is impossible, refused with the first
    // adoption date still possible; the scenario records it explicitly as a plan of the past.
    const impossible = await post(caseId, 'planned-adoption', { adoptionDate: '2023-11-17' }).expect(422);
    expect(impossible.headers['content-type']).toMatch(/problem\+json/);
    expect(impossible.body).toMatchObject({
      detail: expect.stringMatching(
        /^adoptionDate: la proposta doveva essere messa a disposizione entro il 03\/10\/2023 .*termine già trascorso/,
      ),
      validAdoption: { from: expect.any(String), to: null },
    });
    expect(impossible.body.validAdoption.from > '2026-01-01').toBe(true);
    expect((await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.deadlines).toEqual([]);
    const planned = await post(caseId, 'planned-adoption', { adoptionDate: '2023-11-17', recordedAfterTheFact: true }).expect(200);
    expect(planned.body).toMatchObject({
      halvedTerms: true,
      osservazioniTrigger: 'albo-publication',
      schedule: { availabilityLatest: '2023-10-03', conferenzaFrom: '2023-10-18', conferenzaTo: '2023-11-16' },
      availabilityTerm: { ruleId: 'sttm-approval.proposal-availability', dueDate: '2023-10-03' },
      conferenzaTerm: { ruleId: 'sttm-approval.conferenza-istruttoria-before-adoption', dueDate: '2023-11-16' },
      adoptionTerm: { ruleId: 'sttm-approval.planned-adoption', dueDate: '2023-11-17' },
    });
    // The availability deadline and the planned steps (conferenza the day before the adoption, the adoption itself) are
    // tracked: on the case, and on the officer dashboard among the terms due before 2024 (overdue).
    const onCase = await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(onCase.body).toMatchObject({ type: 'sttm-approval', istatCode: null });
    expect(onCase.body.deadlines).toHaveLength(3);
    expect(onCase.body.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'sttm-approval.proposal-availability', dueDate: '2023-10-03', status: 'running' }),
        expect.objectContaining({
          ruleId: 'sttm-approval.conferenza-istruttoria-before-adoption',
          dueDate: '2023-11-16',
          status: 'running',
        }),
        expect.objectContaining({ ruleId: 'sttm-approval.planned-adoption', dueDate: '2023-11-17', status: 'running' }),
      ]),
    );
    const overdue = await http().get('/deadlines?dueBefore=2024-01-01').set('Authorization', tokens.officer).expect(200);
    expect(overdue.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId, ruleId: 'sttm-approval.proposal-availability' }),
        expect.objectContaining({ caseId, ruleId: 'sttm-approval.conferenza-istruttoria-before-adoption' }),
        expect.objectContaining({ caseId, ruleId: 'sttm-approval.planned-adoption' }),
      ]),
    );
    // All the rungs of the three overdue terms are past: one reminder per term (the latest rung, an escalation), not one per rung.
    const reminders = await waitUntil(
      async () => {
        const { body } = await http().get(`/cases/${caseId}/timeline`).set('Authorization', tokens.officer).expect(200);
        const rungs = (body.items as { type: string; payload: { deadlineId: string; rung: string; superseded?: string[] } }[]).filter((e) =>
          ['deadline-reminder', 'deadline-escalated'].includes(e.type),
        );
        return new Set(rungs.map((e) => e.payload.deadlineId)).size === 3 ? rungs : undefined;
      },
      60_000,
      'one reminder for each of the three overdue terms',
    );
    expect(reminders).toHaveLength(3);
    for (const reminder of reminders)
      expect(reminder).toMatchObject({
        type: 'deadline-escalated',
        payload: { rung: 't-plus-1', superseded: ['t-minus-7', 't-minus-2', 't0'] },
      });
    await post(caseId, 'participation', { kind: 'kick-off', title: 'Kick off meeting', date: '2022-05-24' }).expect(200);
    await post(caseId, 'participation', { kind: 'presentation', title: 'Presentazione ai Sindaci', date: '2022-12-05' }).expect(200);
    // Acts and contributions cite documents of this STTM only: 422 naming the field, nothing recorded.
    const foreign = await documentOfAnotherCase(db.dataSource, http, tokens.officer);
    const stepsBefore = await procedureEvents(http, caseId, tokens.officer);
    const foreignAct = await post(caseId, 'preliminary-approval', {
      act: { type: 'decree', number: '180', date: '2023-09-01', documentId: foreign },
    }).expect(422);
    expect(foreignAct.body['invalid-params']).toEqual([expect.objectContaining({ name: 'act.documentId', rule: 'caseDocument' })]);
    const foreignParticipation = await post(caseId, 'participation', {
      kind: 'meeting',
      title: 'Laboratorio',
      date: '2022-12-06',
      documentIds: [foreign],
    }).expect(422);
    expect(foreignParticipation.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentIds.0', rule: 'caseDocument' })]);
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    await post(caseId, 'preliminary-approval', { act: { type: 'decree', number: '180', date: '2023-09-01' } }).expect(200);

    for (const step of ['sivas-deposit', 'authorities-notice', 'vinca-request', 'conferenza-di-verifica']) {
      await post(caseId, 'vas/steps', {
        step,
        act: { type: step === 'conferenza-di-verifica' ? 'minutes' : 'notice', number: step, date: '2023-06-01' },
      }).expect(200);
    }
    await post(caseId, 'vas/decision', { outcome: 'excluded', act: { type: 'decree', number: '9', date: '2023-09-15' } }).expect(403);
    const excluded = await post(
      caseId,
      'vas/decision',
      { outcome: 'excluded', act: { type: 'decree', number: '9', date: '2023-09-15' } },
      tokens.manager,
    ).expect(200);
    expect(excluded.body).toMatchObject({ state: 'excluded', result: { outcome: 'excluded' } });
    let vas = '';
    for (let i = 0; i < 50 && vas !== 'excluded'; i++) {
      vas = (await http().get(`/sttm-approvals/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.vas;
      if (vas !== 'excluded') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(vas).toBe('excluded');

    await post(caseId, 'availability', { act: { type: 'notice', number: 'AV-1', date: '2023-10-02' } }).expect(200);
    const met = await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(met.body.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'sttm-approval.proposal-availability', status: 'met' })]),
    );
    const outside = await post(caseId, 'conferenza/convocation', {
      meetingDate: '2023-10-17',
      act: { type: 'notice', number: 'CONV-1', date: '2023-10-02' },
    }).expect(422);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.body.detail).toContain('dal 18/10/2023 al 16/11/2023');
    await post(caseId, 'conferenza/convocation', {
      meetingDate: '2023-10-18',
      meetingTime: '10:30',
      place: 'Palazzo Isimbardi, Milano',
      act: { type: 'notice', number: 'CONV-1', date: '2023-10-02' },
    }).expect(200);
    const invitations = await db.dataSource.query(
      `SELECT string_agg(d.recipient_address, ',' ORDER BY d.recipient_address) AS recipients, min(n.data::text)::jsonb AS data FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.case_id = $1 AND n.template_id = 'conferenza-istruttoria-invitation'`,
      [caseId],
    );
    expect(invitations[0].recipients).toBe('protocollo@pec.015002.test,protocollo@pec.015146.test');
    expect(invitations[0].data).toMatchObject({
      availableOn: '2023-10-02',
      legalSource: 'NdA PTM art. 7bis c.4',
      session: { date: '2023-10-18', time: '10:30', location: 'Palazzo Isimbardi, Milano' },
    });
    await post(caseId, 'conferenza/minutes', { act: { type: 'minutes', number: 'CI-1', date: '2023-10-18' } }).expect(200);
    const held = await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(held.body.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'sttm-approval.conferenza-istruttoria-before-adoption', status: 'met' })]),
    );

    const early = await post(caseId, 'adoption', { act: { type: 'resolution', number: '40', date: '2023-10-30' } }).expect(422);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.body.detail).toContain('entro il 15/09/2023');
    expect(early.body.detail).toMatch(/date di adozione ammesse: dal \d\d\/11\/2023 al 17\/11\/2023/);
    expect(early.body.validAdoption).toMatchObject({ to: '2023-11-17' });

    const adopted = await post(caseId, 'adoption', { act: { type: 'resolution', number: '41', date: '2023-11-17' } }).expect(200);
    expect(adopted.body).toMatchObject({ state: 'adopted', adoptedOn: '2023-11-17' });
    const afterAdoption = await http().get(`/cases/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(afterAdoption.body.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'sttm-approval.planned-adoption', status: 'met' })]),
    );
    const registry = await db.dataSource.query(`SELECT direction, subject FROM registry_entries WHERE case_id = $1 ORDER BY year, number`, [
      caseId,
    ]);
    expect(registry.map((r: { subject: string }) => r.subject)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Avvio del procedimento/),
        expect.stringMatching(/^Adozione della STTM — STTM 1 \(resolution n. 41 del 17\/11\/2023\)/),
      ]),
    );
    const verification = await http().get(`/cases/${caseId}/timeline/verification`).set('Authorization', tokens.officer).expect(200);
    expect(verification.body).toMatchObject({ valid: true });
    // The STTM's steps, the VAS screening's (recorded as vas-*) and the system's all have words.
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
  });
  it('fixes at the start what opens the osservazioni: the configured albo publication, or the BURL notice when asked', async () => {
    const body = {
      sttmNumber: 5,
      title: 'Infrastrutture verdi',
      halvedTerms: false,
      avvio: { type: 'decree', number: '15', date: '2026-02-02' },
    };
    const wrong = await http()
      .post('/sttm-approvals')
      .set('Authorization', tokens.officer)
      .send({ ...body, osservazioniTrigger: 'gazzetta' })
      .expect(400);
    expect(wrong.body['invalid-params']).toEqual([expect.objectContaining({ name: 'osservazioniTrigger' })]);
    const caseId = nameBasedUuid('cmm-sttm-approval', 'sttm|5');
    await http().get(`/sttm-approvals/${caseId}`).set('Authorization', tokens.officer).expect(404);

    await http()
      .post('/sttm-approvals')
      .set('Authorization', tokens.officer)
      .send({ ...body, osservazioniTrigger: 'burl-notice' })
      .expect(201);
    const view = await http().get(`/sttm-approvals/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(view.body).toMatchObject({ osservazioniTrigger: 'burl-notice', state: 'participation', osservazioniTerm: null });
    // The BURL notice has its place after the adoption's publication, not before.
    const early = await post(caseId, 'adoption/burl-notice', { act: { type: 'notice', number: 'BURL-1', date: '2026-02-03' } }).expect(409);
    expect(early.body.detail).toMatch(/adoption-published/);
    await post(caseId, 'adoption/burl-notice', { act: { type: 'notice', number: 'BURL-1', date: '2026-02-03' } }, tokens.comune).expect(
      403,
    );
  });
});
