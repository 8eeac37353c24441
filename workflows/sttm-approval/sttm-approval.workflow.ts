import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, patched, setHandler, startChild } from '@temporalio/workflow';
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
  VAS_SCREENING_WORKFLOW,
  adoptSttmUpdate,
  approveFinalUpdate,
  approvePreliminaryUpdate,
  awaitSttmRegistrationUpdate,
  cancelSttmUpdate,
  convokeConferenzaUpdate,
  getSttmApprovalQuery,
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
  type SttmStatus,
  applySttmEvent,
  initialSttmStatus,
  isRefusal,
  isSttmTerminal,
  refuse,
  sttmNextState,
} from '@cmm/domain';
import { formatItalianDate } from '@cmm/legal-calendar';
import { ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { refuseUpdate } from '../shared/refusals';
import { expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';

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
// The day before a civil date (pure arithmetic on UTC dates: replay-safe).
const eveOf = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);

type ActStepType = 'approve-preliminary' | 'make-available' | 'hold-conferenza' | 'publish-approval' | 'approve-final';

/** Like refuseUpdate (the message stays English, the details carry both texts), with the adoption dates that would be valid. */
const refuseWithRange = (refusal: Refusal, computed: SttmScheduleResult): never => {
  const range = computed.validAdoption;
  const valid = range
    ? ` — date di adozione ammesse: dal ${formatItalianDate(range.from)}${range.to ? ` al ${formatItalianDate(range.to)}` : ''}`
    : '';
  const validEn = range ? ` — valid adoption dates: from ${range.from}${range.to ? ` to ${range.to}` : ''}` : '';
  const text = { it: `${refusal.text?.it ?? refusal.message}${valid}`, en: `${refusal.message}${validEn}` };
  throw ApplicationFailure.create({
    type: REFUSAL_FAILURE_TYPE,
    message: text.en,
    nonRetryable: true,
    details: [{ code: refusal.code, state: refusal.state ?? null, text, validAdoption: range, schedule: computed.schedule }],
  });
};

/**
 * Approval of one Strategia Tematico-Territoriale Metropolitana (NdA PTM art. 7bis; Relazione
 * generale §2.1), from the avvio decree to the publication of the final approval.
 */
export async function sttmApprovalWorkflow(input: SttmApprovalInput): Promise<SttmApprovalView> {
  return new SttmApprovalCase(input).run();
}

class SttmApprovalCase extends ProcedureCase<SttmStatus, SttmEvent, SttmAction, SttmApprovalView> {
  protected status = initialSttmStatus();
  private readonly osservazioniTrigger: NonNullable<SttmApprovalInput['osservazioniTrigger']>;
  private readonly facts: SttmFacts;
  private registration: SttmRegistration | null = null;
  private availabilityTerm: TrackedDeadline | null = null;
  private availabilityOpen = false;
  private osservazioniTerm: TrackedDeadline | null = null;
  private osservazioniOpen = false;
  // Planned steps tracked for reminders and the overdue flag; re-planning replaces them.
  private conferenzaTerm: TrackedDeadline | null = null;
  private conferenzaOpen = false;
  private adoptionTerm: TrackedDeadline | null = null;
  private adoptionOpen = false;
  private plans = 0;
  // The albo pretorio periods (adoption, final approval): met when their 15 days end.
  private readonly publications: { term: TrackedDeadline; open: boolean }[] = [];
  private outcome: SttmApprovalView['outcome'] = null;
  private readonly actsDone: SttmApprovalView['acts'];

  constructor(private readonly input: SttmApprovalInput) {
    super(acts);
    this.osservazioniTrigger = input.osservazioniTrigger ?? 'albo-publication';
    this.facts = { halved: input.halvedTerms, osservazioniTrigger: this.osservazioniTrigger };
    this.actsDone = [{ step: 'avvio', act: input.avvio, protocolNumber: null }];
    setHandler(getSttmApprovalQuery, () => this.view());
    this.offerActions(() => sttmActionSamples(this.status));
    setHandler(awaitSttmRegistrationUpdate, async () => {
      await condition(() => this.registration !== null && this.eventCount > 0);
      return this.registration as SttmRegistration;
    });
    // The validator checks role and state; the dates need the calendar (an activity), so the
    // handler checks them and refuses with the same failure type.
    this.action(
      planAdoptionUpdate,
      (arg: PlanAdoptionArgs) => ({ type: 'plan-adoption', actor: arg.actor, schedule: null as never }),
      (arg) => this.planAdoption(arg),
    );
    this.action(
      recordParticipationUpdate,
      (arg: ParticipationArgs) => ({ type: 'record-participation', ...arg }),
      async (arg, act) => {
        await this.recordStep(act, arg.actor, { kind: arg.kind, title: arg.title, date: arg.date, documentIds: arg.documentIds });
      },
    );
    this.actStep(approvePreliminaryUpdate, 'approve-preliminary');
    this.actStep(makeProposalAvailableUpdate, 'make-available', async () => {
      this.availabilityOpen = await this.closeIfOpen(this.availabilityTerm, this.availabilityOpen, 'met');
    });
    this.action(
      convokeConferenzaUpdate,
      (arg: ConvokeConferenzaArgs) => ({ type: 'convoke-conferenza', ...arg }),
      (arg, act) => this.convokeConferenza(arg, act),
    );
    this.actStep(holdConferenzaUpdate, 'hold-conferenza', async () => {
      this.conferenzaOpen = await this.closeIfOpen(this.conferenzaTerm, this.conferenzaOpen, 'met');
    });
    this.action(
      recordSttmOpinionUpdate,
      (arg: OpinionArgs) => ({ type: 'record-opinion', ...arg }),
      (arg, act) => this.recordOpinion(arg, act),
    );
    setHandler(
      adoptSttmUpdate,
      ...handlerPair({ validator: (arg: ActArgs) => this.validateAdoption(arg), handler: (arg: ActArgs) => this.adopt(arg) }),
    );
    this.action(
      publishAdoptionUpdate,
      (arg: ActArgs) => ({ type: 'publish-adoption', ...arg }),
      (arg, act) => this.publishAdoption(arg, act),
    );
    this.action(
      publishBurlNoticeUpdate,
      (arg: ActArgs) => ({ type: 'publish-burl-notice', ...arg }),
      async (arg, act) => {
        const term = await this.openOsservazioni(arg.act.date);
        await this.recordStep(act, arg.actor, term, { act: arg.act });
      },
    );
    this.action(
      recordObservationUpdate,
      (arg: ObservationArgs) => ({ type: 'record-observation', observationId: `OSS-${this.status.observations.length + 1}`, ...arg }),
      (arg, act) => this.recordObservation(arg, act),
    );
    this.action(
      recordControdeduzioneUpdate,
      (arg: ControdeduzioneArgs) => ({ type: 'record-controdeduzione', ...arg }),
      async (arg, act) => {
        await this.recordStep(act, arg.actor, { observationId: arg.observationId, outcome: arg.outcome, text: arg.text });
      },
    );
    this.actStep(approveFinalUpdate, 'approve-final');
    this.actStep(publishApprovalUpdate, 'publish-approval', async () => {
      const published = this.actsDone[this.actsDone.length - 1].act.date;
      this.outcome = { kind: 'in-force', since: published };
      // In force from the publication (unchanged); the workflow stays to close the 15 days at the albo.
      await this.startPublication('approval', published);
    });
    this.action(
      cancelSttmUpdate,
      (arg: CancelArgs) => ({ type: 'cancel', ...arg }),
      async (arg, act) => {
        await this.recordStep(act, arg.actor, { reason: arg.reason });
        this.outcome = { kind: 'cancelled', reason: arg.reason };
        await this.closeTerms('cancelled');
      },
    );
  }

  async run(): Promise<SttmApprovalView> {
    const { input } = this;
    // Registration: the case exists, with the avvio decree registered, before any action.
    const registration = await acts.registerSttm(input);
    this.registration = registration;
    this.indexCase();
    this.actsDone[0] = {
      step: 'avvio',
      act: registration.avvioDocumentId ? { ...input.avvio, documentId: registration.avvioDocumentId } : input.avvio,
      protocolNumber: registration.protocolNumber,
    };
    // The VAS screening and VIncA screening start with the avvio (Relazione §2.1).
    const vas = await startChild(VAS_SCREENING_WORKFLOW, {
      // From the case id, not workflowInfo(): replays run under another workflow id.
      workflowId: vasScreeningWorkflowId(sttmApprovalWorkflowId(input.caseId)),
      args: [{ caseId: input.caseId, parentWorkflowId: this.workflowId, startedBy: input.startedBy }],
    });
    await this.serial.run(async () => {
      await this.recordOnCase({
        actor: input.startedBy,
        type: 'vas-screening-started',
        payload: { childWorkflowId: vas.workflowId },
        state: this.status.state,
      });
    });
    void (vas.result() as Promise<VasScreeningResult>).then(
      (result) => this.serial.run(() => this.onVasOutcome(result)),
      () => undefined,
    );
    // After the final approval's publication the iter is over, but its 15 days at the albo still run.
    do {
      await this.runClock();
      // Work still in the queue (the VAS outcome closing the terms, the final publication starting
      // its albo period) runs before the workflow completes.
      await this.serial.run(async () => undefined);
    } while (this.openPublications().length > 0);
    await condition(allHandlersFinished);
    return this.view();
  }

  protected caseIndex() {
    return { procedure: 'sttm-approval' as const, reference: this.registration?.reference ?? null, istatCodes: [] };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): SttmApprovalView {
    const { input, status } = this;
    return {
      caseId: input.caseId,
      reference: this.registration?.reference ?? null,
      sttmNumber: input.sttmNumber,
      title: input.title,
      halvedTerms: input.halvedTerms,
      osservazioniTrigger: this.osservazioniTrigger,
      state: status.state,
      vas: status.vas,
      schedule: status.planned,
      availabilityTerm: this.availabilityTerm?.view ?? null,
      osservazioniTerm: this.osservazioniTerm?.view ?? null,
      conferenzaTerm: this.conferenzaTerm?.view ?? null,
      adoptionTerm: this.adoptionTerm?.view ?? null,
      publicationTerms: this.publications.map((p) => p.term.view),
      availableOn: status.availableOn,
      conferenzaOn: status.conferenzaOn,
      adoptedOn: status.adoptedOn,
      acts: this.actsDone,
      observations: status.observations,
      outcome: this.outcome,
    };
  }

  protected applied(event: SttmEvent): SttmStatus {
    return applySttmEvent(this.status, event, this.facts);
  }

  protected refusalOf(action: SttmAction) {
    const verdict = sttmNextState(this.status, action, this.facts);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isSttmTerminal(this.status.state);
  }

  protected override keepsRunning(): boolean {
    return !this.isClosed() || this.openPublications().length > 0;
  }

  private caseData() {
    return { caseReference: this.registration?.reference, sttmNumber: this.input.sttmNumber, halvedTerms: this.input.halvedTerms };
  }

  /** Moves the machine and records the event; a step closed by an act registers it outbound and lists it on the case. */
  private async recordStep(
    event: SttmEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: { act?: SttmAct; notifications?: NotificationIntent[] } = {},
  ) {
    this.status = this.applied(event);
    const label = STEP_LABELS[event.type];
    const result = await this.recordOnCase({
      actor,
      type: event.type,
      payload: extra.act ? { ...payload, act: extra.act } : payload,
      state: this.status.state,
      closed: this.isClosed(),
      ...(extra.act && label
        ? {
            registerOutbound: {
              correspondent: 'municipality' as const,
              subject: `${label} — STTM ${this.input.sttmNumber} (${extra.act.type} n. ${extra.act.number} del ${formatItalianDate(extra.act.date)})`,
              ...(extra.act.documentId ? { documentId: extra.act.documentId } : {}),
            },
          }
        : {}),
      ...(extra.notifications ? { notifications: extra.notifications } : {}),
    });
    if (extra.act) this.actsDone.push({ step: event.type, act: extra.act, protocolNumber: result.protocolNumber });
    return result;
  }

  /** A step closed by an act of CMM: the act is registered outbound and listed on the case. */
  private actStep(update: UpdateDefinition<SttmApprovalView, [ActArgs]>, type: ActStepType, after?: () => Promise<void>): void {
    this.action(
      update,
      (arg: ActArgs) => ({ type, actor: arg.actor, act: arg.act }) as SttmAction,
      async (arg, act) => {
        await this.recordStep(act, arg.actor, {}, { act: arg.act });
        if (after) await after();
      },
    );
  }

  private async planAdoption(arg: PlanAdoptionArgs): Promise<void> {
    const { input, status } = this;
    const computed = await acts.computeSttmSchedule({
      adoptionDate: arg.adoptionDate,
      halved: input.halvedTerms,
      availableOn: status.availableOn,
      conferenzaOn: status.conferenzaOn,
      at: this.now(),
    });
    const event: SttmAction = { type: 'plan-adoption', actor: arg.actor, schedule: computed.schedule };
    const verdict = sttmNextState(status, event, this.facts);
    if (isRefusal(verdict)) refuseWithRange(verdict, computed);
    // A plan whose availability deadline has already passed cannot be carried out: refused
    // with the first adoption date that still can, unless the officer records, explicitly,
    // a plan of the past (recordedAfterTheFact). Histories before this check replay without it.
    if (
      patched('sttm-impossible-plan-refused') &&
      !status.availableOn &&
      computed.availabilityPassed &&
      arg.recordedAfterTheFact !== true
    ) {
      const from = computed.earliestPlannable ?? null;
      refuseWithRange(
        refuse('invalid-input', {
          it: `adoptionDate: la proposta doveva essere messa a disposizione entro il ${formatItalianDate(computed.schedule.availabilityLatest)} (${computed.schedule.legalSource}), termine già trascorso; per registrare una pianificazione già eseguita inviare recordedAfterTheFact: true`,
          en: `adoptionDate: the proposal had to be made available by ${computed.schedule.availabilityLatest} (${computed.schedule.legalSource}), which has passed; to record a plan already carried out send recordedAfterTheFact: true`,
        }),
        { ...computed, validAdoption: from ? { from, to: null } : null },
      );
    }
    if (!status.availableOn) {
      // The latest availability day is a tracked CMM deadline: reminders, and an overdue flag on the dashboard.
      this.availabilityTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/proposal-availability`,
        ruleId: AVAILABILITY_RULE,
        ladderId: LADDER,
        startInstant: noonOf(arg.adoptionDate),
        halved: input.halvedTerms,
      });
      this.availabilityOpen = true;
    }
    await this.replanTerms(arg.adoptionDate);
    await this.recordStep(event, arg.actor, { schedule: computed.schedule, explanation: this.availabilityTerm?.view.explanation ?? [] });
  }

  private async convokeConferenza(arg: ConvokeConferenzaArgs, act: SttmAction): Promise<void> {
    const { input } = this;
    await this.recordStep(
      act,
      arg.actor,
      { meetingDate: arg.meetingDate },
      {
        act: arg.act,
        notifications: [
          {
            key: `conferenza-istruttoria/${arg.meetingDate}`,
            templateId: 'conferenza-istruttoria-invitation',
            to: 'all-municipalities',
            channel: 'pec',
            data: {
              ...this.caseData(),
              sttmTitle: input.title,
              availableOn: this.status.availableOn,
              legalSource: 'NdA PTM art. 7bis c.4',
              agenda: {
                it: `Conferenza istruttoria sul progetto preliminare della STTM ${input.sttmNumber} — ${input.title}, seduta del ${formatItalianDate(arg.meetingDate)} (NdA PTM art. 7bis c.4)`,
                en: `Conferenza istruttoria on the preliminary STTM ${input.sttmNumber} project, session of ${arg.meetingDate}`,
              },
              session: {
                date: arg.meetingDate,
                ...(arg.meetingTime ? { time: arg.meetingTime } : {}),
                ...(arg.place ? { location: arg.place } : {}),
              },
            },
          },
        ],
      },
    );
  }

  private async recordOpinion(arg: OpinionArgs, act: SttmAction): Promise<void> {
    const { protocolNumber } = await acts.registerInbound({
      caseId: this.input.caseId,
      correspondent: arg.from,
      subject: `Parere sul progetto preliminare della STTM ${this.input.sttmNumber}`,
      registeredBy: arg.actor.subject,
      idempotencyKey: `${this.workflowId}/opinion/${this.eventCount + 1}`,
    });
    await this.recordStep(act, arg.actor, {
      from: arg.from,
      text: arg.text,
      documentIds: arg.documentIds,
      receivedOn: arg.receivedOn,
      inboundProtocolNumber: protocolNumber,
    });
  }

  private validateAdoption(arg: ActArgs): void {
    const { status } = this;
    // On the planned date the schedule is known; another date is checked by the handler.
    const schedule = status.planned && status.planned.adoptionDate === arg.act.date ? status.planned : null;
    const verdict = sttmNextState(status, { type: 'adopt', actor: arg.actor, act: arg.act, schedule }, this.facts);
    if (isRefusal(verdict)) refuseUpdate(verdict);
  }

  private adopt(arg: ActArgs): Promise<SttmApprovalView> {
    return this.serial.run(async () => {
      const { input } = this;
      const computed = await acts.computeSttmSchedule({
        adoptionDate: arg.act.date,
        halved: input.halvedTerms,
        availableOn: this.status.availableOn,
        conferenzaOn: this.status.conferenzaOn,
      });
      const event: SttmAction = { type: 'adopt', actor: arg.actor, act: arg.act, schedule: computed.schedule };
      const verdict = sttmNextState(this.status, event, this.facts);
      if (isRefusal(verdict)) refuseWithRange(verdict, computed);
      await this.recordStep(event, arg.actor, { schedule: computed.schedule }, { act: arg.act });
      this.adoptionOpen = await this.closeIfOpen(this.adoptionTerm, this.adoptionOpen, 'met');
      return this.view();
    });
  }

  /** The osservazioni period runs from its trigger's act (LR 12/2005 art. 17 c.6 as model; halved for the first three). */
  private async openOsservazioni(from: string) {
    const term = await acts.startDeadline({
      caseId: this.input.caseId,
      deadlineId: `${this.input.caseId}/osservazioni`,
      ruleId: OSSERVAZIONI_RULE,
      ladderId: LADDER,
      startInstant: noonOf(from),
      halved: this.input.halvedTerms,
    });
    this.osservazioniTerm = term;
    this.osservazioniOpen = true;
    return { osservazioniDueDate: term.view.dueDate, legalSource: term.view.legalSource };
  }

  private async publishAdoption(arg: ActArgs, act: SttmAction): Promise<void> {
    // Under the BURL trigger the albo publication only starts its own 15 days; the period waits
    // for the BURL notice. Only procedures started with that trigger take this branch.
    if (this.osservazioniTrigger === 'burl-notice' && patched('sttm-osservazioni-burl-trigger')) {
      await this.recordStep(act, arg.actor, { osservazioniTrigger: this.osservazioniTrigger }, { act: arg.act });
    } else {
      const term = await this.openOsservazioni(arg.act.date);
      await this.recordStep(act, arg.actor, term, { act: arg.act });
    }
    await this.startPublication('adoption', arg.act.date);
  }

  private async recordObservation(arg: ObservationArgs, act: SttmAction): Promise<void> {
    const { protocolNumber } = await acts.registerInbound({
      caseId: this.input.caseId,
      correspondent: arg.from,
      subject: `Osservazione sulla STTM ${this.input.sttmNumber} adottata`,
      registeredBy: arg.actor.subject,
      idempotencyKey: `${this.workflowId}/observation/${this.status.observations.length + 1}`,
    });
    const { observationId } = act as { observationId: string };
    await this.recordStep(act, arg.actor, {
      observationId,
      from: arg.from,
      text: arg.text,
      documentIds: arg.documentIds,
      receivedOn: arg.receivedOn,
      inboundProtocolNumber: protocolNumber,
    });
  }

  private async closeTerms(final: 'met' | 'cancelled'): Promise<void> {
    this.availabilityOpen = await this.closeIfOpen(this.availabilityTerm, this.availabilityOpen, final);
    if (this.osservazioniTerm && this.status.state === 'osservazioni') {
      await acts.closeDeadline({ deadlineId: this.osservazioniTerm.view.deadlineId, status: final });
    } else if (this.osservazioniTerm && this.osservazioniOpen && patched('sttm-osservazioni-cancelled-with-the-procedure')) {
      // Called after the cancel event moved the state on: the open period used to stay running for ever.
      await acts.closeDeadline({ deadlineId: this.osservazioniTerm.view.deadlineId, status: final });
    }
    this.osservazioniOpen = false;
    this.conferenzaOpen = await this.closeIfOpen(this.conferenzaTerm, this.conferenzaOpen, final);
    this.adoptionOpen = await this.closeIfOpen(this.adoptionTerm, this.adoptionOpen, final);
    for (const publication of this.publications) {
      if (publication.open) await acts.closeDeadline({ deadlineId: publication.term.view.deadlineId, status: final });
      publication.open = false;
    }
  }

  /**
   * A (re)planned adoption date: the conferenza istruttoria, when not yet held, is due the day
   * before it, and the adoption itself on it. No statutory terms of their own (rulebook
   * defaults from NdA PTM art. 7bis c.4), not halved; the old plan's deadlines are cancelled.
   */
  private async replanTerms(adoptionDate: string): Promise<void> {
    const { input } = this;
    const plan = ++this.plans;
    this.conferenzaOpen = await this.closeIfOpen(this.conferenzaTerm, this.conferenzaOpen, 'cancelled');
    if (!this.status.conferenzaOn) {
      this.conferenzaTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/conferenza-istruttoria/${plan}`,
        ruleId: CONFERENZA_RULE,
        ladderId: LADDER,
        startInstant: noonOf(adoptionDate),
      });
      this.conferenzaOpen = true;
    }
    this.adoptionOpen = await this.closeIfOpen(this.adoptionTerm, this.adoptionOpen, 'cancelled');
    // The rule counts one day forward from the eve of the session, so it falls due on the planned date.
    this.adoptionTerm = await acts.startDeadline({
      caseId: input.caseId,
      deadlineId: `${input.caseId}/planned-adoption/${plan}`,
      ruleId: ADOPTION_RULE,
      ladderId: LADDER,
      startInstant: noonOf(eveOf(adoptionDate)),
    });
    this.adoptionOpen = true;
  }

  /** The 15 days at the albo pretorio (D.Lgs. 267/2000 art. 124), a duration: no reminders, met at its end. */
  private async startPublication(which: 'adoption' | 'approval', publishedOn: string): Promise<void> {
    const term = await acts.startDeadline({
      caseId: this.input.caseId,
      deadlineId: `${this.input.caseId}/albo-pretorio/${which}`,
      ruleId: PUBLICATION_RULE,
      ladderId: 'short',
      startInstant: noonOf(publishedOn),
    });
    this.publications.push({ term, open: true });
  }

  private async onVasOutcome(result: VasScreeningResult): Promise<void> {
    if (this.isClosed()) return;
    await this.recordStep({ type: 'vas-concluded', outcome: result.outcome }, SYSTEM_ACTOR, {
      outcome: result.outcome,
      decree: result.decree,
      reasons: result.reasons,
    });
    if (result.outcome === 'subjected') {
      this.outcome = { kind: 'vas-subjected', decree: result.decree, reasons: result.reasons };
      await this.closeTerms('cancelled');
    }
  }

  /** Closes a tracked term once (met, expired or cancelled); returns the term's new "open" flag. */
  private async closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, status: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status });
    return false;
  }

  private openPublications() {
    return this.publications.filter((p) => p.open);
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    if (this.availabilityOpen) yield this.availabilityTerm?.view.next?.at;
    if (this.status.state === 'osservazioni') yield expiryInstant(this.osservazioniTerm);
    if (this.conferenzaOpen && this.conferenzaTerm) yield this.conferenzaTerm.view.next?.at;
    if (this.adoptionOpen && this.adoptionTerm) yield this.adoptionTerm.view.next?.at;
    for (const p of this.openPublications()) yield expiryInstant(p.term);
  }

  /** What the clock does: reminders before the planned steps, the end of the osservazioni period and of the albo periods. */
  protected override async onTime(): Promise<void> {
    for (const publication of this.openPublications()) {
      const end = expiryInstant(publication.term);
      if (end && Date.parse(end) <= Date.now()) {
        await acts.closeDeadline({ deadlineId: publication.term.view.deadlineId, status: 'met' });
        publication.open = false;
        this.changes.bump();
      }
    }
    if (this.isClosed()) return;
    const osservazioni = this.osservazioniTerm;
    const ossExpiry = expiryInstant(osservazioni);
    if (osservazioni && this.status.state === 'osservazioni' && ossExpiry && Date.parse(ossExpiry) <= Date.now()) {
      await this.recordStep({ type: 'osservazioni-closed' }, SYSTEM_ACTOR, {
        dueDate: osservazioni.view.dueDate,
        observations: this.status.observations.length,
      });
      await acts.closeDeadline({ deadlineId: osservazioni.view.deadlineId, status: 'met' });
      this.osservazioniOpen = false;
    }
    if (this.availabilityTerm && this.availabilityOpen) this.availabilityTerm = await this.remind(this.availabilityTerm);
    if (this.conferenzaTerm && this.conferenzaOpen) this.conferenzaTerm = await this.remind(this.conferenzaTerm);
    if (this.adoptionTerm && this.adoptionOpen) this.adoptionTerm = await this.remind(this.adoptionTerm);
  }

  /** Each planned step's reminder takes an event count, due or not (as the first histories did). */
  private async remind(term: TrackedDeadline): Promise<TrackedDeadline> {
    const fired = await fireDueRung(acts, this.reminderContext(this.caseData()), term, LADDER);
    if (fired !== term) this.changes.bump();
    return fired;
  }
}
