import { ParentClosePolicy, allHandlersFinished, condition, patched, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  type ActorArg,
  type AgreementConclusion,
  type CaseActivities,
  type ConcertationConferenceActivities,
  type ConcertationConferenceInput,
  type ConferenceOutcome,
  type ConvokeConferenceArgs,
  type ConcertationOutcomeArgs,
  type DecideRelevanceArgs,
  type IssueOpinionArgs,
  type RequestIntegrationArgs,
  type SubmitIntegrationArgs,
  type CompatibilityEvaluationActivities,
  type CompatibilityEvaluationInput,
  type CompatibilityEvaluationView,
  type DeadlineActivities,
  type NotificationIntent,
  type SubmissionReceipt,
  type TrackedDeadline,
  CONCERTATION_CONFERENCE_WORKFLOW,
  agreementConcludedSignal,
  archiveUpdate,
  availableActionsQuery,
  awaitReceiptUpdate,
  concertationConferenceWorkflowId,
  convokeConferenceUpdate,
  closeInadmissibleUpdate,
  confirmCompletenessUpdate,
  decideRelevanceUpdate,
  getEvaluationQuery,
  issueOpinionUpdate,
  recordConcertationOutcomeUpdate,
  requestIntegrationUpdate,
  submitIntegrationUpdate,
  probeActions,
  withdrawUpdate,
} from '@cmm/contracts';
import {
  EVALUATION_ACTION_SAMPLES,
  type Actor,
  type EvaluationAction,
  type EvaluationEvent,
  type EvaluationFacts,
  SYSTEM_ACTOR,
  applyEvent,
  initialStatus,
  isRefusal,
  isTerminal,
  nextState,
  refuse,
} from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { refuseUpdate } from '../shared/refusals';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

const acts = procedureActivities<CaseActivities & DeadlineActivities & CompatibilityEvaluationActivities & Pick<ConcertationConferenceActivities, 'checkSessionNotice'>>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const OPINION_RULE = { suspend: 'compatibility-evaluation.opinion', interrupt: 'compatibility-evaluation.opinion-interrupting' } as const;
const ANSWER_RULE = 'compatibility-evaluation.integration-answer';
const OPINION_LADDER = 'evaluation-120';
const ANSWER_LADDER = 'short';
const INTEGRATION_BASIS = { suspend: 'L. 241/1990 art. 2 c.7', interrupt: 'LR 12/2005 art. 14' } as const;

