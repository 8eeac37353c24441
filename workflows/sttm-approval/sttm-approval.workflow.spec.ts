// The STTM approval and its VAS-screening child on Temporal's time-skipping server: the real
// legal calendar computes every date (deadline activities and the STTM schedule activity),
// the database side effects are typed fakes that record what the workflows asked for.
import { createDeadlineActivities } from '../../activities/deadlines.activities';
import { plannability, sttmSchedule, validAdoptionRange } from '../../activities/sttm-approval.activities';
import {
  type CaseEventInput,
  type SttmApprovalActivities,
  type SttmApprovalInput,
  type SttmApprovalView,
  type SttmRegistration,
  adoptSttmUpdate,
  approveFinalUpdate,
  approvePreliminaryUpdate,
  awaitSttmRegistrationUpdate,
  convokeConferenzaUpdate,
  decideVasUpdate,
  getSttmApprovalQuery,
  getVasScreeningQuery,
  holdConferenzaUpdate,
  makeProposalAvailableUpdate,
  planAdoptionUpdate,
  publishAdoptionUpdate,
  publishBurlNoticeUpdate,
  cancelSttmUpdate,
  publishApprovalUpdate,
  recordControdeduzioneUpdate,
  recordObservationUpdate,
  recordParticipationUpdate,
  recordSttmOpinionUpdate,
  recordVasOpinionUpdate,
  recordVasStepUpdate,
  vasScreeningWorkflowId,
} from '@cmm/contracts';
import type { Actor, SttmAct } from '@cmm/domain';
import { formatCivilDate, nextWorkingDayOnOrAfter, parseCivilDate, romeDayOf } from '@cmm/legal-calendar';
import type { DeadlineRepository } from '@cmm/persistence';
import {
  createTimeSkippingEnv,
  recordHistoryIfAsked,
  recordingCaseActivities,
  startTimeSkippingWorker,
  uniqueTaskQueue,
  updateRefusalOf,
  updateRefusalWithStateOf,
} from '@cmm/test-support';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 86_400_000;
const officer: Actor = { subject: 'officer-1', name: 'Funzionaria', email: 'funzionaria@cmm.test', role: 'officer', istatCode: null };
const manager: Actor = { subject: 'manager-1', name: 'Dirigente', email: 'dirigente@cmm.test', role: 'manager', istatCode: null };
const comune: Actor = { subject: 'comune-015146', name: 'UT', email: null, role: 'comune', istatCode: '015146' };

const plus = (date: string, days: number) => formatCivilDate(parseCivilDate(date) + days);
const italian = (date: string) => date.split('-').reverse().join('/');
const act = (type: SttmAct['type'], number: string, date: string): SttmAct => ({ type, number, date, documentId: null });

