// CMM convenes three municipalities: the convocations arrive by PEC with a calendar invitation
// and a personal link; a mayor's office names a delegate from the link without logging in, the
// session moves (same UID, higher SEQUENCE, old links superseded), the conference is withdrawn
// (CANCEL). Through HTTP, on real PostgreSQL, Redis, the Temporal dev server, notifier and SMTP.
import { createApp } from '../../apps/api/src/create-app';
import { type TestDatabase, type TestIssuer, createTestIssuer, startDevServerWorker, uniqueTaskQueue } from '@cmm/test-support';
import type { INestApplication } from '@nestjs/common';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { documentOfAnotherCase, procedureEvents } from './support/foreign-document';
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';
import { unnamedTimelineTypes } from './support/timeline-words';

const DAY = 86_400_000;
const PEC: Record<string, string> = {
  '015146': 'protocollo@postacert.comune.milano.it',
  '015182': 'protocollo@pec.comune.rho.mi.it',
  '015170': 'protocollo@pec.comune.pero.mi.it',
};
const [MILANO, RHO, PERO] = Object.keys(PEC);
const PUBLIC_URL = 'http://127.0.0.1:3000';

const calendarOf = (mail: ParsedMail) => {
  const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
  const root = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
  const event = root.getFirstSubcomponent('vevent') as ICAL.Component;
  return {
    method: root.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
  };
};
// The convocation links to the web page with the token in the fragment; the page calls the API with it.
const linkIn = (mail: ParsedMail): string => {
  const match = /http:\/\/127\.0\.0\.1:3000\/risposta-convocazione#([A-Za-z0-9._-]+)/.exec(mail.text ?? '');
  if (!match) throw new Error('no answer link in the convocation');
  return `/conference-answers/${match[1]}`;
};

