// The concertation conference on Temporal's time-skipping server: the real legal calendar
// computes every term and the convocation notice (through the activities, with an in-memory
// read model); the other side effects are typed fakes that record what the workflow asked for.
import {
  createConcertationConferenceActivities,
  type ConcertationConferenceActivityDeps,
} from '../../activities/concertation-conference.activities';
import { createDeadlineActivities } from '../../activities/deadlines.activities';
import {
  type CaseEventInput,
  type ConcertationConferenceInput,
  type ConcertationConferenceView,
  type SessionNoticeInput,
  type TerritorialAgreementInput,
  getTerritorialAgreementQuery,
  territorialAgreementWorkflowId,
  withdrawAgreementUpdate,
  addSessionUpdate,
  answerConvocationUpdate,
  cancelSessionUpdate,
  closeConferenceUpdate,
  getConferenceQuery,
  moveSessionUpdate,
  recordMinutesUpdate,
  submitContributionUpdate,
  withdrawConferenceUpdate,
} from '@cmm/contracts';
import type { Actor, SessionPlan } from '@cmm/domain';
import type { DeadlineRepository } from '@cmm/persistence';
import {
  createTimeSkippingEnv,
  recordHistoryIfAsked,
  recordingCaseActivities,
  startTimeSkippingWorker,
  uniqueTaskQueue,
  updateRefusalOf,
} from '@cmm/test-support';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MILANO = '015146';
const RHO = '015182';
const PERO = '015170';
const CONVENED = [MILANO, RHO, PERO];
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const mayorOf = (istatCode: string): Actor => ({
  subject: `sindaco-${istatCode}`,
  name: 'Segreteria del Sindaco',
  email: null,
  role: 'mayor_office',
  istatCode,
});
const linkOf = (istatCode: string): Actor => ({
  subject: `link:${istatCode}`,
  name: 'Collegamento di convocazione',
  email: null,
  role: 'mayor_office',
  istatCode,
});