describe('sttmApprovalWorkflow with the vasScreeningWorkflow child', () => {
  let env: TestWorkflowEnvironment;
  let events: CaseEventInput[];
  /** `ruleId:status` of every deadline closed, in order. */
  let closed: string[];
  const sttmClosed = () => closed.filter((entry) => !entry.startsWith('vas-screening.'));
  let inbound: string[];
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
    inbound = [];
    closed = [];
    taskQueue = uniqueTaskQueue('sttm');
    const ruleOf = new Map<string, string>();
    const deadlines = {
      upsert: async (row: { id: string; ruleId: string }) => void ruleOf.set(row.id, row.ruleId),
      setStatus: async (id: string, status: string) => void closed.push(`${ruleOf.get(id)}:${status}`),
    } as unknown as DeadlineRepository;
    const sttmActivities: SttmApprovalActivities = {
      async registerSttm(input) {
        return { caseId: input.caseId, reference: `STTM-2026-00000${input.sttmNumber}`, protocolNumber: '2026/0000001' };
      },
      async computeSttmSchedule(request) {
        return {
          schedule: sttmSchedule(request.adoptionDate, request.halved),
          validAdoption: validAdoptionRange(request),
          ...plannability(request),
        };
      },
      async registerInbound(input) {
        inbound.push(input.correspondent);
        return { protocolNumber: `2026/${String(1000 + inbound.length).padStart(7, '0')}` };
      },
    };
    // Each outbound act gets its own protocol number, as the registry would give.
    const outboundProtocolNumber = (eventCount: number) => `2026/${String(eventCount).padStart(7, '0')}`;
    worker = await startTimeSkippingWorker(env, taskQueue, {
      ...createDeadlineActivities({ deadlines }),
      ...recordingCaseActivities(events, outboundProtocolNumber),
      ...sttmActivities,
    });
  });

  afterEach(() => worker.stop());

  const today = async () => formatCivilDate(romeDayOf(await env.currentTimeMs()));

  async function start(
    overrides: Partial<SttmApprovalInput> = {},
  ): Promise<{ handle: WorkflowHandle; vas: WorkflowHandle; registration: SttmRegistration }> {
    const caseId = crypto.randomUUID();
    const workflowId = `sttm-approval-${caseId}`;
    const handle = await env.client.workflow.start('sttmApprovalWorkflow', {
      taskQueue,
      workflowId,
      args: [
        {
          caseId,
          sttmNumber: 1,
          title: 'Rigenerazione urbana e territoriale',
          halvedTerms: true,
          avvio: act('decree', '77', await today()),
          startedBy: officer,
          startedAt: new Date(await env.currentTimeMs()).toISOString(),
          ...overrides,
        } satisfies SttmApprovalInput,
      ],
    });
    const registration = await handle.executeUpdate(awaitSttmRegistrationUpdate);
    return { handle, vas: env.client.workflow.getHandle(vasScreeningWorkflowId(workflowId)), registration };
  }

  async function screenVas(vas: WorkflowHandle, on: string, outcome: 'excluded' | 'subjected') {
    await vas.executeUpdate(recordVasStepUpdate, { args: [{ actor: officer, step: 'sivas-deposit', act: act('notice', 'SIVAS-1', on) }] });
    await vas.executeUpdate(recordVasStepUpdate, { args: [{ actor: officer, step: 'authorities-notice', act: act('notice', '12', on) }] });
    await vas.executeUpdate(recordVasStepUpdate, { args: [{ actor: officer, step: 'vinca-request', act: act('notice', '13', on) }] });
    await vas.executeUpdate(recordVasOpinionUpdate, {
      args: [{ actor: officer, from: 'ARPA Lombardia', text: 'Nessun effetto significativo', documentIds: [], receivedOn: on }],
    });
    await vas.executeUpdate(recordVasStepUpdate, {
      args: [{ actor: officer, step: 'conferenza-di-verifica', act: act('minutes', 'V-1', on) }],
    });
    return vas.executeUpdate(decideVasUpdate, {
      args: [
        {
          actor: manager,
          outcome,
          act: act('decree', outcome === 'excluded' ? '150' : '151', on),
          reasons: outcome === 'subjected' ? 'Effetti significativi sui siti Natura 2000' : '',
        },
      ],
    });
  }

  const waitForVas = async (handle: WorkflowHandle, expected: string) => {
    for (let i = 0; i < 50; i++) {
      const view: SttmApprovalView = await handle.query(getSttmApprovalQuery);
      if (view.vas === expected) return view;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`VAS outcome ${expected} never reached the parent`);
  };

  it('runs the whole iter of STTM 1 with halved terms, from the avvio to the entry into force', async () => {
    const { handle, vas, registration } = await start();
    expect(registration.reference).toBe('STTM-2026-000001');
    const day0 = await today();
    const adoption = plus(day0, 70);
    const expected = sttmSchedule(adoption, true);

    const planned = await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: adoption }] });
    expect(planned).toMatchObject({ halvedTerms: true, state: 'participation', schedule: expected });
    // Halved: 45 days before the adoption (back to a working day), window of the 30 days before it.
    expect(expected.availabilityLatest <= plus(adoption, -45)).toBe(true);
    expect(expected.conferenzaFrom >= plus(adoption, -30)).toBe(true);
    expect(planned.availabilityTerm).toMatchObject({
      ruleId: 'sttm-approval.proposal-availability',
      dueDate: expected.availabilityLatest,
      status: 'running',
    });
    // The planned steps are tracked too: the conferenza by the day before the adoption, the adoption on its date (not halved).
    expect(planned.conferenzaTerm).toMatchObject({ ruleId: 'sttm-approval.conferenza-istruttoria-before-adoption', status: 'running' });
    expect(planned.conferenzaTerm!.dueDate! <= plus(adoption, -1) && planned.conferenzaTerm!.dueDate! >= plus(adoption, -4)).toBe(true);
    expect(planned.adoptionTerm).toMatchObject({ ruleId: 'sttm-approval.planned-adoption', dueDate: adoption, status: 'running' });

    await handle.executeUpdate(recordParticipationUpdate, {
      args: [{ actor: officer, kind: 'kick-off', title: 'Kick off meeting', date: day0, documentIds: [] }],
    });
    await handle.executeUpdate(approvePreliminaryUpdate, { args: [{ actor: officer, act: act('decree', '200', day0) }] });
    // The proposal goes out only after the VAS screening excluded the STTM from VAS.
    expect(
      await updateRefusalOf(
        handle.executeUpdate(makeProposalAvailableUpdate, { args: [{ actor: officer, act: act('notice', '1', day0) }] }),
      ),
    ).toMatchObject({
      code: 'invalid-state',
      message: expect.stringMatching(/VAS screening is not concluded/),
    });
    expect(
      await updateRefusalOf(
        vas.executeUpdate(decideVasUpdate, { args: [{ actor: officer, outcome: 'excluded', act: act('decree', '1', day0), reasons: '' }] }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    const decided = await screenVas(vas, day0, 'excluded');
    expect(decided).toMatchObject({
      state: 'excluded',
      opinionsTerm: { ruleId: 'vas-screening.opinions' },
      decisionTerm: { ruleId: 'vas-screening.decision' },
    });
    await waitForVas(handle, 'excluded');
    const screening = await vas.query(getVasScreeningQuery);
    expect(Object.keys(screening.steps)).toEqual(['sivas-deposit', 'authorities-notice', 'vinca-request', 'conferenza-di-verifica']);
    expect(screening.opinions).toEqual([{ from: 'ARPA Lombardia', receivedOn: day0, late: false }]);

    await handle.executeUpdate(makeProposalAvailableUpdate, { args: [{ actor: officer, act: act('notice', '2', day0) }] });
    const convened = await handle.executeUpdate(convokeConferenzaUpdate, {
      args: [{ actor: officer, meetingDate: expected.conferenzaFrom, act: act('notice', '3', day0) }],
    });
    expect(convened.state).toBe('conferenza-convened');
    expect(events.find((e) => e.type === 'convoke-conferenza')?.notifications?.[0]).toMatchObject({
      templateId: 'conferenza-istruttoria-invitation',
      to: 'all-municipalities',
      channel: 'pec',
      data: { availableOn: day0, legalSource: 'NdA PTM art. 7bis c.4', session: { date: expected.conferenzaFrom } },
    });
    await handle.executeUpdate(holdConferenzaUpdate, { args: [{ actor: officer, act: act('minutes', 'CI-1', expected.conferenzaFrom) }] });
    await handle.executeUpdate(recordSttmOpinionUpdate, {
      args: [{ actor: officer, from: 'Comune di Milano', text: 'Parere favorevole', documentIds: [], receivedOn: expected.conferenzaFrom }],
    });
    const adopted = await handle.executeUpdate(adoptSttmUpdate, { args: [{ actor: officer, act: act('resolution', '47', adoption) }] });
    expect(adopted).toMatchObject({ state: 'adopted', adoptedOn: adoption });
    const published = await handle.executeUpdate(publishAdoptionUpdate, {
      args: [{ actor: officer, act: act('notice', 'ALBO-1', plus(adoption, 1)) }],
    });
    expect(published).toMatchObject({ state: 'osservazioni', osservazioniTerm: { ruleId: 'sttm-approval.osservazioni' } });
    const osservazioniDue = published.osservazioniTerm!.dueDate!;
    // Halved: 30 days from the publication (the office calendar may move the end later).
    expect(osservazioniDue >= plus(adoption, 31)).toBe(true);

    const observed = await handle.executeUpdate(recordObservationUpdate, {
      args: [
        {
          actor: officer,
          from: 'Legambiente Lombardia',
          text: 'Estendere la rete ecologica',
          documentIds: ['doc-1'],
          receivedOn: plus(adoption, 10),
        },
      ],
    });
    expect(observed.observations).toEqual([expect.objectContaining({ id: 'OSS-1', from: 'Legambiente Lombardia', controdeduzione: null })]);
    expect(
      await updateRefusalOf(
        handle.executeUpdate(approveFinalUpdate, { args: [{ actor: officer, act: act('resolution', '5', osservazioniDue) }] }),
      ),
    ).toMatchObject({
      code: 'invalid-state',
    });

    // The period closes on its own at the end of its last day.
    await env.sleep(Date.parse(published.osservazioniTerm!.dueAt!) - (await env.currentTimeMs()) + DAY);
    expect((await handle.query(getSttmApprovalQuery)).state).toBe('controdeduzioni');
    const missing = await updateRefusalWithStateOf(
      handle.executeUpdate(approveFinalUpdate, { args: [{ actor: officer, act: act('resolution', '5', plus(osservazioniDue, 2)) }] }),
    );
    expect(missing.text?.it).toMatch(/controdeduzioni mancanti per le osservazioni: OSS-1/);
    expect(missing.message).toMatch(/controdeduzioni missing for the observations: OSS-1/);
    await handle.executeUpdate(recordControdeduzioneUpdate, {
      args: [{ actor: officer, observationId: 'OSS-1', outcome: 'parzialmente-accolta', text: 'Recepita per i corridoi' }],
    });
    await handle.executeUpdate(approveFinalUpdate, { args: [{ actor: officer, act: act('resolution', '5', plus(osservazioniDue, 2)) }] });
    await handle.executeUpdate(publishApprovalUpdate, {
      args: [{ actor: officer, act: act('notice', 'ALBO-2', plus(osservazioniDue, 3)) }],
    });
    const result: SttmApprovalView = await handle.result();
    expect(result).toMatchObject({ state: 'in-force', outcome: { kind: 'in-force', since: plus(osservazioniDue, 3) } });
    // Both publications at the albo pretorio are tracked for their 15 days (the posting day is the first, TUEL art. 124) and met when they end.
    expect(result.publicationTerms).toEqual([
      expect.objectContaining({ ruleId: 'public-notice-board.publication', dueDate: plus(adoption, 15) }),
      expect.objectContaining({ ruleId: 'public-notice-board.publication', dueDate: plus(osservazioniDue, 17) }),
    ]);
    expect(sttmClosed()).toEqual([
      'sttm-approval.proposal-availability:met',
      'sttm-approval.conferenza-istruttoria-before-adoption:met',
      'sttm-approval.planned-adoption:met',
      'public-notice-board.publication:met',
      'sttm-approval.osservazioni:met',
      'public-notice-board.publication:met',
    ]);
    expect(result.acts.map((a) => a.step)).toEqual([
      'avvio',
      'approve-preliminary',
      'make-available',
      'convoke-conferenza',
      'hold-conferenza',
      'adopt',
      'publish-adoption',
      'approve-final',
      'publish-approval',
    ]);
    expect(result.acts.slice(1).every((a) => a.protocolNumber !== null)).toBe(true);
    expect(inbound).toEqual(['ARPA Lombardia', 'Comune di Milano', 'Legambiente Lombardia']);
    expect(events.filter((e) => e.type.startsWith('vas-')).map((e) => e.type)).toEqual([
      'vas-screening-started',
      'vas-record-step',
      'vas-record-step',
      'vas-record-step',
      'vas-record-opinion',
      'vas-record-step',
      'vas-decide',
      'vas-concluded',
    ]);
    expect(events[events.length - 1]).toMatchObject({ type: 'publish-approval', state: 'in-force', closed: true });
    await recordHistoryIfAsked(handle, 'sttm-approval', 'halved-whole-iter.v1');
    await recordHistoryIfAsked(vas, 'vas-screening', 'excluded.v1');
  });

  it('runs a later STTM with full terms and refuses dates outside the 90/60-day constraints, giving the valid ones', async () => {
    const { handle, vas } = await start({ sttmNumber: 4, halvedTerms: false, title: 'Logistica metropolitana' });
    const day0 = await today();
    const adoption = plus(day0, 150);
    const expected = sttmSchedule(adoption, false);
    expect(expected.availabilityLatest <= plus(adoption, -90)).toBe(true);
    expect(expected.conferenzaFrom >= plus(adoption, -60)).toBe(true);
    // A re-planned adoption cancels the deadlines of the old plan and starts new ones.
    await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: plus(adoption, 7) }] });
    const replanned = await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: adoption }] });
    expect(replanned.adoptionTerm).toMatchObject({ deadlineId: expect.stringMatching(/\/planned-adoption\/2$/), dueDate: adoption });
    expect(replanned.conferenzaTerm).toMatchObject({ deadlineId: expect.stringMatching(/\/conferenza-istruttoria\/2$/) });
    expect(sttmClosed()).toEqual([
      'sttm-approval.conferenza-istruttoria-before-adoption:cancelled',
      'sttm-approval.planned-adoption:cancelled',
    ]);
    await handle.executeUpdate(approvePreliminaryUpdate, { args: [{ actor: manager, act: act('decree', '300', day0) }] });
    await screenVas(vas, day0, 'excluded');
    await waitForVas(handle, 'excluded');

    expect(
      await updateRefusalOf(handle.executeUpdate(approvePreliminaryUpdate, { args: [{ actor: comune, act: act('decree', '1', day0) }] })),
    ).toMatchObject({ code: 'forbidden' });
    const late = await updateRefusalWithStateOf(
      handle.executeUpdate(makeProposalAvailableUpdate, {
        args: [{ actor: officer, act: act('notice', '4', plus(expected.availabilityLatest, 1)) }],
      }),
    );
    expect(late).toMatchObject({ code: 'invalid-input' });
    expect(late.text?.it).toContain(`l'ultimo giorno utile è il ${italian(expected.availabilityLatest)}`);
    expect(late.message).toContain(`the last possible day is ${expected.availabilityLatest}`);
    await handle.executeUpdate(makeProposalAvailableUpdate, { args: [{ actor: officer, act: act('notice', '4', day0) }] });

    const outside = await updateRefusalWithStateOf(
      handle.executeUpdate(convokeConferenzaUpdate, {
        args: [{ actor: officer, meetingDate: plus(expected.conferenzaFrom, -1), act: act('notice', '5', day0) }],
      }),
    );
    expect(outside.text?.it).toContain(`dal ${italian(expected.conferenzaFrom)} al ${italian(expected.conferenzaTo)}`);
    expect(outside.message).toContain(`from ${expected.conferenzaFrom} to ${expected.conferenzaTo}`);
    // A working day: the conferenza window's first day (adoption − 60) moves forward when it is not one,
    // so only a meeting on a working day allows the adoption sixty days later.
    const meeting = formatCivilDate(
      nextWorkingDayOnOrAfter(parseCivilDate(plus(expected.conferenzaFrom, 5)), { calendar: 'national', saturdayNonWorking: false }),
    );
    await handle.executeUpdate(convokeConferenzaUpdate, {
      args: [{ actor: officer, meetingDate: meeting, act: act('notice', '5', day0) }],
    });
    await handle.executeUpdate(holdConferenzaUpdate, { args: [{ actor: officer, act: act('minutes', 'CI-1', meeting) }] });

    // An adoption earlier than the recorded availability allows is refused with the valid range.
    const range = validAdoptionRange({ adoptionDate: adoption, halved: false, availableOn: day0, conferenzaOn: meeting })!;
    expect(range.from >= plus(day0, 90)).toBe(true);
    expect(range.to! >= plus(meeting, 60)).toBe(true);
    const early = await updateRefusalWithStateOf(
      handle.executeUpdate(adoptSttmUpdate, { args: [{ actor: officer, act: act('resolution', '10', plus(range.from, -1)) }] }),
    );
    expect(early).toMatchObject({ code: 'invalid-input' });
    expect(early.text?.it).toContain(`date di adozione ammesse: dal ${italian(range.from)} al ${italian(range.to!)}`);
    expect(early.message).toContain(`valid adoption dates: from ${range.from} to ${range.to!}`);
    const tooLate = await updateRefusalWithStateOf(
      handle.executeUpdate(adoptSttmUpdate, { args: [{ actor: officer, act: act('resolution', '10', plus(range.to!, 1)) }] }),
    );
    expect(tooLate.text?.it).toMatch(/fuori dalla finestra/);
    // A re-planned adoption date that the recorded dates cannot support is refused too.
    expect(
      (
        await updateRefusalWithStateOf(
          handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: plus(range.from, -1) }] }),
        )
      ).text?.it,
    ).toMatch(/date di adozione ammesse/);

    // The first valid day, though not the planned one, is accepted (the handler asked the calendar).
    const adopted = await handle.executeUpdate(adoptSttmUpdate, { args: [{ actor: officer, act: act('resolution', '10', range.from) }] });
    expect(adopted).toMatchObject({ state: 'adopted', adoptedOn: range.from });
    expect(events.find((e) => e.type === 'adopt')?.payload.schedule).toEqual(sttmSchedule(range.from, false));

    const published = await handle.executeUpdate(publishAdoptionUpdate, {
      args: [{ actor: officer, act: act('notice', 'ALBO-7', plus(range.from, 2)) }],
    });
    // Full terms: 60 days of osservazioni.
    expect(published.osservazioniTerm!.dueDate! >= plus(range.from, 62)).toBe(true);
    await env.sleep(Date.parse(published.osservazioniTerm!.dueAt!) - (await env.currentTimeMs()) + DAY);
    await handle.executeUpdate(approveFinalUpdate, {
      args: [{ actor: officer, act: act('resolution', '20', plus(published.osservazioniTerm!.dueDate!, 5)) }],
    });
    await handle.executeUpdate(publishApprovalUpdate, {
      args: [{ actor: officer, act: act('notice', 'ALBO-8', plus(published.osservazioniTerm!.dueDate!, 6)) }],
    });
    expect((await handle.result()).state).toBe('in-force');
    await recordHistoryIfAsked(handle, 'sttm-approval', 'full-terms-with-refusals.v1');
  });

  it('under the BURL trigger opens the osservazioni on the BURL notice, not on the albo publication', async () => {
    const { handle, vas } = await start({ sttmNumber: 2, osservazioniTrigger: 'burl-notice' });
    const day0 = await today();
    const adoption = plus(day0, 70);
    const expected = sttmSchedule(adoption, true);
    await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: adoption }] });
    await handle.executeUpdate(approvePreliminaryUpdate, { args: [{ actor: officer, act: act('decree', '210', day0) }] });
    await screenVas(vas, day0, 'excluded');
    await waitForVas(handle, 'excluded');
    await handle.executeUpdate(makeProposalAvailableUpdate, { args: [{ actor: officer, act: act('notice', '2', day0) }] });
    await handle.executeUpdate(convokeConferenzaUpdate, {
      args: [{ actor: officer, meetingDate: expected.conferenzaFrom, act: act('notice', '3', day0) }],
    });
    await handle.executeUpdate(holdConferenzaUpdate, { args: [{ actor: officer, act: act('minutes', 'CI-2', expected.conferenzaFrom) }] });
    await handle.executeUpdate(adoptSttmUpdate, { args: [{ actor: officer, act: act('resolution', '48', adoption) }] });

    const albo = plus(adoption, 1);
    const published = await handle.executeUpdate(publishAdoptionUpdate, { args: [{ actor: officer, act: act('notice', 'ALBO-3', albo) }] });
    // The albo's own 15 days run; the osservazioni wait for the BURL notice, and no observation is taken before it.
    expect(published).toMatchObject({ osservazioniTrigger: 'burl-notice', state: 'adoption-published', osservazioniTerm: null });
    expect(published.publicationTerms).toEqual([expect.objectContaining({ ruleId: 'public-notice-board.publication' })]);
    const early = await updateRefusalOf(
      handle.executeUpdate(recordObservationUpdate, {
        args: [{ actor: officer, from: 'A', text: 't', documentIds: [], receivedOn: albo }],
      }),
    );
    expect(early).toMatchObject({ code: 'invalid-state' });
    const beforeAlbo = await updateRefusalWithStateOf(
      handle.executeUpdate(publishBurlNoticeUpdate, { args: [{ actor: officer, act: act('notice', 'BURL-1', adoption) }] }),
    );
    expect(beforeAlbo.text?.it).toContain(`non può precedere la pubblicazione all'albo pretorio del ${italian(albo)}`);

    const burl = plus(adoption, 8);
    const opened = await handle.executeUpdate(publishBurlNoticeUpdate, { args: [{ actor: officer, act: act('notice', 'BURL-1', burl) }] });
    expect(opened).toMatchObject({ state: 'osservazioni', osservazioniTerm: { ruleId: 'sttm-approval.osservazioni', status: 'running' } });
    // Halved: 30 days from the BURL notice, not from the albo (the office calendar may move the end later).
    expect(opened.osservazioniTerm!.dueDate! >= plus(burl, 30)).toBe(true);
    expect(events.find((e) => e.type === 'publish-burl-notice')?.payload).toMatchObject({
      osservazioniDueDate: opened.osservazioniTerm!.dueDate,
      act: { number: 'BURL-1' },
    });
    expect(opened.acts.map((a) => a.step).slice(-2)).toEqual(['publish-adoption', 'publish-burl-notice']);

    await handle.executeUpdate(cancelSttmUpdate, { args: [{ actor: manager, reason: 'Prova del solo avvio delle osservazioni' }] });
    expect((await handle.result()).state).toBe('cancelled');
    expect(sttmClosed()).toContain('sttm-approval.osservazioni:cancelled');
    await recordHistoryIfAsked(handle, 'sttm-approval', 'osservazioni-from-burl-notice.v1');
  });

  it('refuses a plan whose availability deadline has passed, records it only as a plan of the past, with one reminder per overdue term', async () => {
    const { handle } = await start({ sttmNumber: 3 });
    const day0 = await today();
    // Halved: the proposal must be available 45 days before the adoption; 20 days ahead it is too late.
    const tooLate = plus(day0, 20);
    const refused = await updateRefusalWithStateOf(
      handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: tooLate }] }),
    );
    expect(refused.code).toBe('invalid-input');
    expect(refused.message).toMatch(/^adoptionDate: the proposal had to be made available by \d{4}-\d{2}-\d{2} .*has passed/);
    // The first adoption date the calendar still allows, named in Italian with the refusal.
    const earliest = plannability({
      adoptionDate: tooLate,
      halved: true,
      at: new Date(await env.currentTimeMs()).toISOString(),
    }).earliestPlannable!;
    expect(sttmSchedule(earliest, true).availabilityLatest >= day0).toBe(true);
    expect(sttmSchedule(plus(earliest, -1), true).availabilityLatest < day0).toBe(true);
    expect(refused.text?.it).toMatch(/^adoptionDate: la proposta doveva essere messa a disposizione entro il /);
    expect(refused.text?.it).toContain(`date di adozione ammesse: dal ${earliest.split('-').reverse().join('/')}`);
    expect(refused.message).toContain(`valid adoption dates: from ${earliest}`);
    expect(events.map((e) => e.type)).not.toContain('plan-adoption');

    // Recorded explicitly as a plan of the past: accepted, and its overdue availability term sends one reminder, not four.
    const recorded = await handle.executeUpdate(planAdoptionUpdate, {
      args: [{ actor: officer, adoptionDate: tooLate, recordedAfterTheFact: true }],
    });
    expect(recorded.availabilityTerm!.dueDate! < day0).toBe(true);
    await env.sleep(60_000);
    const availabilityRungs = events.filter(
      (e) =>
        ['deadline-reminder', 'deadline-escalated'].includes(e.type) && String(e.payload.deadlineId).endsWith('/proposal-availability'),
    );
    expect(availabilityRungs).toHaveLength(1);
    expect(availabilityRungs[0]).toMatchObject({
      type: 'deadline-escalated',
      payload: { rung: 't-plus-1', superseded: ['t-minus-7', 't-minus-2', 't0'] },
    });
    expect(availabilityRungs[0].notifications).toHaveLength(1);

    // One date: the conferenza window closes on the day the calendar gives the tracked term (a Sunday eve moves it to the Saturday).
    let monday = plus(day0, 120);
    while (new Date(`${monday}T12:00:00Z`).getUTCDay() !== 1) monday = plus(monday, 1);
    const replanned = await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: monday }] });
    expect(replanned.schedule!.conferenzaTo).toBe(replanned.conferenzaTerm!.dueDate);
    expect(replanned.schedule!.conferenzaTo < plus(monday, -1)).toBe(true);
    await recordHistoryIfAsked(handle, 'sttm-approval', 'impossible-plan-then-past-plan.v1');
  });

  it('reminds the officers before the availability deadline, escalates when it passes, and stops the iter when VAS is required', async () => {
    const { handle, vas } = await start({ sttmNumber: 2 });
    const day0 = await today();
    const planned = await handle.executeUpdate(planAdoptionUpdate, { args: [{ actor: officer, adoptionDate: plus(day0, 60) }] });
    const term = planned.availabilityTerm!;
    await env.sleep(Date.parse(term.dueAt!) - (await env.currentTimeMs()) + 2 * DAY);
    const rungs = events
      .filter((e) => e.type === 'deadline-reminder' || e.type === 'deadline-escalated')
      .map((e) => `${e.type}:${e.payload.rung}`);
    expect(rungs).toEqual([
      'deadline-reminder:t-minus-7',
      'deadline-reminder:t-minus-2',
      'deadline-reminder:t0',
      'deadline-escalated:t-plus-1',
    ]);
    expect(events.find((e) => e.type === 'deadline-escalated')?.notifications?.[0]).toMatchObject({
      templateId: 'deadline-reminder',
      to: 'officers',
    });

    const subjected = await screenVas(vas, await today(), 'subjected');
    expect(subjected.result).toMatchObject({ outcome: 'subjected', reasons: 'Effetti significativi sui siti Natura 2000' });
    const result: SttmApprovalView = await handle.result();
    expect(result).toMatchObject({
      state: 'vas-subjected',
      vas: 'subjected',
      outcome: { kind: 'vas-subjected', decree: { number: '151' } },
    });
    expect(events[events.length - 1]).toMatchObject({ type: 'vas-concluded', state: 'vas-subjected', closed: true });
    expect(sttmClosed()).toEqual([
      'sttm-approval.proposal-availability:cancelled',
      'sttm-approval.conferenza-istruttoria-before-adoption:cancelled',
      'sttm-approval.planned-adoption:cancelled',
    ]);
    await expect(
      handle.executeUpdate(approvePreliminaryUpdate, { args: [{ actor: officer, act: act('decree', '1', day0) }] }),
    ).rejects.toThrow();
    await recordHistoryIfAsked(handle, 'sttm-approval', 'vas-subjected.v2');
    await recordHistoryIfAsked(vas, 'vas-screening', 'subjected-with-reminders.v2');
  });
});
