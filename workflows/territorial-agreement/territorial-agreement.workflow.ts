import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type AddAgreementDraftArgs,
  type AgreementActorArg,
  type AgreementConclusion,
  type AgreementRegistration,
  type CaseActivities,
  type CaseEventInput,
  type CommitmentTermView,
  type DeadlineActivities,
  FUND_CONTRIBUTION_BASES,
  type FundCommitment,
  type NotificationIntent,
  type RefuseAgreementArgs,
  type SetAgreementCommitmentsArgs,
  type SignAgreementArgs,
  type TerritorialAgreementActivities,
  type TerritorialAgreementInput,
  type TerritorialAgreementView,
  type TrackedDeadline,
  addAgreementDraftUpdate,
  agreementConcludedSignal,
  awaitAgreementRegistrationUpdate,
  declareAgreementFailedUpdate,
  availableActionsQuery,
  getTerritorialAgreementQuery,
  probeActions,
  refuseAgreementUpdate,
  sendAgreementForSignatureUpdate,
  setAgreementCommitmentsUpdate,
  signAgreementUpdate,
  withdrawAgreementUpdate,
  type SignedDocumentCheck,
} from '@cmm/contracts';
import {
  AGREEMENT_ACTION_SAMPLES,
  type Actor,
  type AgreementAction,
  type AgreementEvent,
  type AgreementFacts,
  CMM_PARTY,
  SYSTEM_ACTOR,
  agreementPartyOf,
  applyAgreementEvent,
  initialAgreementStatus,
  isAgreementRefusal,
  isAgreementTerminal,
  nextAgreementState,
  pendingParties,
  type Refusal,
  refuse,
} from '@cmm/domain';
import { ChangeCounter, waitForInstantOrChange } from '../shared/deadline-wait';
import { refuseUpdate } from '../shared/refusals';
import { SerialQueue } from '../shared/serial-queue';
import { earliest, expiryInstant, fireDueRung, handlerPair } from '../shared/tracked-terms';
import { procedureActivities } from '../shared/procedure-activities';
import { guardedActions } from '../shared/guarded-actions';

const acts = procedureActivities<CaseActivities & DeadlineActivities & TerritorialAgreementActivities>();

// Rule and ladder ids are data (libs/legal-calendar rulebook); the workflow only names them.
const SIGNATURE_RULE = 'territorial-agreement.signature';
const COMMITMENT_RULE = 'territorial-agreement.commitment-due';
/** Since the ledger posts commitments: a due date asks it whether the commitment was paid. */
const LEDGER_SETTLEMENT_PATCH = 'commitment-settlement-from-ledger';
const LADDER = 'standard';

// A civil date's noon in Rome is that day whatever the season; the eve is plain UTC arithmetic (replay-safe).
/** An unsigned document refused in both languages, named after the field; older histories carry the English reason only. */
const signatureRefusal = (check: SignedDocumentCheck): Refusal => {
  const field = (text: string) => (text.startsWith('documentId') ? text : `documentId: ${text}`);
  const reason = check.reason ?? 'not a signed document';
  return check.reasonText
    ? refuse('invalid-input', { it: field(check.reasonText.it), en: field(check.reasonText.en) })
    : refuse('invalid-input', field(reason));
};

const noonOf = (date: string) => `${date}T10:00:00.000Z`;
const eveOf = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);

interface CommitmentTerm {
  index: number;
  party: string;
  term: TrackedDeadline;
  open: boolean;
}

/**
 * Accordo territoriale (NdA PTM art. 10-11; Relazione generale §4.2, §4.5): drafts, the
 * commitments of each party to the Fondo perequativo, signature collection with its term and
 * reminders, renegotiation after a refusal, and the commitments' due dates once in force.
 * Started by a concertation conference (as a child) or by an officer on its own.
 */
