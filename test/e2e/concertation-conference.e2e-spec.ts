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
import { waitUntil } from '../../libs/notifications/src/testing/wait-until';
import { createDatabaseWithMunicipalities, createDocumentsDir, startNotifier, type RunningNotifier } from './support/procedure-setup';

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
  return { method: root.getFirstPropertyValue('method'), uid: event.getFirstPropertyValue('uid'), sequence: Number(event.getFirstPropertyValue('sequence')) };
};
const linkIn = (mail: ParsedMail): string => {
  const match = /http:\/\/127\.0\.0\.1:3000(\/conference-answers\/[A-Za-z0-9._-]+)/.exec(mail.text ?? '');
  if (!match) throw new Error('no answer link in the convocation');
  return match[1];
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
    app = await createApp({ logs: false, env: { ...process.env, ...issuer.env, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DOCUMENTS_DIR: documentsDir, PUBLIC_URL } });
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
    const received = await waitUntil(() => (notifier.peer.received.length >= count ? notifier.peer.received.slice(0, count) : undefined), 60_000, what);
    return Promise.all(received.map((m) => m.parse()));
  };

  it('convenes, answers by link once, moves the session and withdraws, with the invitations in every calendar', async () => {
    const tooSoon = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Variante PGT Rho — polo logistico', agenda: 'Bilancio delle diffusività', municipalities: [RHO, PERO, MILANO], firstSession: session(3) })
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
    await http().put('/municipalities/015002/contacts').set('Authorization', tokens.officer).send({ pec: 'protocollo@pec.comune.abbiategrasso.mi.it' }).expect(403);
    await http().put('/municipalities/015002/contacts').set('Authorization', tokens.admin).send({ pec: 'non-un-indirizzo' }).expect(400);
    await http().put('/municipalities/015002/contacts').set('Authorization', tokens.admin).send({ pec: 'protocollo@pec.comune.abbiategrasso.mi.it' }).expect(200);
    const listed = await http().get('/municipalities').set('Authorization', tokens.rho).expect(200);
    expect(listed.body.items).toHaveLength(133);
    expect(listed.body.items.find((m: { istatCode: string }) => m.istatCode === '015002')).toMatchObject({ name: 'Abbiategrasso', pec: 'protocollo@pec.comune.abbiategrasso.mi.it' });


    const started = await http()
      .post('/concertation-conferences')
      .set('Authorization', tokens.officer)
      .send({ subject: 'Variante PGT Rho — polo logistico', agenda: 'Bilancio delle diffusività; compensazioni', municipalities: [RHO, PERO, MILANO], firstSession: session(20) })
      .expect(201);
    const { caseId } = started.body;
    expect(started.body).toMatchObject({ reference: expect.stringMatching(/^CC-\d{4}-\d{6}$/), state: 'open', sessions: [{ id: 's1', sequence: 0, status: 'scheduled' }] });

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
    const done = await http()
      .post(rhoLink)
      .type('form')
      .send({ answer: 'delegated', delegateName: 'Arch. Luisa Verdi', delegateRole: 'Assessora all’urbanistica', delegateEmail: 'l.verdi@comune.rho.mi.it' })
      .expect(200);
    expect(done.text).toContain('Risposta registrata');
    const again = await http().post(rhoLink).send({ answer: 'declined' }).expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    await http().post(`${rhoLink.slice(0, -4)}AAAA`).send({ answer: 'declined' }).expect(404);

    await http().post(`/concertation-conferences/${caseId}/sessions/s1/answers`).set('Authorization', tokens.pero).send({ answer: 'confirmed' }).expect(200);
    await http().post(`/concertation-conferences/${caseId}/sessions/s1/answers`).set('Authorization', tokens.pero).send({ answer: 'confirmed', istatCode: RHO }).expect(403);

    // Parties see the case, another municipality does not.
    await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.abbiategrasso).expect(404);
    const seen = await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.rho).expect(200);
    expect(seen.body.sessions[0].attendance).toMatchObject({
      [RHO]: { answer: 'delegated', via: 'link', delegate: { name: 'Arch. Luisa Verdi' } },
      [PERO]: { answer: 'confirmed', via: 'api' },
      [MILANO]: { answer: 'pending' },
    });
    // Who was notified, and the state of each PEC.
    const notices = Object.fromEntries(seen.body.notices.map((n: { istatCode: string; notices: unknown[] }) => [n.istatCode, n.notices]));
    expect(notices[MILANO]).toEqual([expect.objectContaining({ templateId: 'conference-convocation', sessionId: 's1', sequence: 0, channel: 'pec' })]);

    const tooClose = await http().post(`/concertation-conferences/${caseId}/sessions/s1/move`).set('Authorization', tokens.officer).send(session(2)).expect(422);
    expect(tooClose.body['invalid-params']).toEqual([expect.objectContaining({ name: 'session.startsAt', rule: 'convocationNotice' })]);
    const moved = await http().post(`/concertation-conferences/${caseId}/sessions/s1/move`).set('Authorization', tokens.officer).send(session(27)).expect(200);
    expect(moved.body.sessions[0]).toMatchObject({ sequence: 1, attendance: { [RHO]: { answer: 'pending' } } });
    const updates = (await mailsFor(6, 'three updates')).slice(3);
    for (const mail of updates) expect(calendarOf(mail)).toMatchObject({ method: 'REQUEST', sequence: 1, uid: [...uids][0] });
    // The old invitation's link no longer answers.
    await http().post(milanoLink).send({ answer: 'confirmed' }).expect(410);

    await http().post(`/concertation-conferences/${caseId}/withdrawal`).set('Authorization', tokens.officer).send({ reason: 'Il Comune di Rho ha ritirato la variante' }).expect(200);
    const cancellations = (await mailsFor(12, 'cancellations and closing notices')).slice(6);
    const cancels = cancellations.filter((m) => m.attachments.some((a) => a.contentType.startsWith('text/calendar')));
    expect(cancels).toHaveLength(3);
    for (const mail of cancels) expect(calendarOf(mail)).toMatchObject({ method: 'CANCEL', sequence: 2, uid: [...uids][0] });
    const after = await http().get(`/concertation-conferences/${caseId}`).set('Authorization', tokens.officer).expect(200);
    expect(after.body).toMatchObject({ state: 'withdrawn', sessions: [{ status: 'cancelled' }] });
    await http().post(`/concertation-conferences/${caseId}/sessions`).set('Authorization', tokens.officer).send(session(30)).expect(409);
  });
});