export async function compatibilityEvaluationWorkflow(input: CompatibilityEvaluationInput): Promise<CompatibilityEvaluationView> {
  const { workflowId } = workflowInfo();
  const facts: EvaluationFacts = {
    istatCode: input.istatCode,
    declaresSupraMunicipalRelevance: input.declaresSupraMunicipalRelevance,
    integrationEffect: input.integrationEffect,
    integrationRequestsAllowed: 0,
  };
  let status = initialStatus();
  let receipt: SubmissionReceipt | null = null;
  let opinionTerm: TrackedDeadline | null = null;
  let answerTerm: TrackedDeadline | null = null;
  let outcome: CompatibilityEvaluationView['outcome'] = null;
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();
  const now = () => new Date(Date.now()).toISOString();

  const view = (): CompatibilityEvaluationView => ({
    caseId: input.caseId,
    state: status.state,
    receipt,
    opinionTerm: opinionTerm?.view ?? null,
    answerTerm: answerTerm?.view ?? null,
    integrationRequests: status.integrationRequests,
    answerOverdue: status.answerOverdue,
    relevance: status.relevance,
    concertation: status.concertation,
    affectedMunicipalities: input.affectedMunicipalities ?? [],
    conference: status.conference,
    agreement: status.agreement,
    outcome,
  });

  /** Records the event on the case (timeline, state, registry, outbox) and moves the machine. */
  const record = async (
    event: EvaluationEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    extra: { notifications?: NotificationIntent[]; registerOutbound?: { correspondent: 'municipality'; subject: string; documentId?: string } } = {},
  ) => {
    status = applyEvent(status, event, facts);
    eventCount++;
    const result = await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type: event.type,
      payload,
      state: status.state,
      closed: isTerminal(status.state),
      idempotencyKey: `${workflowId}/${eventCount}/${event.type}`,
      ...extra,
    });
    changes.bump();
    return result;
  };

  const deadlineEvent = async (term: TrackedDeadline, ladderId: string, event: Parameters<DeadlineActivities['applyDeadlineEvent']>[0]['event']) => {
    const updated = await acts.applyDeadlineEvent({ caseId: input.caseId, deadlineId: term.view.deadlineId, ladderId, tracker: term.tracker, event, at: now() });
    changes.bump();
    return updated;
  };

  const caseData = () => ({
    caseReference: receipt?.reference,
    protocolNumber: receipt?.protocolNumber,
    actType: input.actType,
    deliberation: input.deliberation,
  });

  const action = guardedActions<EvaluationAction, ReturnType<typeof view>>(
    serial,
    (act) => {
      const verdict = nextState(status, act, facts);
      return isRefusal(verdict) ? verdict : null;
    },
    view,
  );

  setHandler(getEvaluationQuery, view);
  // What a user may do now: the validators' own check on a sample of each action (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(EVALUATION_ACTION_SAMPLES, (act) => {
      const verdict = nextState(status, act, facts);
      return isRefusal(verdict) ? verdict : null;
    }, actor, status),
  );
  setHandler(awaitReceiptUpdate, async () => {
    // The receipt is given once the case takes actions, so a client may act right after it.
    await condition(() => receipt !== null && status.state !== 'received');
    return receipt as SubmissionReceipt;
  });

  setHandler(
    confirmCompletenessUpdate,
    ...handlerPair(action<ActorArg>(({ actor }) => ({ type: 'confirm-completeness', actor }), async (_, act) => {
      await record(act, act.actor, {});
    })),
  );

  setHandler(
    requestIntegrationUpdate,
    ...handlerPair(action<RequestIntegrationArgs>((arg) => ({ type: 'request-integration', ...arg }), async (arg, act) => {
      if (opinionTerm && input.integrationEffect === 'suspend') {
        opinionTerm = await deadlineEvent(opinionTerm, OPINION_LADDER, {
          type: 'suspend',
          by: arg.actor.subject,
          reason: `richiesta di integrazioni: ${arg.missing.join('; ')}`,
          legalBasis: INTEGRATION_BASIS.suspend,
        });
      }
      answerTerm = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/integration-answer/${status.integrationRequests + 1}`,
        ruleId: ANSWER_RULE,
        ladderId: ANSWER_LADDER,
        startInstant: now(),
      });
      await record(act, arg.actor, { missing: arg.missing, note: arg.note, answerDueDate: answerTerm.view.dueDate }, {
        notifications: [
          {
            key: `integration-requested/${status.integrationRequests + 1}`,
            templateId: 'integration-requested',
            to: 'municipality',
            channel: 'pec',
            data: { ...caseData(), missing: arg.missing, note: arg.note, effect: input.integrationEffect, deadline: { date: answerTerm.view.dueDate, legalSource: answerTerm.view.legalSource } },
          },
        ],
      });
    })),
  );

  setHandler(
    submitIntegrationUpdate,
    ...handlerPair(action<SubmitIntegrationArgs>((arg) => ({ type: 'submit-integration', ...arg }), async (arg, act) => {
      if (opinionTerm) {
        const effect = input.integrationEffect;
        opinionTerm = await deadlineEvent(opinionTerm, OPINION_LADDER, {
          type: effect === 'suspend' ? 'resume' : 'interrupt',
          by: arg.actor.subject,
          reason: 'integrazioni ricevute',
          legalBasis: INTEGRATION_BASIS[effect],
        });
      }
      if (answerTerm) await acts.closeDeadline({ deadlineId: answerTerm.view.deadlineId, status: 'met' });
      answerTerm = null;
      await record(act, arg.actor, { note: arg.note, documentIds: arg.documentIds, opinionDueDate: opinionTerm?.view.dueDate ?? null }, {
        notifications: [
          { key: `integration-received/${status.integrationRequests}`, templateId: 'integration-received', to: 'officers', channel: 'email', data: { ...caseData(), note: arg.note } },
        ],
      });
    })),
  );

  setHandler(
    decideRelevanceUpdate,
    ...handlerPair(action<DecideRelevanceArgs>((arg) => ({ type: 'decide-relevance', ...arg }), async (arg, act) => {
      await record(act, arg.actor, { recognised: arg.recognised, reasons: arg.reasons });
    })),
  );

  setHandler(
    recordConcertationOutcomeUpdate,
    ...handlerPair(action<ConcertationOutcomeArgs>((arg) => ({ type: 'record-concertation-outcome', ...arg }), async (arg, act) => {
      await record(act, arg.actor, { outcome: arg.outcome, reasons: arg.reasons });
    })),
  );

  setHandler(
    convokeConferenceUpdate,
    ...handlerPair(
      action<ConvokeConferenceArgs>(
        (arg) => ({ type: 'convoke-conference', actor: arg.actor, conferenceCaseId: '', convened: arg.convened }),
        async (arg) => {
          // The convocation notice is the rulebook's: asked of the calendar, so history records it.
          const verdict = await acts.checkSessionNotice({ startsAt: arg.firstSession.startsAt, at: now() });
          if (!verdict.ok) {
            refuseUpdate(
              refuse('invalid-input', {
                it: `firstSession.startsAt: una seduta in quel giorno va convocata entro il ${verdict.latestConvocationDate.split('-').reverse().join('/')} (preavviso di ${verdict.noticeDays} giorni, ${verdict.legalSource})`,
                en: `firstSession.startsAt: a session on that day must be convened by ${verdict.latestConvocationDate} (${verdict.noticeDays} days' notice, ${verdict.legalSource})`,
              }),
            );
          }
          const conferenceCaseId = uuid4();
          const conference: ConcertationConferenceInput = {
            caseId: conferenceCaseId,
            parentCaseId: input.caseId,
            notifyWorkflowId: workflowId,
            istatCode: input.istatCode,
            subject: arg.subject,
            agenda: arg.agenda,
            convened: arg.convened,
            firstSession: arg.firstSession,
            startedBy: arg.actor,
            startedAt: now(),
          };
          // Abandoned, not terminated, if this case closes first (e.g. silence = favourable): the
          // municipalities' conference and any agreement keep their own life.
          const child = await startChild(CONCERTATION_CONFERENCE_WORKFLOW, {
            workflowId: concertationConferenceWorkflowId(conferenceCaseId),
            args: [conference],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
          await record({ type: 'convoke-conference', actor: arg.actor, conferenceCaseId, convened: arg.convened }, arg.actor, {
            conferenceCaseId,
            convened: arg.convened,
            subject: arg.subject,
          });
          void child.result().then((result: ConferenceOutcome) => serial.run(() => concertationConcluded(result)));
        },
      ),
    ),
  );

  async function concertationConcluded(result: ConferenceOutcome): Promise<void> {
    // A withdrawal is not an outcome: the concertation stays open, so the officer can record the
    // outcome of a conference held outside the system or convene a new one. Histories recorded
    // before this change took it as "agreement not reached" and keep replaying that way.
    if (result.outcome === 'withdrawn' && patched('conference-withdrawal-is-not-an-outcome')) {
      const withdrawn: EvaluationEvent = { type: 'conference-withdrawn', conferenceCaseId: result.conferenceCaseId, reason: result.reasons };
      if (isTerminal(status.state) || isRefusal(nextState(status, withdrawn, facts))) return;
      await record(withdrawn, SYSTEM_ACTOR, { ...result }, {
        notifications: [
          { key: `conference-withdrawn/${result.conferenceCaseId}`, templateId: 'concertation-concluded', to: 'officers', channel: 'email', data: { ...caseData(), outcome: result.outcome, reasons: result.reasons } },
        ],
      });
      return;
    }
    const event: EvaluationEvent = {
      type: 'concertation-concluded',
      conferenceCaseId: result.conferenceCaseId,
      outcome: result.outcome === 'agreement-reached' ? 'agreement-reached' : 'agreement-not-reached',
      reasons: result.reasons,
      agreementCaseId: result.agreementCaseId,
    };
    if (isTerminal(status.state) || isRefusal(nextState(status, event, facts))) return;
    await record(event, SYSTEM_ACTOR, { ...result }, {
      notifications: [
        { key: 'concertation-concluded', templateId: 'concertation-concluded', to: 'officers', channel: 'email', data: { ...caseData(), outcome: result.outcome, reasons: result.reasons } },
      ],
    });
  }

  setHandler(agreementConcludedSignal, async (conclusion: AgreementConclusion) => {
    await serial.run(async () => {
      const event: EvaluationEvent = { type: 'agreement-concluded', agreementCaseId: conclusion.agreementCaseId, outcome: conclusion.outcome, inForceOn: conclusion.inForceOn };
      if (isTerminal(status.state) || status.agreement?.caseId === conclusion.agreementCaseId) return;
      await record(event, SYSTEM_ACTOR, { ...conclusion });
    });
  });

  setHandler(
    issueOpinionUpdate,
    ...handlerPair(action<IssueOpinionArgs>((arg) => ({ type: 'issue-opinion', ...arg }), async (arg, act) => {
      const { protocolNumber } = await record(
        act,
        arg.actor,
        { outcome: arg.outcome, prescriptions: arg.prescriptions, reasons: arg.reasons, documentId: arg.documentId, concertation: status.concertation },
        {
          registerOutbound: { correspondent: 'municipality', subject: `Parere di compatibilità al PTM — ${receipt?.reference ?? input.caseId}`, documentId: arg.documentId },
          notifications: [
            {
              key: 'opinion-issued',
              templateId: 'opinion-issued',
              to: 'municipality',
              channel: 'pec',
              data: { ...caseData(), outcome: arg.outcome, prescriptions: arg.prescriptions, reasons: arg.reasons },
            },
          ],
        },
      );
      outcome = { kind: 'opinion', outcome: arg.outcome, protocolNumber };
      await closeTerms('met');
    })),
  );

  const closingAction = (type: 'withdraw' | 'archive' | 'close-inadmissible', to: NotificationIntent['to']) =>
    action<{ actor: Actor; reason?: string; reasons?: string }>(
      (arg) => (type === 'close-inadmissible' ? { type, actor: arg.actor, reasons: arg.reasons ?? '' } : { type, actor: arg.actor, reason: arg.reason ?? '' }),
      async (arg, act) => {
        const reason = arg.reason ?? arg.reasons ?? '';
        await record(act, arg.actor, { reason }, {
          notifications: [{ key: type, templateId: 'case-closed', to, channel: to === 'municipality' ? 'pec' : 'email', data: { ...caseData(), closure: type, reason } }],
        });
        outcome = { kind: 'closed', state: status.state, reason };
        await closeTerms('cancelled');
      },
    );
  setHandler(withdrawUpdate, ...handlerPair(closingAction('withdraw', 'officers')));
  setHandler(archiveUpdate, ...handlerPair(closingAction('archive', 'municipality')));
  setHandler(closeInadmissibleUpdate, ...handlerPair(closingAction('close-inadmissible', 'municipality')));

  function currentTerms(): { opinion: TrackedDeadline | null; answer: TrackedDeadline | null } {
    return { opinion: opinionTerm, answer: answerTerm };
  }

  async function closeTerms(opinionStatus: 'met' | 'expired' | 'cancelled') {
    if (opinionTerm) await acts.closeDeadline({ deadlineId: opinionTerm.view.deadlineId, status: opinionStatus });
    if (answerTerm) await acts.closeDeadline({ deadlineId: answerTerm.view.deadlineId, status: 'cancelled' });
    answerTerm = null;
  }

  // Registration: the case exists, with its protocol number, before any action is accepted.
  receipt = await acts.registerSubmission(input);
  opinionTerm = await acts.startDeadline({
    caseId: input.caseId,
    deadlineId: `${input.caseId}/opinion`,
    ruleId: OPINION_RULE[input.integrationEffect],
    ladderId: OPINION_LADDER,
    startInstant: input.receivedAt,
  });
  facts.integrationRequestsAllowed =
    input.integrationEffect === 'suspend' ? opinionTerm.view.limits.suspensions : opinionTerm.view.limits.interruptions;
  await serial.run(() => record({ type: 'registered' }, SYSTEM_ACTOR, { opinionDueDate: opinionTerm?.view.dueDate ?? null }));

  while (!isTerminal(status.state)) {
    const seen = changes.current;
    // Handlers reassign the terms; read them through a function so the compiler does not
    // narrow them to their initial values.
    const { opinion, answer } = currentTerms();
    const wake = earliest([
      opinion?.view.next?.at,
      expiryInstant(opinion),
      answer?.view.next?.at,
      status.state === 'integration-requested' && !status.answerOverdue ? expiryInstant(answer) : undefined,
    ]);
    if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
  }
  await condition(allHandlersFinished);
  return view();

  /** What the clock does: reminders, automatic resumes, and the expiry of the terms. */
  async function onTime(): Promise<void> {
    if (isTerminal(status.state)) return;
    const nowMs = Date.now();
    const opinionExpiry = expiryInstant(opinionTerm);
    if (opinionTerm && opinionExpiry && Date.parse(opinionExpiry) <= nowMs) {
      const on = opinionTerm.view.dueDate;
      await record({ type: 'term-expired' }, SYSTEM_ACTOR, { dueDate: on, legalSource: opinionTerm.view.legalSource }, {
        notifications: [
          { key: 'silence-favourable/municipality', templateId: 'silence-favourable', to: 'municipality', channel: 'pec', data: { ...caseData(), deadline: { date: on, legalSource: opinionTerm.view.legalSource } } },
          { key: 'silence-favourable/officers', templateId: 'silence-favourable', to: 'officers', channel: 'email', data: { ...caseData(), deadline: { date: on, legalSource: opinionTerm.view.legalSource } } },
        ],
      });
      outcome = { kind: 'deemed-favourable', on: on ?? '', legalSource: opinionTerm.view.legalSource };
      await closeTerms('expired');
      return;
    }
    const answerExpiry = expiryInstant(answerTerm);
    if (answerTerm && answerExpiry && status.state === 'integration-requested' && !status.answerOverdue && Date.parse(answerExpiry) <= nowMs) {
      await record({ type: 'answer-term-expired' }, SYSTEM_ACTOR, { dueDate: answerTerm.view.dueDate }, {
        notifications: [{ key: `answer-term-expired/${status.integrationRequests}`, templateId: 'deadline-expired', to: 'officers', channel: 'email', data: { ...caseData(), deadline: { date: answerTerm.view.dueDate, legalSource: answerTerm.view.legalSource } } }],
      });
      await acts.closeDeadline({ deadlineId: answerTerm.view.deadlineId, status: 'expired' });
    }
    if (opinionTerm) opinionTerm = await fireDue(opinionTerm, OPINION_LADDER, 'officers');
    if (answerTerm) answerTerm = await fireDue(answerTerm, ANSWER_LADDER, 'municipality');
  }

  async function fireDue(term: TrackedDeadline, ladderId: string, to: NotificationIntent['to']): Promise<TrackedDeadline> {
    const next = term.view.next;
    if (next?.kind === 'auto-resume' && Date.parse(next.at) <= Date.now()) {
      return deadlineEvent(term, ladderId, { type: 'resume', by: SYSTEM_ACTOR.subject, reason: 'limite massimo della sospensione raggiunto', legalBasis: INTEGRATION_BASIS.suspend });
    }
    if (next?.kind !== 'rung' || Date.parse(next.at) > Date.now()) return term;
    eventCount++;
    const fired = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: String(eventCount), caseData: caseData() }, term, ladderId, to);
    changes.bump();
    return fired;
  }
}