export async function territorialAgreementWorkflow(input: TerritorialAgreementInput): Promise<AgreementConclusion> {
  const { workflowId } = workflowInfo();
  const facts: AgreementFacts = {
    parties: [...input.municipalities, ...(input.metropolitanExternalities ? [CMM_PARTY] : [])],
    contributionBases: FUND_CONTRIBUTION_BASES,
  };
  let status = initialAgreementStatus();
  let registration: AgreementRegistration | null = null;
  let signatureTerm: TrackedDeadline | null = null;
  let signatureOpen = false;
  const commitmentTerms: CommitmentTerm[] = [];
  let conclusion: AgreementConclusion | null = null;
  let eventCount = 0;
  const changes = new ChangeCounter();
  const serial = new SerialQueue();
  const now = () => new Date(Date.now()).toISOString();
  const cmmIsParty = facts.parties.includes(CMM_PARTY);

  const view = (): TerritorialAgreementView => ({
    caseId: input.caseId,
    reference: registration?.reference ?? null,
    subject: input.subject,
    state: status.state,
    parentCaseId: input.parentCaseId,
    parties: facts.parties.map((party) => ({
      party,
      name: registration ? partyName(party) : null,
      signature: status.signatures.find((s) => s.party === party) ?? null,
      refusal: status.refusals.find((r) => r.party === party) ?? null,
    })),
    draft: status.draft,
    // The machine checked every legal basis against FUND_CONTRIBUTION_BASES.
    commitments: status.commitments as FundCommitment[],
    signatureTerm: signatureTerm?.view ?? null,
    signatureOverdue: status.signatureOverdue,
    refusals: status.refusals,
    rounds: status.rounds,
    commitmentTerms: commitmentTerms.map(({ index, party, term, open }): CommitmentTermView => ({ index, party, term: term.view, open })),
    conclusion,
  });

  const partyName = (party: string | null) =>
    party === CMM_PARTY ? 'Città metropolitana di Milano' : `Comune di ${registration?.partyNames[party ?? ''] ?? party}`;

  const caseData = () => ({ caseReference: registration?.reference, agreementTitle: input.subject, draftVersion: status.draft?.version ?? null });

  /** Notices to the parties by PEC, and to CMM's mailbox when CMM is a party too. */
  const toParties = (key: string, templateId: string, data: Record<string, unknown>): NotificationIntent[] => [
    { key: `${key}/parties`, templateId, to: 'parties', channel: 'pec', data },
    ...(cmmIsParty ? [{ key: `${key}/cmm`, templateId, to: 'officers' as const, channel: 'email' as const, data }] : []),
  ];

  const recordEvent = async (type: string, actor: Actor, payload: Record<string, unknown>, extra: Pick<CaseEventInput, 'notifications' | 'registerOutbound'> = {}) => {
    eventCount++;
    const result = await acts.recordCaseEvent({
      caseId: input.caseId,
      workflowId,
      actor,
      type,
      payload,
      state: status.state,
      closed: isAgreementTerminal(status.state),
      idempotencyKey: `${workflowId}/${eventCount}/${type}`,
      ...extra,
    });
    changes.bump();
    return result;
  };

  /** Moves the machine and records the event on the case (timeline, state, registry, outbox). */
  const record = (event: AgreementEvent, actor: Actor, payload: Record<string, unknown>, extra: Pick<CaseEventInput, 'notifications' | 'registerOutbound'> = {}) => {
    status = applyAgreementEvent(status, event, facts);
    return recordEvent(event.type, actor, payload, extra);
  };

  const action = guardedActions<AgreementAction, ReturnType<typeof view>>(
    serial,
    (act) => {
      const verdict = nextAgreementState(status, act, facts);
      return isAgreementRefusal(verdict) ? verdict : null;
    },
    view,
  );

  setHandler(getTerritorialAgreementQuery, view);
  // What a user may do now: the validators' own check on a sample of each action (a query: no history).
  setHandler(availableActionsQuery, (actor: Actor) =>
    probeActions(AGREEMENT_ACTION_SAMPLES, (act) => {
      const verdict = nextAgreementState(status, act, facts);
      return isAgreementRefusal(verdict) ? verdict : null;
    }, actor, status),
  );
  setHandler(awaitAgreementRegistrationUpdate, async () => {
    await condition(() => registration !== null);
    return registration as AgreementRegistration;
  });

  setHandler(
    addAgreementDraftUpdate,
    ...handlerPair(
      action<AddAgreementDraftArgs>(
        (arg) => ({ type: 'add-draft', actor: arg.actor, documentIds: arg.documentIds, note: arg.note, at: now() }),
        async (arg, act) => {
          // A new text during the signatures ends that round: its term no longer applies.
          signatureOpen = await closeIfOpen(signatureTerm, signatureOpen, 'cancelled');
          const superseded = status.draft?.version ?? null;
          await record(act, arg.actor, { version: (superseded ?? 0) + 1, documentIds: arg.documentIds, note: arg.note, supersedes: superseded });
        },
      ),
    ),
  );

  setHandler(
    setAgreementCommitmentsUpdate,
    ...handlerPair(
      action<SetAgreementCommitmentsArgs>(
        (arg) => ({ type: 'set-commitments', actor: arg.actor, commitments: arg.commitments }),
        async (arg, act) => {
          await record(act, arg.actor, { draftVersion: status.draft?.version ?? null, commitments: arg.commitments });
        },
      ),
    ),
  );

  setHandler(
    sendAgreementForSignatureUpdate,
    ...handlerPair(
      action<AgreementActorArg>(
        ({ actor }) => ({ type: 'send-for-signature', actor }),
        async (arg, act) => {
          const round = status.rounds + 1;
          signatureTerm = await acts.startDeadline({
            caseId: input.caseId,
            deadlineId: `${input.caseId}/signature/${round}`,
            ruleId: SIGNATURE_RULE,
            ladderId: LADDER,
            startInstant: now(),
          });
          signatureOpen = true;
          const deadline = { date: signatureTerm.view.dueDate, legalSource: signatureTerm.view.legalSource };
          await record(act, arg.actor, { round, draftVersion: status.draft?.version, signatureDueDate: deadline.date }, {
            notifications: toParties(`agreement-to-sign/${round}`, 'agreement-to-sign', {
              ...caseData(),
              documentIds: status.draft?.documentIds ?? [],
              commitments: status.commitments,
              deadline,
            }),
          });
        },
      ),
    ),
  );

  setHandler(
    signAgreementUpdate,
    ...handlerPair(
      action<SignAgreementArgs>(
        (arg) => ({ type: 'sign', actor: arg.actor, documentId: arg.documentId, draftVersion: arg.draftVersion, at: now() }),
        async (arg, act) => {
          // The bytes decide: the validator cannot read them, so the check runs here and a
          // document that carries no signature is refused before anything is recorded.
          const check = await acts.verifySignedDocument({ caseId: input.caseId, documentId: arg.documentId });
          if (!check.signed) refuseUpdate(signatureRefusal(check));
          const party = agreementPartyOf(arg.actor, facts);
          await record(act, arg.actor, {
            party,
            documentId: arg.documentId,
            documentVersion: check.version,
            sha256: check.sha256,
            format: check.format,
            draftVersion: arg.draftVersion,
          });
          if (status.state === 'in-force') await comeIntoForce();
        },
      ),
    ),
  );

  setHandler(
    refuseAgreementUpdate,
    ...handlerPair(
      action<RefuseAgreementArgs>(
        (arg) => ({ type: 'refuse', actor: arg.actor, reasons: arg.reasons, draftVersion: arg.draftVersion, at: now() }),
        async (arg, act) => {
          const party = agreementPartyOf(arg.actor, facts);
          signatureOpen = await closeIfOpen(signatureTerm, signatureOpen, 'cancelled');
          await record(act, arg.actor, { party, reasons: arg.reasons, draftVersion: arg.draftVersion }, {
            notifications: [
              {
                key: `agreement-refused/${status.draft?.version}/${party}`,
                templateId: 'agreement-refused',
                to: 'officers',
                channel: 'email',
                data: { ...caseData(), partyName: partyName(party), reasons: arg.reasons },
              },
            ],
          });
        },
      ),
    ),
  );

  const closingAction = (type: 'declare-failed' | 'withdraw') =>
    action<{ actor: Actor; reason?: string; reasons?: string }>(
      (arg) => (type === 'declare-failed' ? { type, actor: arg.actor, reasons: arg.reasons ?? '' } : { type, actor: arg.actor, reason: arg.reason ?? '' }),
      async (arg, act) => {
        const reason = arg.reasons ?? arg.reason ?? '';
        signatureOpen = await closeIfOpen(signatureTerm, signatureOpen, 'cancelled');
        const outcome =
          type === 'declare-failed'
            ? { it: `accordo non raggiunto (${reason})`, en: `no agreement reached (${reason})` }
            : { it: `procedimento ritirato (${reason})`, en: `procedure withdrawn (${reason})` };
        await record(act, arg.actor, { reason }, { notifications: toParties(type, 'case-closed', { ...caseData(), outcome }) });
        await conclude({ agreementCaseId: input.caseId, outcome: type === 'declare-failed' ? 'failed' : 'withdrawn', inForceOn: null, reason });
      },
    );
  setHandler(declareAgreementFailedUpdate, ...handlerPair(closingAction('declare-failed')));
  setHandler(withdrawAgreementUpdate, ...handlerPair(closingAction('withdraw')));

  // Registration: the case and its parties exist before any action is accepted.
  await serial.run(async () => {
    registration = await acts.registerAgreement(input);
    changes.bump();
  });

  // Until concluded (set only once a closing step has fully run, terms started), then until
  // the last commitment's due date has passed.
  while (currentConclusion() === null || openCommitmentTerms().length > 0) {
    const seen = changes.current;
    const signature = status.state === 'awaiting-signatures' ? currentSignatureTerm() : null;
    const wake = earliest([
      signature?.view.next?.at,
      signature && !status.signatureOverdue ? expiryInstant(signature) : undefined,
      ...openCommitmentTerms().flatMap((c) => [c.term.view.next?.at, expiryInstant(c.term)]),
    ]);
    if ((await waitForInstantOrChange(wake, changes.since(seen))) === 'reached') await serial.run(onTime);
  }
  await condition(allHandlersFinished);
  return currentConclusion() as AgreementConclusion;

  // Handlers reassign these; reading through a function keeps the compiler from narrowing them.
  function currentSignatureTerm(): TrackedDeadline | null {
    return signatureTerm;
  }

  function currentConclusion(): AgreementConclusion | null {
    return conclusion;
  }

  function openCommitmentTerms(): CommitmentTerm[] {
    return commitmentTerms.filter((c) => c.open);
  }

  async function closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, closing: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: closing });
    return false;
  }

  /**
   * Every party signed: the agreement is registered outbound and notified, its commitments
   * are stored for the Fund ledger and each due date becomes a tracked term.
   */
  async function comeIntoForce(): Promise<void> {
    signatureOpen = await closeIfOpen(signatureTerm, signatureOpen, 'met');
    const commitments = status.commitments as FundCommitment[];
    const { inForceOn } = await acts.recordAgreementCommitments({ caseId: input.caseId, commitments, inForceAt: now() });
    for (const [index, commitment] of commitments.entries()) {
      if (!commitment.dueDate) continue;
      // Counted one day forward from the eve, so the term falls due on the agreed date itself.
      const term = await acts.startDeadline({
        caseId: input.caseId,
        deadlineId: `${input.caseId}/commitment/${index}`,
        ruleId: COMMITMENT_RULE,
        ladderId: LADDER,
        startInstant: noonOf(eveOf(commitment.dueDate)),
      });
      commitmentTerms.push({ index, party: commitment.party, term, open: true });
    }
    await recordEvent(
      'agreement-in-force',
      SYSTEM_ACTOR,
      { inForceOn, draftVersion: status.draft?.version, signatures: status.signatures, commitments: commitments.length },
      {
        registerOutbound: {
          correspondent: 'parties',
          subject: `Accordo territoriale — ${input.subject} (${registration?.reference ?? input.caseId})`,
          ...(status.draft?.documentIds[0] ? { documentId: status.draft.documentIds[0] } : {}),
        },
        notifications: toParties('agreement-in-force', 'agreement-in-force', { ...caseData(), inForceOn, commitments }),
      },
    );
    await conclude({ agreementCaseId: input.caseId, outcome: 'in-force', inForceOn, reason: null });
  }

  /** Tells the waiting workflow (if any); one that no longer exists must not fail the agreement. */
  async function conclude(result: AgreementConclusion): Promise<void> {
    conclusion = result;
    changes.bump();
    if (!input.notifyWorkflowId) return;
    try {
      await getExternalWorkflowHandle(input.notifyWorkflowId).signal(agreementConcludedSignal, result);
      await recordEvent('conclusion-signalled', SYSTEM_ACTOR, { workflowId: input.notifyWorkflowId, outcome: result.outcome });
    } catch (error) {
      await recordEvent('conclusion-signal-failed', SYSTEM_ACTOR, {
        workflowId: input.notifyWorkflowId,
        outcome: result.outcome,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** What the clock does: reminders to whoever has not signed, the signature expiry, the commitments' due dates. */
  async function onTime(): Promise<void> {
    const nowMs = Date.now();
    const signature = signatureTerm;
    if (signature && status.state === 'awaiting-signatures') {
      const expiry = expiryInstant(signature);
      if (!status.signatureOverdue && expiry && Date.parse(expiry) <= nowMs) {
        const pending = pendingParties(status, facts);
        // The rule alerts the officer; the agreement stays open for late signatures, a new draft or a failure.
        await record({ type: 'signature-term-expired' }, SYSTEM_ACTOR, { dueDate: signature.view.dueDate, pending }, {
          notifications: [
            {
              key: `signature-term-expired/${status.rounds}`,
              templateId: 'deadline-expired',
              to: 'officers',
              channel: 'email',
              data: { ...caseData(), pending, deadline: { date: signature.view.dueDate, legalSource: signature.view.legalSource } },
            },
          ],
        });
        signatureOpen = await closeIfOpen(signature, signatureOpen, 'expired');
      }
      const pendingMunicipalities = pendingParties(status, facts).filter((p) => p !== CMM_PARTY);
      signatureTerm = await fireDue(signature, pendingMunicipalities.length > 0 ? { municipalities: pendingMunicipalities } : 'officers');
    }
    for (const commitment of openCommitmentTerms()) {
      const expiry = expiryInstant(commitment.term);
      if (expiry && Date.parse(expiry) <= nowMs) {
        // A commitment of money the Fund ledger shows paid in full was met: no alert.
        const settlement = patched(LEDGER_SETTLEMENT_PATCH) ? await acts.commitmentSettlement({ caseId: input.caseId, index: commitment.index }) : null;
        if (settlement?.amountCents != null && settlement.paidCents >= settlement.amountCents) {
          await recordEvent('commitment-settled', SYSTEM_ACTOR, { index: commitment.index, party: commitment.party, dueDate: commitment.term.view.dueDate, paidCents: settlement.paidCents });
          commitment.open = await closeIfOpen(commitment.term, true, 'met');
          continue;
        }
        await recordEvent('commitment-due-date-passed', SYSTEM_ACTOR, { index: commitment.index, party: commitment.party, dueDate: commitment.term.view.dueDate, ledger: settlement }, {
          notifications: [
            {
              key: `commitment-due/${commitment.index}`,
              templateId: 'deadline-expired',
              to: 'officers',
              channel: 'email',
              data: { ...caseData(), party: commitment.party, deadline: { date: commitment.term.view.dueDate, legalSource: commitment.term.view.legalSource } },
            },
          ],
        });
        commitment.open = await closeIfOpen(commitment.term, true, 'expired');
        continue;
      }
      commitment.term = await fireDue(commitment.term, commitment.party === CMM_PARTY ? 'officers' : { municipalities: [commitment.party] });
    }
  }

  async function fireDue(term: TrackedDeadline, to: NotificationIntent['to']): Promise<TrackedDeadline> {
    const next = term.view.next;
    if (next?.kind !== 'rung' || Date.parse(next.at) > Date.now()) return term;
    eventCount++;
    const fired = await fireDueRung(acts, { caseId: input.caseId, workflowId, key: String(eventCount), caseData: caseData() }, term, LADDER, to);
    changes.bump();
    return fired;
  }
}