describe('concertation conference through HTTP', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let worker: Awaited<ReturnType<typeof startDevServerWorker>>;
  let notifier: RunningNotifier;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createDatabaseWithMunicipalities(PEC);
    const taskQueue = uniqueTaskQueue('e2e-conference');
    worker = await startDevServerWorker(taskQueue, db.dataSource, { officersMailbox: 'pianificazione@cmm.test', publicUrl: PUBLIC_URL });
    issuer = await createTestIssuer();
    tokens.officer = await issuer.bearer({ subject: 'funzionaria-1', role: 'officer', email: 'funzionaria@cmm.test' });
    tokens.pero = await issuer.bearer({ subject: 'sindaco-pero', role: 'mayor_office', istatCode: PERO });
    tokens.rho = await issuer.bearer({ subject: 'ut-rho', role: 'comune', istatCode: RHO });
    tokens.abbiategrasso = await issuer.bearer({ subject: 'ut-abbiategrasso', role: 'comune', istatCode: '015002' });
    tokens.admin = await issuer.bearer({ subject: 'amministratore-1', role: 'admin' });
    const documentsDir = await createDocumentsDir();
    notifier = await startNotifier(db, documentsDir);
    app = await createApp({
      logs: false,
      env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir, PUBLIC_URL },
    });
    await app.init();
  });

  afterAll(async () => {
    await notifier?.stop();
    await app?.close();
    await worker?.stop();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const session = (inDays: number) => ({
    startsAt: new Date(Date.now() + inDays * DAY).toISOString(),
    endsAt: new Date(Date.now() + inDays * DAY + 3 * 3_600_000).toISOString(),
    place: 'Palazzo Isimbardi, via Vivaio 1, Milano',
  });
  const mailsFor = async (count: number, what: string): Promise<ParsedMail[]> => {
    const received = await waitUntil(
      () => (notifier.peer.received.length >= count ? notifier.peer.received.slice(0, count) : undefined),
      60_000,
      what,
    );
    return Promise.all(received.map((m) => m.parse()));
  };
  const addressOf = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : '') as string;
  /** The mails that match, once `count` of them have arrived (the order of delivery is not the order of sending). */
  const mailsMatching = async (count: number, what: string, match: (mail: ParsedMail) => boolean): Promise<ParsedMail[]> =>
    waitUntil(
      async () => {
        const found = (await Promise.all(notifier.peer.received.map((m) => m.parse()))).filter(match);
        return found.length >= count ? found : undefined;
      },
      60_000,
      what,
    );

  it('convenes, answers by link once, moves the session and withdraws, with the invitations in every calendar', async () => {
    const tooSoon = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({
        subject: 'Variante PGT Rho — polo logistico',
        agenda: 'Bilancio delle diffusività',
        municipalities: [RHO, PERO, MILANO],
        firstSession: session(3),
      })
      .expect(422);
    expect(tooSoon.body['invalid-params']).toEqual([expect.objectContaining({ name: 'firstSession.startsAt', rule: 'convocationNotice' })]);
    const unknown = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Variante', agenda: 'Bilancio', municipalities: [RHO, '099999'], firstSession: session(20) })
      .expect(422);
    expect(unknown.body['invalid-params']).toEqual([expect.objectContaining({ name: 'municipalities.1', rule: 'cmmMunicipality' })]);
    await http().post('/concertation-conferences').set('Authorization', tokens.rho).send({}).expect(403);

    // A municipality with no PEC on file cannot be convened; an administrator records it.
    const noPec = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Variante', agenda: 'Bilancio', municipalities: [RHO, '015002'], firstSession: session(20) })
      .expect(422);
    expect(noPec.body['invalid-params']).toEqual([expect.objectContaining({ name: 'municipalities.1', rule: 'pecOnFile' })]);
    await http()
      .put('/municipalities/015002/contacts')
      .set('Authorization', tokens.officer)
      .send({ pec: 'protocollo@pec.comune.abbiategrasso.mi.it' })
      .expect(403);
    await http().put('/municipalities/015002/contacts').set('Authorization', tokens.admin).send({ pec: 'non-un-indirizzo' }).expect(400);
    await http()
      .put('/municipalities/015002/contacts')
      .set('Authorization', tokens.admin)
      .send({ pec: 'protocollo@pec.comune.abbiategrasso.mi.it' })
      .expect(200);
    const listed = await http().get('/municipalities').set('Authorization', tokens.rho).expect(200);
    expect(listed.body.items).toHaveLength(133);
    expect(listed.body.items.find((m: { istatCode: string }) => m.istatCode === '015002')).toMatchObject({
      name: 'Abbiategrasso',
      pec: 'protocollo@pec.comune.abbiategrasso.mi.it',
    });

    const convocation = {
      subject: 'Variante PGT Rho — polo logistico',
      agenda: 'Bilancio delle diffusività; compensazioni',
      municipalities: [RHO, PERO, MILANO],
      firstSession: session(20),
    };
    const idempotencyKey = `convoca-${Date.now()}`;
    const started = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .set('Idempotency-Key', idempotencyKey)
      .send(convocation)
      .expect(201);
    const { caseId } = started.body;
    // The answer never reached the officer's browser, which sends the request again with its key:
    // the same conference, convened once.
    const repeated = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .set('Idempotency-Key', idempotencyKey)
      .send(convocation)
      .expect(200);
    expect(repeated.body).toMatchObject({ caseId, reference: started.body.reference });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM cases WHERE type = 'concertation-conference'`)).toEqual([{ n: 1 }]);
    expect(started.body).toMatchObject({
      reference: expect.stringMatching(/^CC-\d{4}-\d{6}$/),
      state: 'open',
      sessions: [{ id: 's1', sequence: 0, status: 'scheduled' }],
    });

    // Each mayor's office gets its own convocation, with the ICS and its own link.
    const convocations = await mailsFor(3, 'three convocations');
    const byAddress = new Map(convocations.map((m) => [(m.to && !Array.isArray(m.to) ? m.to.value[0].address : '') as string, m]));
    expect([...byAddress.keys()].sort()).toEqual(Object.values(PEC).sort());
    const uids = new Set<string>();
    for (const mail of convocations) {
      expect(mail.subject).toBe(`Convocazione conferenza di concertazione – pratica ${started.body.reference}`);
      expect(calendarOf(mail)).toMatchObject({ method: 'REQUEST', sequence: 0 });
      uids.add(String(calendarOf(mail).uid));
    }
    expect(uids.size).toBe(1);
    const rhoLink = linkIn(byAddress.get(PEC[RHO])!);
    const milanoLink = linkIn(byAddress.get(PEC[MILANO])!);
    expect(rhoLink).not.toBe(milanoLink);

    // The link opens a form with no login, and answers once.
    const page = await http().get(rhoLink).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Comune di Rho');
    // Its JSON shows the session and this municipality's own answer, nobody else's.
    const asJson = await http().get(rhoLink).set('Accept', 'application/json').expect(200);
    expect(asJson.body).toMatchObject({ istatCode: RHO, answer: { answer: 'pending' }, session: { id: 's1', sequence: 0 } });
    expect(JSON.stringify(asJson.body)).not.toMatch(new RegExp(`${MILANO}|${PERO}|attendance`));
    // A field error brings the form back, the error next to the field and the values kept; nothing is recorded.
    const incomplete = await http()
      .post(rhoLink)
      .type('form')
      .send({ answer: 'delegated', delegateName: 'Arch. Luisa Verdi', delegateRole: '', delegateEmail: 'non-un-indirizzo' })
      .expect(422);
    expect(incomplete.headers['content-type']).toMatch(/text\/html/);
    expect(incomplete.text).toContain('<form method="post"');
    expect(incomplete.text).toMatch(
      /name="delegateRole"[^>]*aria-invalid="true"[^>]*><\/label><p class="error" id="delegateRole-error">Indicare il ruolo del delegato\.<\/p>/,
    );
    expect(incomplete.text).toMatch(
      /name="delegateEmail"[^>]*value="non-un-indirizzo"[^>]*><\/label><p class="error" id="delegateEmail-error">/,
    );
    expect(incomplete.text).toContain('value="Arch. Luisa Verdi"');
    expect(incomplete.text).toMatch(/value="delegated" checked/);
    const incompleteJson = await http().post(rhoLink).send({ answer: 'delegated', delegateName: 'Arch. Luisa Verdi' }).expect(422);
    expect(incompleteJson.body['invalid-params']).toEqual([
      expect.objectContaining({ name: 'delegateRole', rule: 'required', reason: 'obbligatorio quando si indica un delegato' }),
      expect.objectContaining({ name: 'delegateEmail', rule: 'email', reason: 'deve essere un indirizzo email' }),
    ]);
    // The link's own validation words an unknown answer as every other DTO does: Italian first, English on request.
    const unknownAnswer = await http().post(rhoLink).send({ answer: 'maybe' }).expect(400);
    expect(unknownAnswer.body['invalid-params']).toEqual([
      { name: 'answer', rule: 'isIn', reason: 'deve essere uno tra: confirmed, declined, delegated' },
    ]);
    const unknownAnswerEn = await http().post(`${rhoLink}?lang=en`).send({ answer: 'maybe' }).expect(400);
    expect(unknownAnswerEn.body['invalid-params']).toEqual([
      { name: 'answer', rule: 'isIn', reason: expect.stringMatching(/^answer must be one of the following values/) },
    ]);
    expect(incompleteJson.body.instance).toBe('/conference-answers/{token}');
    const unanswered = await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(unanswered.body.sessions[0].attendance[RHO]).toMatchObject({ answer: 'pending' });
    const done = await http()
      .post(rhoLink)
      .type('form')
      .send({
        answer: 'delegated',
        delegateName: 'Arch. Luisa Verdi',
        delegateRole: 'Assessora all’urbanistica',
        delegateEmail: 'l.verdi@comune.rho.mi.it',
      })
      .expect(200);
    expect(done.text).toContain('Risposta registrata');
    const again = await http().post(rhoLink).send({ answer: 'declined' }).expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    // The secret token is never echoed back.
    const token = rhoLink.split('/').pop() as string;
    expect(again.body.instance).toBe('/conference-answers/{token}');
    expect(JSON.stringify(again.body)).not.toContain(token);
    const forged = await http()
      .post(`${rhoLink.slice(0, -4)}AAAA`)
      .send({ answer: 'declined' })
      .expect(404);
    expect(JSON.stringify(forged.body)).not.toContain(token.slice(0, -4));

    // The delegate gets the convocation, with the calendar entry, at the delegate's own address.
    const [toDelegate] = await mailsMatching(1, "the delegate's convocation", (m) => addressOf(m) === 'l.verdi@comune.rho.mi.it');
    expect(toDelegate.subject).toBe(`Convocazione conferenza di concertazione – pratica ${started.body.reference}`);
    expect(toDelegate.text).toContain('come delegato di Comune di Rho');
    expect(toDelegate.text).not.toContain('/risposta-convocazione');
    expect(calendarOf(toDelegate)).toMatchObject({ method: 'REQUEST', sequence: 0, uid: [...uids][0] });

    // Milano answers through the API: its personal link is used up too.
    await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/answers`)
      .set('Authorization', tokens.officer)
      .send({ answer: 'declined', istatCode: MILANO })
      .expect(200);
    const milanoUsed = await http().post(milanoLink).send({ answer: 'confirmed' }).expect(409);
    expect(milanoUsed.body).toMatchObject({ via: 'api', instance: '/conference-answers/{token}' });
    // Used up, the link shows what was recorded (here by a signed-in user) instead of the form.
    const milanoAfter = await http().get(milanoLink).set('Accept', 'application/json').expect(200);
    expect(milanoAfter.body).toMatchObject({ istatCode: MILANO, usedAt: expect.any(String), answer: { answer: 'declined', via: 'api' } });
    const milanoPage = await http().get(milanoLink).set('Accept', 'text/html').expect(200);
    expect(milanoPage.text).toContain('Risposta registrata: non parteciperà');
    expect(milanoPage.text).not.toContain('<form');

    await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/answers`)
      .set('Authorization', tokens.pero)
      .send({ answer: 'confirmed' })
      .expect(200);
    await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/answers`)
      .set('Authorization', tokens.pero)
      .send({ answer: 'confirmed', istatCode: RHO })
      .expect(403);

    // Parties see the case, another municipality does not.
    await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.abbiategrasso).expect(404);
    const seen = await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.rho).expect(200);
    expect(seen.body.sessions[0].attendance).toMatchObject({
      [RHO]: { answer: 'delegated', via: 'link', delegate: { name: 'Arch. Luisa Verdi' } },
      [PERO]: { answer: 'confirmed', via: 'api' },
      [MILANO]: { answer: 'declined', via: 'api' },
    });
    // Who was notified, and the state of each PEC.
    const notices = Object.fromEntries(seen.body.notices.map((n: { istatCode: string; notices: unknown[] }) => [n.istatCode, n.notices]));
    expect(notices[MILANO]).toEqual([
      expect.objectContaining({ templateId: 'conference-convocation', sessionId: 's1', sequence: 0, channel: 'pec' }),
    ]);

    const tooClose = await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/move`)
      .set('Authorization', tokens.officer)
      .send(session(2))
      .expect(422);
    expect(tooClose.body['invalid-params']).toEqual([expect.objectContaining({ name: 'session.startsAt', rule: 'convocationNotice' })]);
    const moved = await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/move`)
      .set('Authorization', tokens.officer)
      .send(session(27))
      .expect(200);
    // Everyone answers again, and what each said before stays visible.
    expect(moved.body.sessions[0]).toMatchObject({
      sequence: 1,
      attendance: {
        [RHO]: { answer: 'pending', previous: { answer: 'delegated', via: 'link', delegate: { name: 'Arch. Luisa Verdi' }, sequence: 0 } },
        [PERO]: { answer: 'pending', previous: { answer: 'confirmed', via: 'api' } },
      },
    });
    // The session as a calendar event for a party, the same event as the invitation (UID, SEQUENCE); hidden from others.
    const ics = await http().get(`/concertation-conferences/${caseId}/sessions/s1/calendar`).set('Authorization', tokens.rho).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    // Long lines are folded (RFC 5545 §3.1): unfold before reading.
    expect(ics.text.replace(/\r\n /g, '')).toContain(`UID:${[...uids][0]}`);
    expect(ics.text).toContain('SEQUENCE:1');
    expect(ics.text).toContain('METHOD:REQUEST');
    await http().get(`/concertation-conferences/${caseId}/sessions/s1/calendar`).set('Authorization', tokens.abbiategrasso).expect(404);
    await http().get(`/concertation-conferences/${caseId}/sessions/nope/calendar`).set('Authorization', tokens.rho).expect(404);
    const updates = await mailsMatching(
      4,
      'three updates and the delegate’s',
      (m) => m.subject?.startsWith('Aggiornamento conferenza') ?? false,
    );
    for (const mail of updates) expect(calendarOf(mail)).toMatchObject({ method: 'REQUEST', sequence: 1, uid: [...uids][0] });
    expect(updates.map(addressOf).sort()).toEqual([...Object.values(PEC), 'l.verdi@comune.rho.mi.it'].sort());
    const rhoUpdate = updates.find((m) => addressOf(m) === PEC[RHO])!;
    expect(rhoUpdate.text).toContain(
      '(partecipazione di un delegato (Arch. Luisa Verdi)) resta agli atti ma non vale per la nuova data: è necessaria una nuova risposta',
    );
    expect(updates.find((m) => addressOf(m) === 'l.verdi@comune.rho.mi.it')!.text).toContain('il Comune deve rispondere di nuovo');
    // The old invitation's link no longer answers, and says so with its own title.
    const gone = await http().post(rhoLink).send({ answer: 'confirmed' }).expect(410);
    expect(gone.body).toMatchObject({ title: 'Risorsa non più disponibile', status: 410, instance: '/conference-answers/{token}' });

    // Minutes and contributions cite documents of this conference only: 422 naming the field, nothing recorded.
    const foreign = await documentOfAnotherCase(db.dataSource, http, tokens.officer);
    const stepsBefore = await procedureEvents(http, caseId, tokens.officer);
    const foreignMinutes = await http()
      .post(`/concertation-conferences/${caseId}/sessions/s1/minutes`)
      .set('Authorization', tokens.officer)
      .send({ documentId: foreign })
      .expect(422);
    expect(foreignMinutes.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentId', rule: 'caseDocument' })]);
    const foreignContribution = await http()
      .post(`/concertation-conferences/${caseId}/contributions`)
      .set('Authorization', tokens.pero)
      .send({ documentIds: [foreign], note: 'Osservazioni' })
      .expect(422);
    expect(foreignContribution.body['invalid-params']).toEqual([expect.objectContaining({ name: 'documentIds.0', rule: 'caseDocument' })]);
    expect(await procedureEvents(http, caseId, tokens.officer)).toEqual(stepsBefore);
    expect(
      (await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.officer).expect(200)).body.contributions,
    ).toEqual([]);

    await http()
      .post(`/concertation-conferences/${caseId}/withdrawal`)
      .set('Authorization', tokens.officer)
      .send({ reason: 'Il Comune di Rho ha ritirato la variante' })
      .expect(200);
    const cancels = await mailsMatching(4, 'cancellations', (m) => m.subject?.startsWith('Annullamento seduta') ?? false);
    expect(cancels.map(addressOf).sort()).toEqual([...Object.values(PEC), 'l.verdi@comune.rho.mi.it'].sort());
    for (const mail of cancels) expect(calendarOf(mail)).toMatchObject({ method: 'CANCEL', sequence: 2, uid: [...uids][0] });
    const after = await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(after.body).toMatchObject({ state: 'withdrawn', sessions: [{ status: 'cancelled' }] });
    await http().post(`/concertation-conferences/${caseId}/sessions`).set('Authorization', tokens.officer).send(session(30)).expect(409);
    expect(await unnamedTimelineTypes(http, caseId, tokens.officer)).toEqual([]);
  });
  it('lets the convened municipalities read the documents under discussion of the evaluation, and nothing else of it', async () => {
    tokens.milano = await issuer.bearer({ subject: 'ut-milano', role: 'comune', istatCode: MILANO });
    const pdf = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
    const upload = async (kind: string, title: string) =>
      (
        await http()
          .post('/uploads')
          .set('Authorization', tokens.milano)
          .field('kind', kind)
          .field('title', title)
          .attach('file', pdf(title), { filename: `${kind}.pdf`, contentType: 'application/pdf' })
          .expect(201)
      ).body.uploadId as string;
    const adoptedAct = await upload('adopted-act', 'Delibera di adozione n. 9');
    const diffusionBalance = await upload('diffusion-balance', 'Bilancio delle diffusività territoriali');
    const submitted = await http()
      .post('/compatibility-evaluations')
      .set('Authorization', tokens.milano)
      .send({
        actType: 'variante-pgt',
        deliberation: { number: '9', date: '2026-10-30' },
        description: 'Polo logistico',
        declaresSupraMunicipalRelevance: true,
        uploads: { adoptedAct, diffusionBalance },
      })
      .expect(201);
    const evaluationId: string = submitted.body.caseId;
    await http().post(`/compatibility-evaluations/${evaluationId}/completeness`).set('Authorization', tokens.officer).expect(200);
    await http()
      .post(`/compatibility-evaluations/${evaluationId}/relevance`)
      .set('Authorization', tokens.officer)
      .send({ recognised: true, reasons: 'Effetti sul territorio di Rho' })
      .expect(200);
    const internal = await http()
      .post(`/cases/${evaluationId}/documents`)
      .set('Authorization', tokens.officer)
      .field('kind', 'istruttoria')
      .field('title', 'Nota istruttoria interna')
      .attach('file', pdf('nota interna'), { filename: 'nota.pdf', contentType: 'application/pdf' })
      .expect(201);
    const conference = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({
        parentCaseId: evaluationId,
        subject: 'Polo logistico di Milano',
        agenda: 'Bilancio delle diffusività',
        municipalities: [MILANO, RHO],
        firstSession: session(20),
      })
      .expect(201);

    // Rho, convened, reads what the conference discusses: the plan's act and the diffusion balance.
    const listed = await http().get(`/cases/${evaluationId}/documents`).set('Authorization', tokens.rho).expect(200);
    const docs = (listed.body.items ?? listed.body) as { id: string; kind: string }[];
    expect(docs.map((d) => d.kind).sort()).toEqual(['adopted-act', 'diffusion-balance']);
    const balance = docs.find((d) => d.kind === 'diffusion-balance')!;
    await http().get(`/cases/${evaluationId}/documents/${balance.id}/versions/1/content`).set('Authorization', tokens.rho).expect(200);
    // Not CMM's internal documents, nor the evaluation itself, and nothing to write.
    await http()
      .get(`/cases/${evaluationId}/documents/${internal.body.documentId}/versions/1/content`)
      .set('Authorization', tokens.rho)
      .expect(404);
    await http().get(`/cases/${evaluationId}`).set('Authorization', tokens.rho).expect(404);
    await http().get(`/compatibility-evaluations/${evaluationId}`).set('Authorization', tokens.rho).expect(404);
    await http().get(`/cases/${evaluationId}/timeline`).set('Authorization', tokens.rho).expect(404);
    await http()
      .post(`/cases/${evaluationId}/documents`)
      .set('Authorization', tokens.rho)
      .field('kind', 'note')
      .field('title', 'x')
      .expect(404);
    // The officer still sees everything (the receipt CMM filed included, which the convened do not read); Pero, not convened, nothing.
    const all = await http().get(`/cases/${evaluationId}/documents`).set('Authorization', tokens.officer).expect(200);
    expect(((all.body.items ?? all.body) as { kind: string }[]).map((d) => d.kind).sort()).toEqual([
      'adopted-act',
      'diffusion-balance',
      'istruttoria',
      'submission-receipt',
    ]);
    await http().get(`/cases/${evaluationId}/documents`).set('Authorization', tokens.pero).expect(404);
    await http().get(`/cases/${evaluationId}/documents/${balance.id}/versions/1/content`).set('Authorization', tokens.pero).expect(404);
    await http().get(`/concertation-conferences/${conference.body.caseId}`).set('Authorization', tokens.rho).expect(200);
    await http().get(`/concertation-conferences/${conference.body.caseId}`).set('Authorization', tokens.pero).expect(404);
  });
});
