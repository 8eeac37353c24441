import type { Actor } from '../actor';
import { applyConferenceEvent, checkConferenceAction, initialConferenceStatus, unanswered } from './concertation-conference.machine';
import type { ConferenceFacts, ConferenceStatus, SessionPlan } from './concertation-conference.types';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;
const facts: ConferenceFacts = { convened: ['015146', '015182'] };
const officer: Actor = { subject: 'o', name: 'O', email: null, role: 'officer', istatCode: null };
const rho: Actor = { subject: 'r', name: 'R', email: null, role: 'comune', istatCode: '015182' };
const plan = (inDays: number, extra: Partial<SessionPlan> = {}): SessionPlan => ({
  startsAt: new Date(NOW + inDays * DAY).toISOString(),
  endsAt: new Date(NOW + inDays * DAY + 7_200_000).toISOString(),
  place: 'Palazzo Isimbardi',
  videoLink: null,
  ...extra,
});

const withSession = (): ConferenceStatus =>
  applyConferenceEvent(initialConferenceStatus(), { type: 'add-session', actor: officer, session: plan(20) }, facts, NOW);

describe('concertation conference machine', () => {
  it('checks a session plan: future start, end after start, a place or an https video link', () => {
    const s = initialConferenceStatus();
    const check = (session: SessionPlan) =>
      checkConferenceAction(s, { type: 'add-session', actor: officer, session }, facts, NOW)?.message ?? null;
    expect(check(plan(20))).toBeNull();
    expect(check(plan(-1))).toBe('session.startsAt: must be in the future');
    expect(check({ ...plan(20), endsAt: plan(20).startsAt })).toBe('session.endsAt: an ISO date-time after startsAt');
    expect(check(plan(20, { place: null }))).toBe('session: a place or a video link (or both)');
    expect(check(plan(20, { place: null, videoLink: 'http://meet.example/x' }))).toBe('session.videoLink: an https URL');
    expect(check(plan(20, { place: null, videoLink: 'https://meet.example/x' }))).toBeNull();
    expect(checkConferenceAction(s, { type: 'add-session', actor: rho, session: plan(20) }, facts, NOW)?.code).toBe('forbidden');
  });

  it('gives every convened municipality a pending answer, and a move asks everyone again with a higher sequence', () => {
    let s = withSession();
    expect(unanswered(s.sessions[0])).toEqual(['015146', '015182']);
    s = applyConferenceEvent(
      s,
      { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'confirmed', delegate: null, via: 'api' },
      facts,
      NOW,
    );
    expect(unanswered(s.sessions[0])).toEqual(['015146']);
    s = applyConferenceEvent(s, { type: 'move-session', actor: officer, sessionId: 's1', session: plan(22) }, facts, NOW);
    expect(s.sessions[0].sequence).toBe(1);
    expect(unanswered(s.sessions[0])).toEqual(['015146', '015182']);
  });

  it('keeps the answer given before a move visible beside the new pending one, through a second move too', () => {
    let s = withSession();
    const delegate = { name: 'Anna Bianchi', role: 'Assessora', email: 'anna@comune.rho.mi.it' };
    s = applyConferenceEvent(
      s,
      { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'delegated', delegate, via: 'link' },
      facts,
      NOW,
    );
    s = applyConferenceEvent(s, { type: 'move-session', actor: officer, sessionId: 's1', session: plan(22) }, facts, NOW + 1000);
    const moved = s.sessions[0].attendance;
    expect(moved['015182']).toMatchObject({
      answer: 'pending',
      delegate: null,
      previous: { answer: 'delegated', delegate, via: 'link', answeredBy: 'r', sequence: 0 },
    });
    expect(moved['015146'].previous).toBeNull();
    // Not answered again before the next move: the last answer given is still the one shown.
    s = applyConferenceEvent(s, { type: 'move-session', actor: officer, sessionId: 's1', session: plan(23) }, facts, NOW + 2000);
    expect(s.sessions[0].attendance['015182'].previous).toMatchObject({ answer: 'delegated', sequence: 0 });
  });

  it('takes one answer per invitation from a link, whatever channel answered first (workflows with the rule)', () => {
    const once: ConferenceFacts = { ...facts, linkAnswersOnce: true };
    let s = withSession();
    const byLink = (st: ConferenceStatus, f: ConferenceFacts) =>
      checkConferenceAction(
        st,
        { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'declined', delegate: null, via: 'link' },
        f,
        NOW,
      );
    expect(byLink(s, once)).toBeNull();
    s = applyConferenceEvent(
      s,
      { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'confirmed', delegate: null, via: 'api' },
      facts,
      NOW,
    );
    expect(byLink(s, once)).toMatchObject({ code: 'invalid-state' });
    expect(byLink(s, facts)).toBeNull();
    // A logged-in user or an officer may still change the answer.
    expect(
      checkConferenceAction(
        s,
        { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'declined', delegate: null, via: 'api' },
        once,
        NOW,
      ),
    ).toBeNull();
    // After a move the new invitation takes an answer again.
    s = applyConferenceEvent(s, { type: 'move-session', actor: officer, sessionId: 's1', session: plan(22) }, facts, NOW);
    expect(byLink(s, once)).toBeNull();
    // Answering the new invitation keeps the earlier answer in view.
    s = applyConferenceEvent(
      s,
      { type: 'answer-convocation', actor: rho, sessionId: 's1', istatCode: '015182', answer: 'declined', delegate: null, via: 'link' },
      facts,
      NOW,
    );
    expect(s.sessions[0].attendance['015182']).toMatchObject({
      answer: 'declined',
      via: 'link',
      previous: { answer: 'confirmed', via: 'api', sequence: 0 },
    });
  });

  it('answers only for a convened municipality, by its own users or an officer, before the session starts', () => {
    const s = withSession();
    const answer = (actor: Actor, istatCode: string, now = NOW) =>
      checkConferenceAction(
        s,
        { type: 'answer-convocation', actor, sessionId: 's1', istatCode, answer: 'confirmed', delegate: null, via: 'api' },
        facts,
        now,
      );
    expect(answer(rho, '015182')).toBeNull();
    expect(answer(officer, '015146')).toBeNull();
    expect(answer(rho, '015146')?.code).toBe('forbidden');
    expect(answer(rho, '015002')).toMatchObject({ code: 'invalid-input', message: 'istatCode: 015002 is not convened to this conference' });
    // Italian for the clerk who reads it, the field named as in the API.
    expect(answer(rho, '015002')?.text?.it).toBe('istatCode: il Comune 015002 non è convocato a questa conferenza');
    expect(answer(rho, '015182', NOW + 21 * DAY)?.code).toBe('invalid-state');
  });

  it('closes only after a held session, with agreement parties among the convened and at least two parties', () => {
    let s = withSession();
    const close = (st: ConferenceStatus, municipalities: string[], metropolitan = false) =>
      checkConferenceAction(
        st,
        {
          type: 'close',
          actor: officer,
          outcome: 'agreement-reached',
          reasons: 'intesa',
          agreement: { subject: 'Accordo', municipalities, metropolitanExternalities: metropolitan },
        },
        facts,
        NOW + 21 * DAY,
      );
    expect(close(s, ['015146', '015182'])?.code).toBe('invalid-state');
    s = applyConferenceEvent(s, { type: 'record-minutes', actor: officer, sessionId: 's1', documentId: 'v1' }, facts, NOW + 21 * DAY);
    expect(close(s, ['015146', '015182'])).toBeNull();
    expect(close(s, ['015146'])?.message).toBe('agreement.municipalities: an agreement needs at least two parties');
    expect(close(s, ['015146'], true)).toBeNull();
    expect(close(s, ['015146', '015002'])?.message).toBe('agreement.municipalities: 015002 not convened');
  });

  it('takes contributions until the term, then refuses them', () => {
    const s = { ...withSession(), contributionsDueAt: new Date(NOW + 35 * DAY).toISOString() };
    const contribute = (now: number) =>
      checkConferenceAction(s, { type: 'submit-contribution', actor: rho, istatCode: '015182', documentIds: ['d'], note: '' }, facts, now);
    expect(contribute(NOW + 35 * DAY)).toBeNull();
    expect(contribute(NOW + 35 * DAY + 1)?.code).toBe('invalid-state');
  });
});
