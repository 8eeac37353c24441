import { ApplicationFailure, allHandlersFinished, condition, patched, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import {
  type ActArgs,
  type CancelArgs,
  type CaseActivities,
  type ControdeduzioneArgs,
  type ConvokeConferenzaArgs,
  type DeadlineActivities,
  type NotificationIntent,
  type ObservationArgs,
  type OpinionArgs,
  type ParticipationArgs,
  type PlanAdoptionArgs,
  type SttmApprovalActivities,
  type SttmApprovalInput,
  type SttmApprovalView,
  type SttmRegistration,
  type SttmScheduleResult,
  type TrackedDeadline,
  type VasScreeningResult,
  adoptSttmUpdate,
  approveFinalUpdate,
  approvePreliminaryUpdate,
  awaitSttmRegistrationUpdate,
  cancelSttmUpdate,
  convokeConferenzaUpdate,
  availableActionsQuery,
  getSttmApprovalQuery,
  probeActions,
  holdConferenzaUpdate,
  makeProposalAvailableUpdate,
  planAdoptionUpdate,
  publishAdoptionUpdate,
  publishApprovalUpdate,
  publishBurlNoticeUpdate,
  recordControdeduzioneUpdate,
  recordObservationUpdate,
  recordParticipationUpdate,
  recordSttmOpinionUpdate,
  sttmApprovalWorkflowId,
  vasScreeningWorkflowId,
} from '@cmm/contracts';
import {
  type Actor,
  sttmActionSamples,
  REFUSAL_FAILURE_TYPE,
  type Refusal,
  SYSTEM_ACTOR,
  type SttmAct,
  type SttmAction,
  type SttmEvent,
  type SttmFacts,
  applySttmEvent,
  initialSttmStatus,
  isSttmRefusal,
  isSttmTerminal,
  refuse,
  sttmNextState,
} from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { refuseUpdate } from '../shared/refusals';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

const acts = procedureActivities<CaseActivities & DeadlineActivities & SttmApprovalActivities>();

const AVAILABILITY_RULE = 'sttm-approval.proposal-availability';
const OSSERVAZIONI_RULE = 'sttm-approval.osservazioni';
const CONFERENZA_RULE = 'sttm-approval.conferenza-istruttoria-before-adoption';
const ADOPTION_RULE = 'sttm-approval.planned-adoption';
const PUBLICATION_RULE = 'public-notice-board.publication';
const LADDER = 'standard';

/** What each act-closed step is called in the registry and on the timeline. */
const STEP_LABELS: Record<string, string> = {
  'approve-preliminary': 'Approvazione del progetto preliminare e trasmissione al Consiglio metropolitano',
  'make-available': 'Messa a disposizione della proposta di STTM',
  'convoke-conferenza': 'Convocazione della conferenza istruttoria',
  'hold-conferenza': 'Conferenza istruttoria',
  adopt: 'Adozione della STTM',
  'publish-adoption': "Pubblicazione all'albo pretorio della delibera di adozione",
  'publish-burl-notice': "Avviso dell'adozione sul Bollettino Ufficiale della Regione Lombardia",
  'approve-final': 'Approvazione definitiva della STTM con le controdeduzioni',
  'publish-approval': "Pubblicazione all'albo pretorio della delibera di approvazione",
};

// A civil date as the instant the deadline activities take (they read its Rome day).
const noonOf = (date: string) => `${date}T10:00:00.000Z`;
const italian = (date: string) => date.split('-').reverse().join('/');
// The day before a civil date (pure arithmetic on UTC dates: replay-safe).
const eveOf = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Approval of one Strategia Tematico-Territoriale Metropolitana (NdA PTM art. 7bis; Relazione
 * generale §2.1), from the avvio decree to the publication of the final approval.
 */
export async function sttmApprovalWorkflow(input: SttmApprovalInput): Promise<SttmApprovalView> {
  const { workflowId } = workflowInfo();
  const osservazioniTrigger = input.osservazioniTrigger ?? 'albo-publication';
  const facts: SttmFacts = { halved: input.halvedTerms, osservazioniTrigger };
  let status = initialSttmStatus();
  let registration: SttmRegistration | null = null;
  let availabilityTerm: TrackedDeadline | null = null;
  let availabilityOpen = false;
  let osservazioniTerm: TrackedDeadline | null = null;
  let osservazioniOpen = false;
  // Planned steps tracked for reminders and the overdue flag; re-planning replaces them.
  let conferenzaTerm: TrackedDeadline | null = null;
  let conferenzaOpen = false;
  let adoptionTerm: TrackedDeadline | null = null;
  let adoptionOpen = false;
  let plans = 0;
  // The albo pretorio periods (adoption, final approval): met when their 15 days end.
  const publications: { term: TrackedDeadline; open: boolean }[] = [];
  let outcome: SttmApprovalView['outcome'] = null;
  const actsDone: SttmApprovalView['acts'] = [{ step: 'avvio', act: input.avvio, protocolNumber: null }];
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();

  const view = (): SttmApprovalView => ({
    caseId: input.caseId,
    reference: registration?.reference ?? null,
    sttmNumber: input.sttmNumber,
    title: input.title,
    halvedTerms: input.halvedTerms,
    osservazioniTrigger,
    state: status.state,
    vas: status.vas,
    schedule: status.planned,
    availabilityTerm: availabilityTerm?.view ?? null,
    osservazioniTerm: osservazioniTerm?.view ?? null,
    conferenzaTerm: conferenzaTerm?.view ?? null,
    adoptionTerm: adoptionTerm?.view ?? null,
    publicationTerms: publications.map((p) => p.term.view),
    availableOn: status.availableOn,
    conferenzaOn: status.conferenzaOn,
    adoptedOn: status.adoptedOn,
    acts: actsDone,
    observations: status.observations,
    outcome,
  });

  const caseData = () => ({ caseReference: registration?.reference, sttmNumber: input.sttmNumber, halvedTerms: input.halvedTerms });

  /** Records the event on the case (timeline, state, registry, outbox) and moves the machine. */
  const record = async (
    event: SttmEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: { act?: SttmAct; notifications?: NotificationIntent[] } = {},
  ) => {
    status = applySttmEvent(status, event, facts);
    eventCount++;
    const label = STEP_LABELS[event.type];
    const result = await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type: event.type,
      payload: extra.act ? { ...payload, act: extra.act } : payload,
      state: status.state,
      closed: isSttmTerminal(status.state),
      idempotencyKey: `${workflowId}/${eventCount}/${event.type}`,
      ...(extra.act && label
        ? {
            registerOutbound: {
              correspondent: 'municipality' as const,
              subject: `${label} — STTM ${input.sttmNumber} (${extra.act.type} n. ${extra.act.number} del ${italian(extra.act.date)})`,
              ...(extra.act.documentId ? { documentId: extra.act.documentId } : {}),
            },
          }
        : {}),
      ...(extra.notifications ? { notifications: extra.notifications } : {}),
    });
    if (extra.act) actsDone.push({ step: event.type, act: extra.act, protocolNumber: result.protocolNumber });
    changes.bump();
    return result;
  };

  const refuseWithRange = (refusal: Refusal, computed: SttmScheduleResult): never => {
    const range = computed.validAdoption;
    const valid = range ? ` — date di adozione ammesse: dal ${italian(range.from)}${range.to ? ` al ${italian(range.to)}` : ''}` : '';
    const validEn = range ? ` — valid adoption dates: from ${range.from}${range.to ? ` to ${range.to}` : ''}` : '';
    // Like refuseUpdate, the message stays English and the details carry both texts for the API.
    const text = { it: `${refusal.text?.it ?? refusal.message}${valid}`, en: `${refusal.message}${validEn}` };
    throw ApplicationFailure.create({
      type: REFUSAL_FAILURE_TYPE,
      message: text.en,
      nonRetryable: true,
      details: [{ code: refusal.code, state: refusal.state ?? null, text, validAdoption: range, schedule: computed.schedule }],
    });
  };

  const action = guardedActions<SttmAction, ReturnType<typeof view>>(
    serial,
    (act) => {
      const verdict = sttmNextState(status, act, facts);
      return isSttmRefusal(verdict) ? verdict : null;
    },
    view,
  );

  /** A step closed by an act of CMM: the act is registered outbound and listed on the case. */
  const actStep = (type: 'approve-preliminary' | 'make-available' | 'hold-conferenza' | 'publish-approval' | 'approve-final', after?: () => Promise<void>) =>
    action<ActArgs>(
      (arg) => ({ type, actor: arg.actor, act: arg.act }) as SttmAction,
      async (arg, act) => {
        await record(act, arg.actor, {}, { act: arg.act });
        if (after) await after();
      },
    );

  setHandler(getSttmApprovalQuery, view);
  // What a user may do now: the validators' own check on a sample of each step (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(sttmActionSamples(status), (act) => {
      const verdict = sttmNextState(status, act, facts);
      return isSttmRefusal(verdict) ? verdict : null;
    }, actor, status),
  );
  setHandler(awaitSttmRegistrationUpdate, async () => {
    await condition(() => registration !== null && eventCount > 0);
    return registration as SttmRegistration;
  });

  setHandler(
    planAdoptionUpdate,
    ...handlerPair(
      action<PlanAdoptionArgs>(
        // The validator checks role and state; the dates need the calendar (an activity), so the
        // handler checks them and refuses with the same failure type.
        (arg) => ({ type: 'plan-adoption', actor: arg.actor, schedule: null as never }),
        async (arg) => {
          const computed = await acts.computeSttmSchedule({
            adoptionDate: arg.adoptionDate,
            halved: input.halvedTerms,
            availableOn: status.availableOn,
            conferenzaOn: status.conferenzaOn,
            at: new Date(Date.now()).toISOString(),
          });
          const event: SttmAction = { type: 'plan-adoption', actor: arg.actor, schedule: computed.schedule };
          const verdict = sttmNextState(status, event, facts);
          if (isSttmRefusal(verdict)) refuseWithRange(verdict, computed);
          // A plan whose availability deadline has already passed cannot be carried out: refused
          // with the first adoption date that still can, unless the officer records, explicitly,
          // a plan of the past (recordedAfterTheFact). Histories before this check replay without it.
          if (patched('sttm-impossible-plan-refused') && !status.availableOn && computed.availabilityPassed && arg.recordedAfterTheFact !== true) {
            const from = computed.earliestPlannable ?? null;
            refuseWithRange(
              refuse(
                'invalid-input',
                {
                  it: `adoptionDate: la proposta doveva essere messa a disposizione entro il ${italian(computed.schedule.availabilityLatest)} (${computed.schedule.legalSource}), termine già trascorso; per registrare una pianificazione già eseguita inviare recordedAfterTheFact: true`,
                  en: `adoptionDate: the proposal had to be made available by ${computed.schedule.availabilityLatest} (${computed.schedule.legalSource}), which has passed; to record a plan already carried out send recordedAfterTheFact: true`,
                },
              ),
              { ...computed, validAdoption: from ? { from, to: null } : null },
            );
          }
          if (!status.availableOn) {
            // The latest availability day is a tracked CMM deadline: reminders, and an overdue flag on the dashboard.
            availabilityTerm = await acts.startDeadline({
              caseId: input.caseId,
              deadlineId: `${input.caseId}/proposal-availability`,
              ruleId: AVAILABILITY_RULE,
              ladderId: LADDER,
              startInstant: noonOf(arg.adoptionDate),
              halved: input.halvedTerms,
            });
            availabilityOpen = true;
          }
          await replanTerms(arg.adoptionDate);
          await record(event, arg.actor, { schedule: computed.schedule, explanation: availabilityTerm?.view.explanation ?? [] });
        },
      ),
    ),
  );

  setHandler(
    recordParticipationUpdate,
    ...handlerPair(
      action<ParticipationArgs>((arg) => ({ type: 'record-participation', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { kind: arg.kind, title: arg.title, date: arg.date, documentIds: arg.documentIds });
      }),
    ),
  );

  setHandler(approvePreliminaryUpdate, ...handlerPair(actStep('approve-preliminary')));
  setHandler(
    makeProposalAvailableUpdate,
    ...handlerPair(
      actStep('make-available', async () => {
        availabilityOpen = await closeIfOpen(availabilityTerm, availabilityOpen, 'met');
      }),
    ),
  );

  setHandler(
    convokeConferenzaUpdate,
    ...handlerPair(
      action<ConvokeConferenzaArgs>((arg) => ({ type: 'convoke-conferenza', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { meetingDate: arg.meetingDate }, {
          act: arg.act,
          notifications: [
            {
              key: `conferenza-istruttoria/${arg.meetingDate}`,
              templateId: 'conferenza-istruttoria-invitation',
              to: 'all-municipalities',
              channel: 'pec',
              data: {
                ...caseData(),
                sttmTitle: input.title,
                availableOn: status.availableOn,
                legalSource: 'NdA PTM art. 7bis c.4',
                agenda: {
                  it: `Conferenza istruttoria sul progetto preliminare della STTM ${input.sttmNumber} — ${input.title}, seduta del ${italian(arg.meetingDate)} (NdA PTM art. 7bis c.4)`,
                  en: `Conferenza istruttoria on the preliminary STTM ${input.sttmNumber} project, session of ${arg.meetingDate}`,
                },
                session: { date: arg.meetingDate, ...(arg.meetingTime ? { time: arg.meetingTime } : {}), ...(arg.place ? { location: arg.place } : {}) },
              },
            },
          ],
        });
      }),
    ),
  );
  setHandler(
    holdConferenzaUpdate,
    ...handlerPair(
      actStep('hold-conferenza', async () => {
        conferenzaOpen = await closeIfOpen(conferenzaTerm, conferenzaOpen, 'met');
      }),
    ),
  );

  setHandler(
    recordSttmOpinionUpdate,
    ...handlerPair(
      action<OpinionArgs>((arg) => ({ type: 'record-opinion', ...arg }), async (arg, act) => {
        const { protocolNumber } = await acts.registerInbound({
          caseId: input.caseId,
          correspondent: arg.from,
          subject: `Parere sul progetto preliminare della STTM ${input.sttmNumber}`,
          registeredBy: arg.actor.subject,
          idempotencyKey: `${workflowId}/opinion/${eventCount + 1}`,
        });
        await record(act, arg.actor, { from: arg.from, text: arg.text, documentIds: arg.documentIds, receivedOn: arg.receivedOn, inboundProtocolNumber: protocolNumber });
      }),
    ),
  );

  setHandler(
    adoptSttmUpdate,
    ...handlerPair({
      validator: (arg: ActArgs) => {
        // On the planned date the schedule is known; another date is checked by the handler.
        const schedule = status.planned && status.planned.adoptionDate === arg.act.date ? status.planned : null;
        const verdict = sttmNextState(status, { type: 'adopt', actor: arg.actor, act: arg.act, schedule }, facts);
        if (isSttmRefusal(verdict)) refuseUpdate(verdict);
      },
      handler: (arg: ActArgs) =>
        serial.run(async () => {
          const computed = await acts.computeSttmSchedule({ adoptionDate: arg.act.date, halved: input.halvedTerms, availableOn: status.availableOn, conferenzaOn: status.conferenzaOn });
          const event: SttmAction = { type: 'adopt', actor: arg.actor, act: arg.act, schedule: computed.schedule };
          const verdict = sttmNextState(status, event, facts);
          if (isSttmRefusal(verdict)) refuseWithRange(verdict, computed);
          await record(event, arg.actor, { schedule: computed.schedule }, { act: arg.act });
          adoptionOpen = await closeIfOpen(adoptionTerm, adoptionOpen, 'met');
          return view();
        }),
    }),
  );

  /** The osservazioni period runs from its trigger's act (LR 12/2005 art. 17 c.6 as model; halved for the first three). */
  const openOsservazioni = async (from: string) => {
    osservazioniTerm = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/osservazioni`,
      ruleId: OSSERVAZIONI_RULE,
      ladderId: LADDER,
      startInstant: noonOf(from),
      halved: input.halvedTerms,
    });
    osservazioniOpen = true;
    return { osservazioniDueDate: osservazioniTerm.view.dueDate, legalSource: osservazioniTerm.view.legalSource };
  };

  setHandler(
    publishAdoptionUpdate,
    ...handlerPair(
      action<ActArgs>((arg) => ({ type: 'publish-adoption', ...arg }), async (arg, act) => {
        // Under the BURL trigger the albo publication only starts its own 15 days; the period waits
        // for the BURL notice. Only procedures started with that trigger take this branch.
        if (osservazioniTrigger === 'burl-notice' && patched('sttm-osservazioni-burl-trigger')) {
          await record(act, arg.actor, { osservazioniTrigger }, { act: arg.act });
        } else {
          const term = await openOsservazioni(arg.act.date);
          await record(act, arg.actor, term, { act: arg.act });
        }
        await startPublication('adoption', arg.act.date);
      }),
    ),
  );
  setHandler(
    publishBurlNoticeUpdate,
    ...handlerPair(
      action<ActArgs>((arg) => ({ type: 'publish-burl-notice', ...arg }), async (arg, act) => {
        const term = await openOsservazioni(arg.act.date);
        await record(act, arg.actor, term, { act: arg.act });
      }),
    ),
  );

  setHandler(
    recordObservationUpdate,
    ...handlerPair(
      action<ObservationArgs>(
        (arg) => ({ type: 'record-observation', observationId: `OSS-${status.observations.length + 1}`, ...arg }),
        async (arg, act) => {
          const { protocolNumber } = await acts.registerInbound({
            caseId: input.caseId,
            correspondent: arg.from,
            subject: `Osservazione sulla STTM ${input.sttmNumber} adottata`,
            registeredBy: arg.actor.subject,
            idempotencyKey: `${workflowId}/observation/${status.observations.length + 1}`,
          });
          await record(act, arg.actor, { observationId: (act as { observationId: string }).observationId, from: arg.from, text: arg.text, documentIds: arg.documentIds, receivedOn: arg.receivedOn, inboundProtocolNumber: protocolNumber });
        },
      ),
    ),
  );

  setHandler(
    recordControdeduzioneUpdate,
    ...handlerPair(
      action<ControdeduzioneArgs>((arg) => ({ type: 'record-controdeduzione', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { observationId: arg.observationId, outcome: arg.outcome, text: arg.text });
      }),
    ),
  );

  setHandler(approveFinalUpdate, ...handlerPair(actStep('approve-final')));
  setHandler(
    publishApprovalUpdate,
    ...handlerPair(
      actStep('publish-approval', async () => {
        const published = actsDone[actsDone.length - 1].act.date;
        outcome = { kind: 'in-force', since: published };
        // In force from the publication (unchanged); the workflow stays to close the 15 days at the albo.
        await startPublication('approval', published);
      }),
    ),
  );

  setHandler(
    cancelSttmUpdate,
    ...handlerPair(
      action<CancelArgs>((arg) => ({ type: 'cancel', ...arg }), async (arg, act) => {
        await record(act, arg.actor, { reason: arg.reason });
        outcome = { kind: 'cancelled', reason: arg.reason };
        await closeTerms('cancelled');
      }),
    ),
  );

  async function closeTerms(final: 'met' | 'cancelled') {
    availabilityOpen = await closeIfOpen(availabilityTerm, availabilityOpen, final);
    if (osservazioniTerm && status.state === 'osservazioni') {
      await acts.closeDeadline({ deadlineId: osservazioniTerm.view.deadlineId, status: final });
    } else if (osservazioniTerm && osservazioniOpen && patched('sttm-osservazioni-cancelled-with-the-procedure')) {
      // Called after the cancel event moved the state on: the open period used to stay running for ever.
      await acts.closeDeadline({ deadlineId: osservazioniTerm.view.deadlineId, status: final });
    }
    osservazioniOpen = false;
    conferenzaOpen = await closeIfOpen(conferenzaTerm, conferenzaOpen, final);
    adoptionOpen = await closeIfOpen(adoptionTerm, adoptionOpen, final);
    for (const publication of publications) {
      if (publication.open) await acts.closeDeadline({ deadlineId: publication.term.view.deadlineId, status: final });
      publication.open = false;
    }
  }

  /**
   * A (re)planned adoption date: the conferenza istruttoria, when not yet held, is due the day
   * before it, and the adoption itself on it. No statutory terms of their own (rulebook
   * defaults from NdA PTM art. 7bis c.4), not halved; the old plan's deadlines are cancelled.
   */
  async function replanTerms(adoptionDate: string): Promise<void> {
    plans++;
    conferenzaOpen = await closeIfOpen(conferenzaTerm, conferenzaOpen, 'cancelled');
    if (!status.conferenzaOn) {
      conferenzaTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/conferenza-istruttoria/${plans}`,
        ruleId: CONFERENZA_RULE,
        ladderId: LADDER,
        startInstant: noonOf(adoptionDate),
      });
      conferenzaOpen = true;
    }
    adoptionOpen = await closeIfOpen(adoptionTerm, adoptionOpen, 'cancelled');
    // The rule counts one day forward from the eve of the session, so it falls due on the planned date.
    adoptionTerm = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/planned-adoption/${plans}`,
      ruleId: ADOPTION_RULE,
      ladderId: LADDER,
      startInstant: noonOf(eveOf(adoptionDate)),
    });
    adoptionOpen = true;
  }

  /** The 15 days at the albo pretorio (D.Lgs. 267/2000 art. 124), a duration: no reminders, met at its end. */
  async function startPublication(which: 'adoption' | 'approval', publishedOn: string): Promise<void> {
    const term = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/albo-pretorio/${which}`,
      ruleId: PUBLICATION_RULE,
      ladderId: 'short',
      startInstant: noonOf(publishedOn),
    });
    publications.push({ term, open: true });
  }

  async function onVasOutcome(result: VasScreeningResult): Promise<void> {
    if (isSttmTerminal(status.state)) return;
    await record({ type: 'vas-concluded', outcome: result.outcome }, SYSTEM_ACTOR, { outcome: result.outcome, decree: result.decree, reasons: result.reasons });
    if (result.outcome === 'subjected') {
      outcome = { kind: 'vas-subjected', decree: result.decree, reasons: result.reasons };
      await closeTerms('cancelled');
    }
  }

  // Registration: the case exists, with the avvio decree registered, before any action.
  registration = await acts.registerSttm(input);
  actsDone[0] = {
    step: 'avvio',
    act: registration.avvioDocumentId ? { ...input.avvio, documentId: registration.avvioDocumentId } : input.avvio,
    protocolNumber: registration.protocolNumber,
  };
  // The VAS screening and VIncA screening start with the avvio (Relazione §2.1).
  const vas = await startChild('vasScreeningWorkflow', {
    // From the case id, not workflowInfo(): replays run under another workflow id.
    workflowId: vasScreeningWorkflowId(sttmApprovalWorkflowId(input.caseId)),
    args: [{ caseId: input.caseId, parentWorkflowId: workflowId, startedBy: input.startedBy }],
  });
  await serial.run(async () => {
    eventCount++;
    await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor: input.startedBy,
      type: 'vas-screening-started',
      payload: { childWorkflowId: vas.workflowId },
      state: status.state,
      idempotencyKey: `${workflowId}/${eventCount}/vas-screening-started`,
    });
  });
  void (vas.result() as Promise<VasScreeningResult>).then(
    (result) => serial.run(() => onVasOutcome(result)),
    () => undefined,
  );

  const terms = () => ({ availability: availabilityOpen ? availabilityTerm : null, osservazioni: status.state === 'osservazioni' ? osservazioniTerm : null });
  const openPublications = () => publications.filter((p) => p.open);
  const plannedTerms = (): TrackedDeadline[] => [conferenzaOpen ? conferenzaTerm : null, adoptionOpen ? adoptionTerm : null].filter((t): t is TrackedDeadline => t !== null);
  // After the final approval's publication the iter is over, but its 15 days at the albo still run.
  do {
    while (!isSttmTerminal(status.state) || openPublications().length > 0) {
      const seen = changes.current;
      const { availability, osservazioni } = terms();
      const wake = earliest([
        availability?.view.next?.at,
        expiryInstant(osservazioni),
        ...plannedTerms().map((term) => term.view.next?.at),
        ...openPublications().map((p) => expiryInstant(p.term)),
      ]);
      if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
    }
    // Work still in the queue (the VAS outcome closing the terms, the final publication starting
    // its albo period) runs before the workflow completes.
    await serial.run(async () => undefined);
  } while (openPublications().length > 0);
  await condition(allHandlersFinished);
  return view();

  /** What the clock does: reminders before the planned steps, the end of the osservazioni period and of the albo periods. */
  /** Closes a tracked term once (met, expired or cancelled); returns the term's new "open" flag. */
  async function closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, status: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status });
    return false;
  }

  async function onTime(): Promise<void> {
    for (const publication of openPublications()) {
      const end = expiryInstant(publication.term);
      if (end && Date.parse(end) <= Date.now()) {
        await acts.closeDeadline({ deadlineId: publication.term.view.deadlineId, status: 'met' });
        publication.open = false;
        changes.bump();
      }
    }
    if (isSttmTerminal(status.state)) return;
    const ossExpiry = expiryInstant(osservazioniTerm);
    if (osservazioniTerm && status.state === 'osservazioni' && ossExpiry && Date.parse(ossExpiry) <= Date.now()) {
      await record({ type: 'osservazioni-closed' }, SYSTEM_ACTOR, { dueDate: osservazioniTerm.view.dueDate, observations: status.observations.length });
      await acts.closeDeadline({ deadlineId: osservazioniTerm.view.deadlineId, status: 'met' });
      osservazioniOpen = false;
    }
    if (availabilityTerm && availabilityOpen) {
      const before = availabilityTerm;
      availabilityTerm = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: `${++eventCount}`, caseData: caseData() }, availabilityTerm, LADDER);
      if (availabilityTerm !== before) changes.bump();
    }
    if (conferenzaTerm && conferenzaOpen) {
      const before = conferenzaTerm;
      conferenzaTerm = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: `${++eventCount}`, caseData: caseData() }, conferenzaTerm, LADDER);
      if (conferenzaTerm !== before) changes.bump();
    }
    if (adoptionTerm && adoptionOpen) {
      const before = adoptionTerm;
      adoptionTerm = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: `${++eventCount}`, caseData: caseData() }, adoptionTerm, LADDER);
      if (adoptionTerm !== before) changes.bump();
    }
  }
}