describe('concertationConferenceWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let events: CaseEventInput[];
  let notices: { event: CaseEventInput; notices: SessionNoticeInput }[];
  let worker: Awaited<ReturnType<typeof startTimeSkippingWorker>>;
  let taskQueue: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(async () => {
    events = [];
    notices = [];
    taskQueue = uniqueTaskQueue('conference');
    const deadlines = { upsert: async () => undefined, setStatus: async () => undefined } as unknown as DeadlineRepository;
    // The notice check is the real one (legal calendar); registration and invitations are recorded.
    const real = createConcertationConferenceActivities({} as ConcertationConferenceActivityDeps);
    worker = await startTimeSkippingWorker(env, taskQueue, {
      ...createDeadlineActivities({ deadlines }),
      ...recordingCaseActivities(events),
      checkSessionNotice: real.checkSessionNotice,
      async registerConference() {
        return { reference: 'CC-2026-000001' };
      },
      // The agreement a closing conference starts runs on the same worker.
      async registerAgreement(input: TerritorialAgreementInput) {
        return { caseId: input.caseId, reference: 'AT-2026-000001', partyNames: { [MILANO]: 'Milano', [RHO]: 'Rho', [PERO]: 'Pero' } };
      },
      async recordSessionNotices(input: { event: CaseEventInput; notices: SessionNoticeInput }) {
        notices.push(input);
        events.push(input.event);
        return { seq: events.length };
      },
    });
  });

  afterEach(() => worker.stop());

  const plan = (startsInMs: number, from: number, place = 'Palazzo Isimbardi, sala Affreschi'): SessionPlan => ({
    startsAt: new Date(from + startsInMs).toISOString(),
    endsAt: new Date(from + startsInMs + 2 * HOUR).toISOString(),
    place,
    videoLink: null,
  });

  async function start(): Promise<{ handle: WorkflowHandle; t0: number }> {
    const t0 = await env.currentTimeMs();
    const caseId = crypto.randomUUID();
    const handle = await env.client.workflow.start('concertationConferenceWorkflow', {
      taskQueue,
      workflowId: `concertation-conference-${caseId}`,
      args: [
        {
          caseId,
          parentCaseId: null,
          notifyWorkflowId: null,
          istatCode: MILANO,
          subject: 'Variante PGT Milano — ambito ex scalo',
          agenda: 'Esame del bilancio delle diffusività territoriali; misure di compensazione',
          convened: CONVENED,
          firstSession: plan(20 * DAY, t0),
          startedBy: officer,
          startedAt: new Date(t0).toISOString(),
        } satisfies ConcertationConferenceInput,
      ],
    });
    await waitFor(handle, (v) => v.sessions.length === 1 && v.reference !== null);
    return { handle, t0 };
  }

  async function waitFor(handle: WorkflowHandle, ready: (v: ConcertationConferenceView) => boolean): Promise<ConcertationConferenceView> {
    for (let i = 0; i < 200; i++) {
      const view = await handle.query(getConferenceQuery);
      if (ready(view)) return view;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the workflow did not reach the expected view');
  }

  it('closes without agreement, with the reasons, and starts nothing', async () => {
    const { handle } = await start();
    await env.sleep(20 * DAY + 3 * HOUR);
    await handle.executeUpdate(recordMinutesUpdate, { args: [{ actor: officer, sessionId: 's1', documentId: 'verbale-1' }] });
    const refused = await updateRefusalOf(
      handle.executeUpdate(closeConferenceUpdate, {
        args: [
          {
            actor: officer,
            outcome: 'agreement-not-reached',
            reasons: 'x',
            agreement: { subject: 'x', municipalities: [MILANO, RHO], metropolitanExternalities: false },
          },
        ],
      }),
    );
    expect(refused.message).toBe('agreement: only when an agreement is reached');
    const closed = await handle.executeUpdate(closeConferenceUpdate, {
      args: [
        {
          actor: officer,
          outcome: 'agreement-not-reached',
          reasons: 'Pero non condivide le misure di compensazione proposte',
          agreement: null,
        },
      ],
    });
    expect(closed.state).toBe('agreement-not-reached');
    expect(await handle.result()).toMatchObject({
      outcome: 'agreement-not-reached',
      sessionsHeld: 1,
      agreementCaseId: null,
      reasons: 'Pero non condivide le misure di compensazione proposte',
    });
  });

  it('moves a session: a higher SEQUENCE, everyone re-invited and asked to answer again', async () => {
    const { handle, t0 } = await start();
    await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'confirmed', delegate: null, via: 'api' }],
    });
    const moved = await handle.executeUpdate(moveSessionUpdate, {
      args: [{ actor: officer, sessionId: 's1', session: plan(25 * DAY, t0, 'Palazzo Isimbardi, sala Consiglio') }],
    });
    expect(moved.sessions[0]).toMatchObject({
      sequence: 1,
      place: 'Palazzo Isimbardi, sala Consiglio',
      startsAt: new Date(t0 + 25 * DAY).toISOString(),
    });
    expect(moved.sessions[0].attendance[MILANO].answer).toBe('pending');
    expect(notices.map((n) => [n.notices.kind, n.notices.session.sequence, n.notices.municipalities])).toEqual([
      ['convocation', 0, CONVENED],
      ['update', 1, CONVENED],
    ]);
    const cancelled = await handle.executeUpdate(cancelSessionUpdate, {
      args: [{ actor: officer, sessionId: 's1', reason: 'Indisponibilità della sala' }],
    });
    expect(cancelled.sessions[0]).toMatchObject({ status: 'cancelled', sequence: 2 });
    expect(notices[2].notices).toMatchObject({ kind: 'cancellation', session: { sequence: 2 }, reason: 'Indisponibilità della sala' });
    expect(cancelled.contributionsTerm).toBeNull();
    await handle.executeUpdate(withdrawConferenceUpdate, { args: [{ actor: officer, reason: 'Il Comune ha ritirato la variante' }] });
    expect(await handle.result()).toMatchObject({ outcome: 'withdrawn' });
    await recordHistoryIfAsked(handle, 'concertation-conference', 'moved-cancelled-withdrawn.v1');
  });

  it('moves a session keeping earlier answers visible, sends the delegate the convocation and its update, and lets a link not overwrite an answer', async () => {
    const { handle, t0 } = await start();
    const delegate = { name: 'Anna Bianchi', role: 'Assessora all’urbanistica', email: 'anna.bianchi@comune.rho.mi.it' };
    await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: linkOf(RHO), sessionId: 's1', istatCode: RHO, answer: 'delegated', delegate, via: 'link' }],
    });
    const answered = events.find((e) => e.type === 'answer-convocation');
    // The delegate gets the convocation, with the session's calendar entry, at the delegate's own address.
    expect(answered?.notifications).toEqual([
      expect.objectContaining({
        templateId: 'conference-convocation',
        to: { addresses: [{ address: delegate.email, name: delegate.name }] },
        channel: 'email',
        data: expect.objectContaining({ delegateCopy: true, forIstatCode: RHO }),
        calendar: expect.objectContaining({ method: 'REQUEST', sequence: 0, start: new Date(t0 + 20 * DAY).toISOString() }),
      }),
    ]);
    // Milano answers through the API; its personal link then takes no second answer.
    await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'confirmed', delegate: null, via: 'api' }],
    });
    const overwrite = await updateRefusalOf(
      handle.executeUpdate(answerConvocationUpdate, {
        args: [{ actor: linkOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'declined', delegate: null, via: 'link' }],
      }),
    );
    expect(overwrite).toMatchObject({ code: 'invalid-state' });
    const moved = await handle.executeUpdate(moveSessionUpdate, {
      args: [{ actor: officer, sessionId: 's1', session: plan(24 * DAY, t0) }],
    });
    expect(moved.sessions[0].attendance[RHO]).toMatchObject({
      answer: 'pending',
      previous: { answer: 'delegated', delegate, via: 'link', sequence: 0 },
    });
    expect(moved.sessions[0].attendance[MILANO]).toMatchObject({
      answer: 'pending',
      previous: { answer: 'confirmed', via: 'api', sequence: 0 },
    });
    expect(moved.sessions[0].attendance[PERO].previous).toBeNull();
    // The update goes to every municipality; the activity reads the earlier answers (and the delegate to tell) from the session.
    const update = notices.find((n) => n.notices.kind === 'update');
    expect(update?.notices.session.attendance[RHO].previous?.delegate).toEqual(delegate);
    // A new invitation takes a new answer, from the link too.
    const again = await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: linkOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'declined', delegate: null, via: 'link' }],
    });
    expect(again.sessions[0].attendance[MILANO]).toMatchObject({ answer: 'declined', previous: { answer: 'confirmed' } });
    await handle.executeUpdate(withdrawConferenceUpdate, { args: [{ actor: officer, reason: 'Il Comune ha ritirato la variante' }] });
    expect(await handle.result()).toMatchObject({ outcome: 'withdrawn' });
    await recordHistoryIfAsked(handle, 'concertation-conference', 'moved-answers-kept-delegate.v1');
  });

  it('reminds the municipalities that have not answered, then alerts the officer when the answer term expires', async () => {
    const { handle } = await start();
    await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'confirmed', delegate: null, via: 'api' }],
    });
    const { answerTerm } = (await handle.query(getConferenceQuery)).sessions[0];
    const dueAt = Date.parse(answerTerm?.dueAt ?? '');
    await env.sleep(dueAt - (await env.currentTimeMs()) + 2 * DAY);
    const after = await waitFor(handle, (v) => v.sessions[0].attendance[RHO].overdue);
    expect(after.sessions[0].attendance[MILANO]).toMatchObject({ answer: 'confirmed', overdue: false });
    const reminders = events.filter((e) => e.type === 'deadline-reminder');
    expect(reminders.map((e) => e.payload.rung)).toEqual(['t-minus-2', 't0']);
    for (const reminder of reminders) expect(reminder.notifications?.[0].to).toEqual({ municipalities: [RHO, PERO] });
    const expired = events.find((e) => e.type === 'answer-term-expired');
    expect(expired).toMatchObject({
      payload: { unanswered: [RHO, PERO] },
      notifications: [expect.objectContaining({ to: 'officers', templateId: 'deadline-expired' })],
    });
    expect(events.some((e) => e.type === 'deadline-escalated')).toBe(true);
    // Late, but before the session: still taken.
    const late = await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(RHO), sessionId: 's1', istatCode: RHO, answer: 'confirmed', delegate: null, via: 'api' }],
    });
    expect(late.sessions[0].attendance[RHO]).toMatchObject({ answer: 'confirmed', overdue: false });
    await handle.executeUpdate(withdrawConferenceUpdate, { args: [{ actor: officer, reason: 'prova' }] });
  });

  it('refuses a session without the convocation notice, another municipality, a late answer and an early close', async () => {
    const { handle, t0 } = await start();
    const tooSoon = await updateRefusalOf(
      handle.executeUpdate(addSessionUpdate, { args: [{ actor: officer, session: plan(5 * DAY, t0) }] }),
    );
    expect(tooSoon).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(
        /^session\.startsAt: a session on that day must be convened by \d{4}-\d{2}-\d{2} \(10 days' notice, NdA PTM art\. 10/,
      ),
    });
    const foreign = await updateRefusalOf(
      handle.executeUpdate(answerConvocationUpdate, {
        args: [{ actor: mayorOf(RHO), sessionId: 's1', istatCode: MILANO, answer: 'confirmed', delegate: null, via: 'api' }],
      }),
    );
    expect(foreign.code).toBe('forbidden');
    const noDelegate = await updateRefusalOf(
      handle.executeUpdate(answerConvocationUpdate, {
        args: [{ actor: mayorOf(RHO), sessionId: 's1', istatCode: RHO, answer: 'delegated', delegate: null, via: 'api' }],
      }),
    );
    expect(noDelegate).toMatchObject({ code: 'invalid-input', message: 'delegate.name: required when naming a delegate' });
    const early = await updateRefusalOf(
      handle.executeUpdate(closeConferenceUpdate, {
        args: [{ actor: officer, outcome: 'agreement-not-reached', reasons: 'x', agreement: null }],
      }),
    );
    expect(early.code).toBe('invalid-state');
    const byMunicipality = await updateRefusalOf(
      handle.executeUpdate(withdrawConferenceUpdate, { args: [{ actor: mayorOf(MILANO), reason: 'x' }] }),
    );
    expect(byMunicipality.code).toBe('forbidden');

    await env.sleep(20 * DAY + HOUR);
    const late = await updateRefusalOf(
      handle.executeUpdate(answerConvocationUpdate, {
        args: [{ actor: mayorOf(PERO), sessionId: 's1', istatCode: PERO, answer: 'confirmed', delegate: null, via: 'api' }],
      }),
    );
    expect(late).toMatchObject({ code: 'invalid-state', message: 'session s1 has already started: answers are closed' });
    // Nothing refused reached the case.
    expect(events.map((e) => e.type)).not.toContain('answer-convocation');
    await handle.executeUpdate(withdrawConferenceUpdate, { args: [{ actor: officer, reason: 'prova' }] });
  });

  // Last on purpose: once the agreement child has ended after its parent, the Java test server
  // holds its clock for minutes (measured: a later env.sleep took 180 s instead of 1 s).
  it('convenes three municipalities, holds two sessions, takes contributions and closes with an agreement, which starts', async () => {
    const { handle, t0 } = await start();
    expect(notices[0].notices).toMatchObject({ kind: 'convocation', municipalities: CONVENED, session: { id: 's1', sequence: 0 } });
    const opened = await handle.query(getConferenceQuery);
    expect(opened.sessions[0].answerTerm).toMatchObject({ ruleId: 'concertation-conference.attendance-answer', status: 'running' });
    expect(opened.contributionsTerm).toMatchObject({ ruleId: 'concertation-conference.written-contributions' });

    await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(MILANO), sessionId: 's1', istatCode: MILANO, answer: 'confirmed', delegate: null, via: 'api' }],
    });
    await handle.executeUpdate(answerConvocationUpdate, {
      args: [
        {
          actor: linkOf(RHO),
          sessionId: 's1',
          istatCode: RHO,
          answer: 'delegated',
          delegate: { name: 'Arch. Luisa Verdi', role: 'Assessora all’urbanistica', email: 'l.verdi@comune.rho.test' },
          via: 'link',
        },
      ],
    });
    const answered = await handle.executeUpdate(answerConvocationUpdate, {
      args: [{ actor: mayorOf(PERO), sessionId: 's1', istatCode: PERO, answer: 'declined', delegate: null, via: 'api' }],
    });
    expect(answered.sessions[0].attendance[RHO]).toMatchObject({
      answer: 'delegated',
      via: 'link',
      delegate: { name: 'Arch. Luisa Verdi' },
    });
    // Everyone answered: the answer term is met, no reminder will go out for it.
    expect(answered.sessions[0].answerTerm).toBeNull();

    const second = await handle.executeUpdate(addSessionUpdate, { args: [{ actor: officer, session: plan(40 * DAY, t0) }] });
    expect(second.sessions.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(notices[1].notices).toMatchObject({ kind: 'convocation', session: { id: 's2', sequence: 0 } });
    // The contributions term now counts from the second session.
    expect(Date.parse(second.contributionsTerm?.dueAt ?? '')).toBeGreaterThan(t0 + 40 * DAY);

    await env.sleep(20 * DAY + 3 * HOUR);
    await handle.executeUpdate(recordMinutesUpdate, { args: [{ actor: officer, sessionId: 's1', documentId: 'verbale-1' }] });
    await handle.executeUpdate(submitContributionUpdate, {
      args: [{ actor: mayorOf(PERO), istatCode: PERO, documentIds: ['contributo-pero'], note: 'Richiesta di mitigazione del traffico' }],
    });
    await env.sleep(20 * DAY);
    await handle.executeUpdate(recordMinutesUpdate, { args: [{ actor: officer, sessionId: 's2', documentId: 'verbale-2' }] });
    const agreement = {
      subject: 'Accordo territoriale per l’ambito ex scalo',
      municipalities: [MILANO, RHO],
      metropolitanExternalities: true,
    };
    const outsider = await updateRefusalOf(
      handle.executeUpdate(closeConferenceUpdate, {
        args: [
          {
            actor: officer,
            outcome: 'agreement-reached',
            reasons: 'Intesa',
            agreement: { ...agreement, municipalities: [MILANO, '015002'] },
          },
        ],
      }),
    );
    expect(outsider).toMatchObject({ code: 'invalid-input', message: 'agreement.municipalities: 015002 not convened' });
    const closed = await handle.executeUpdate(closeConferenceUpdate, {
      args: [
        {
          actor: officer,
          outcome: 'agreement-reached',
          reasons: 'Intesa su compensazioni e contributo al Fondo; Pero non aderisce',
          agreement,
        },
      ],
    });
    expect(closed.state).toBe('agreement-reached');
    expect(closed.outcome?.agreementCaseId).toEqual(expect.any(String));
    // The agreement runs on its own, as a child the conference leaves behind when it closes. It is
    // looked at and withdrawn before the conference's result is awaited: awaiting a result lets the
    // test server skip time, and a child waiting for signatures has no timer but its run timeout.
    const child = env.client.workflow.getHandle(territorialAgreementWorkflowId(closed.outcome?.agreementCaseId as string));
    let started = null;
    for (let i = 0; i < 200 && !started; i++) {
      started = await child.query(getTerritorialAgreementQuery).catch(() => null);
      if (!started) await new Promise((r) => setTimeout(r, 25));
    }
    expect(started).toMatchObject({
      state: 'drafting',
      parentCaseId: expect.any(String),
      parties: [{ party: MILANO }, { party: RHO }, { party: 'cmm' }],
    });
    await child.executeUpdate(withdrawAgreementUpdate, { args: [{ actor: officer, reason: 'fine della prova' }] });
    // Run to its end here: a workflow left with work queued for this test's worker would hold the
    // test server's clock for the tests after it.
    expect((await child.result()).outcome).toBe('withdrawn');
    const result = await handle.result();
    expect(result).toMatchObject({
      outcome: 'agreement-reached',
      sessionsHeld: 2,
      contributions: 1,
      agreementCaseId: closed.outcome?.agreementCaseId,
    });
    const closing = events.find((e) => e.type === 'close');
    expect(closing).toMatchObject({
      closed: true,
      payload: { agreementCaseId: result.agreementCaseId },
      notifications: [expect.objectContaining({ templateId: 'case-closed', to: 'parties' })],
    });
    await recordHistoryIfAsked(handle, 'concertation-conference', 'two-sessions-agreement.v2');
  });
});
