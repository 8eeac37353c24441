import type { UpdateDefinition } from '@temporalio/common';
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import {
  type AddAgreementDraftArgs,
  type AgreementActorArg,
  type AgreementConclusion,
  type AgreementRegistration,
  type CaseActivities,
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
  getTerritorialAgreementQuery,
  refuseAgreementUpdate,
  sendAgreementForSignatureUpdate,
  setAgreementCommitmentsUpdate,
  signAgreementUpdate,
  withdrawAgreementUpdate,
  type SignedDocumentCheck,
  type TemplateId,
} from '@cmm/contracts';
import {
  AGREEMENT_ACTION_SAMPLES,
  type Actor,
  type AgreementAction,
  type AgreementEvent,
  type AgreementFacts,
  type AgreementStatus,
  CMM_PARTY,
  SYSTEM_ACTOR,
  agreementPartyOf,
  applyAgreementEvent,
  initialAgreementStatus,
  isRefusal,
  isAgreementTerminal,
  nextAgreementState,
  pendingParties,
  type Refusal,
  refuse,
} from '@cmm/domain';
import { type CaseEventExtra, ProcedureCase } from '../shared/procedure-case';
import { procedureActivities } from '../shared/procedure-activities';
import { refuseUpdate } from '../shared/refusals';
import { expiryInstant } from '../shared/tracked-terms';

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

type ClosingArgs = { actor: Actor; reason?: string; reasons?: string };

/**
 * Accordo territoriale (NdA PTM art. 10-11; Relazione generale §4.2, §4.5): drafts, the
 * commitments of each party to the Fondo perequativo, signature collection with its term and
 * reminders, renegotiation after a refusal, and the commitments' due dates once in force.
 * Started by a concertation conference (as a child) or by an officer on its own.
 */
export async function territorialAgreementWorkflow(input: TerritorialAgreementInput): Promise<AgreementConclusion> {
  return new TerritorialAgreementCase(input).run();
}

class TerritorialAgreementCase extends ProcedureCase<AgreementStatus, AgreementEvent, AgreementAction, TerritorialAgreementView> {
  protected status = initialAgreementStatus();
  private readonly facts: AgreementFacts;
  private readonly cmmIsParty: boolean;
  private registration: AgreementRegistration | null = null;
  private signatureTerm: TrackedDeadline | null = null;
  private signatureOpen = false;
  private readonly commitmentTerms: CommitmentTerm[] = [];
  private conclusion: AgreementConclusion | null = null;

  constructor(private readonly input: TerritorialAgreementInput) {
    super(acts);
    this.facts = {
      parties: [...input.municipalities, ...(input.metropolitanExternalities ? [CMM_PARTY] : [])],
      contributionBases: FUND_CONTRIBUTION_BASES,
    };
    this.cmmIsParty = this.facts.parties.includes(CMM_PARTY);
    setHandler(getTerritorialAgreementQuery, () => this.view());
    this.offerActions(() => AGREEMENT_ACTION_SAMPLES);
    setHandler(awaitAgreementRegistrationUpdate, async () => {
      await condition(() => this.registration !== null);
      return this.registration as AgreementRegistration;
    });
    this.action(
      addAgreementDraftUpdate,
      (arg: AddAgreementDraftArgs) => ({
        type: 'add-draft',
        actor: arg.actor,
        documentIds: arg.documentIds,
        note: arg.note,
        at: this.now(),
      }),
      async (arg, act) => {
        // A new text during the signatures ends that round: its term no longer applies.
        this.signatureOpen = await this.closeIfOpen(this.signatureTerm, this.signatureOpen, 'cancelled');
        const superseded = this.status.draft?.version ?? null;
        await this.record(act, arg.actor, {
          version: (superseded ?? 0) + 1,
          documentIds: arg.documentIds,
          note: arg.note,
          supersedes: superseded,
        });
      },
    );
    this.action(
      setAgreementCommitmentsUpdate,
      (arg: SetAgreementCommitmentsArgs) => ({ type: 'set-commitments', actor: arg.actor, commitments: arg.commitments }),
      async (arg, act) => {
        await this.record(act, arg.actor, { draftVersion: this.status.draft?.version ?? null, commitments: arg.commitments });
      },
    );
    this.action(
      sendAgreementForSignatureUpdate,
      ({ actor }: AgreementActorArg) => ({ type: 'send-for-signature', actor }),
      (arg, act) => this.sendForSignature(arg, act),
    );
    this.action(
      signAgreementUpdate,
      (arg: SignAgreementArgs) => ({
        type: 'sign',
        actor: arg.actor,
        documentId: arg.documentId,
        draftVersion: arg.draftVersion,
        at: this.now(),
      }),
      (arg, act) => this.sign(arg, act),
    );
    this.action(
      refuseAgreementUpdate,
      (arg: RefuseAgreementArgs) => ({
        type: 'refuse',
        actor: arg.actor,
        reasons: arg.reasons,
        draftVersion: arg.draftVersion,
        at: this.now(),
      }),
      (arg, act) => this.refuse(arg, act),
    );
    this.closingAction(declareAgreementFailedUpdate, 'declare-failed');
    this.closingAction(withdrawAgreementUpdate, 'withdraw');
  }

  async run(): Promise<AgreementConclusion> {
    // Registration: the case and its parties exist before any action is accepted.
    await this.serial.run(async () => {
      this.registration = await acts.registerAgreement(this.input);
      this.indexCase();
      this.changes.bump();
    });
    await this.runUntilClosed();
    return this.conclusion as AgreementConclusion;
  }

  protected caseIndex() {
    return {
      procedure: 'territorial-agreement' as const,
      reference: this.registration?.reference ?? null,
      istatCodes: this.input.municipalities,
    };
  }

  protected get caseId(): string {
    return this.input.caseId;
  }

  view(): TerritorialAgreementView {
    const { input, status } = this;
    return {
      caseId: input.caseId,
      reference: this.registration?.reference ?? null,
      subject: input.subject,
      state: status.state,
      parentCaseId: input.parentCaseId,
      parties: this.facts.parties.map((party) => ({
        party,
        name: this.registration ? this.partyName(party) : null,
        signature: status.signatures.find((s) => s.party === party) ?? null,
        refusal: status.refusals.find((r) => r.party === party) ?? null,
      })),
      draft: status.draft,
      // The machine checked every legal basis against FUND_CONTRIBUTION_BASES.
      commitments: status.commitments as FundCommitment[],
      signatureTerm: this.signatureTerm?.view ?? null,
      signatureOverdue: status.signatureOverdue,
      refusals: status.refusals,
      rounds: status.rounds,
      commitmentTerms: this.commitmentTerms.map(({ index, party, term, open }): CommitmentTermView => ({
        index,
        party,
        term: term.view,
        open,
      })),
      conclusion: this.conclusion,
    };
  }

  protected applied(event: AgreementEvent): AgreementStatus {
    return applyAgreementEvent(this.status, event, this.facts);
  }

  protected refusalOf(action: AgreementAction) {
    const verdict = nextAgreementState(this.status, action, this.facts);
    return isRefusal(verdict) ? verdict : null;
  }

  protected isClosed(): boolean {
    return isAgreementTerminal(this.status.state);
  }

  /**
   * Until concluded (set only once a closing step has fully run, terms started), then until
   * the last commitment's due date has passed.
   */
  protected override keepsRunning(): boolean {
    return this.conclusion === null || this.openCommitmentTerms().length > 0;
  }

  private partyName(party: string | null): string {
    return party === CMM_PARTY ? 'Città metropolitana di Milano' : `Comune di ${this.registration?.partyNames[party ?? ''] ?? party}`;
  }

  private caseData() {
    return {
      caseReference: this.registration?.reference,
      agreementTitle: this.input.subject,
      draftVersion: this.status.draft?.version ?? null,
    };
  }

  /** Notices to the parties by PEC, and to CMM's mailbox when CMM is a party too. */
  private toParties(key: string, templateId: TemplateId, data: Record<string, unknown>): NotificationIntent[] {
    return [
      { key: `${key}/parties`, templateId, to: 'parties', channel: 'pec', data },
      ...(this.cmmIsParty ? [{ key: `${key}/cmm`, templateId, to: 'officers' as const, channel: 'email' as const, data }] : []),
    ];
  }

  /** Records what happened to the agreement without moving its machine (entry into force, bookkeeping). */
  private recordFact(type: string, actor: Actor, payload: Record<string, unknown>, extra: CaseEventExtra = {}) {
    return this.recordOnCase({ actor, type, payload, state: this.status.state, closed: this.isClosed(), ...extra });
  }

  private openCommitmentTerms(): CommitmentTerm[] {
    return this.commitmentTerms.filter((c) => c.open);
  }

  private async closeIfOpen(term: TrackedDeadline | null, isOpen: boolean, closing: 'met' | 'expired' | 'cancelled'): Promise<false> {
    if (term && isOpen) await acts.closeDeadline({ deadlineId: term.view.deadlineId, status: closing });
    return false;
  }

  private async sendForSignature(arg: AgreementActorArg, act: AgreementAction): Promise<void> {
    const round = this.status.rounds + 1;
    const signatureTerm = await acts.startDeadline({
      caseId: this.input.caseId,
      deadlineId: `${this.input.caseId}/signature/${round}`,
      ruleId: SIGNATURE_RULE,
      ladderId: LADDER,
      startInstant: this.now(),
    });
    this.signatureTerm = signatureTerm;
    this.signatureOpen = true;
    const deadline = { date: signatureTerm.view.dueDate, legalSource: signatureTerm.view.legalSource };
    await this.record(
      act,
      arg.actor,
      { round, draftVersion: this.status.draft?.version, signatureDueDate: deadline.date },
      {
        notifications: this.toParties(`agreement-to-sign/${round}`, 'agreement-to-sign', {
          ...this.caseData(),
          documentIds: this.status.draft?.documentIds ?? [],
          commitments: this.status.commitments,
          deadline,
        }),
      },
    );
  }

  private async sign(arg: SignAgreementArgs, act: AgreementAction): Promise<void> {
    // The bytes decide: the validator cannot read them, so the check runs here and a
    // document that carries no signature is refused before anything is recorded.
    const check = await acts.verifySignedDocument({ caseId: this.input.caseId, documentId: arg.documentId });
    if (!check.signed) refuseUpdate(signatureRefusal(check));
    const party = agreementPartyOf(arg.actor, this.facts);
    await this.record(act, arg.actor, {
      party,
      documentId: arg.documentId,
      documentVersion: check.version,
      sha256: check.sha256,
      format: check.format,
      draftVersion: arg.draftVersion,
    });
    if (this.status.state === 'in-force') await this.comeIntoForce();
  }

  private async refuse(arg: RefuseAgreementArgs, act: AgreementAction): Promise<void> {
    const party = agreementPartyOf(arg.actor, this.facts);
    this.signatureOpen = await this.closeIfOpen(this.signatureTerm, this.signatureOpen, 'cancelled');
    await this.record(
      act,
      arg.actor,
      { party, reasons: arg.reasons, draftVersion: arg.draftVersion },
      {
        notifications: [
          {
            key: `agreement-refused/${this.status.draft?.version}/${party}`,
            templateId: 'agreement-refused',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), partyName: this.partyName(party), reasons: arg.reasons },
          },
        ],
      },
    );
  }

  private closingAction(update: UpdateDefinition<TerritorialAgreementView, [ClosingArgs]>, type: 'declare-failed' | 'withdraw'): void {
    this.action(
      update,
      (arg: ClosingArgs) =>
        type === 'declare-failed'
          ? { type, actor: arg.actor, reasons: arg.reasons ?? '' }
          : { type, actor: arg.actor, reason: arg.reason ?? '' },
      async (arg, act) => {
        const reason = arg.reasons ?? arg.reason ?? '';
        this.signatureOpen = await this.closeIfOpen(this.signatureTerm, this.signatureOpen, 'cancelled');
        const outcome =
          type === 'declare-failed'
            ? { it: `accordo non raggiunto (${reason})`, en: `no agreement reached (${reason})` }
            : { it: `procedimento ritirato (${reason})`, en: `procedure withdrawn (${reason})` };
        await this.record(
          act,
          arg.actor,
          { reason },
          { notifications: this.toParties(type, 'case-closed', { ...this.caseData(), outcome }) },
        );
        await this.conclude({
          agreementCaseId: this.input.caseId,
          outcome: type === 'declare-failed' ? 'failed' : 'withdrawn',
          inForceOn: null,
          reason,
        });
      },
    );
  }

  /**
   * Every party signed: the agreement is registered outbound and notified, its commitments
   * are stored for the Fund ledger and each due date becomes a tracked term.
   */
  private async comeIntoForce(): Promise<void> {
    const { input, status } = this;
    this.signatureOpen = await this.closeIfOpen(this.signatureTerm, this.signatureOpen, 'met');
    const commitments = status.commitments as FundCommitment[];
    const { inForceOn } = await acts.recordAgreementCommitments({ caseId: input.caseId, commitments, inForceAt: this.now() });
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
      this.commitmentTerms.push({ index, party: commitment.party, term, open: true });
    }
    await this.recordFact(
      'agreement-in-force',
      SYSTEM_ACTOR,
      { inForceOn, draftVersion: status.draft?.version, signatures: status.signatures, commitments: commitments.length },
      {
        registerOutbound: {
          correspondent: 'parties',
          subject: `Accordo territoriale — ${input.subject} (${this.registration?.reference ?? input.caseId})`,
          ...(status.draft?.documentIds[0] ? { documentId: status.draft.documentIds[0] } : {}),
        },
        notifications: this.toParties('agreement-in-force', 'agreement-in-force', { ...this.caseData(), inForceOn, commitments }),
      },
    );
    await this.conclude({ agreementCaseId: input.caseId, outcome: 'in-force', inForceOn, reason: null });
  }

  /** Tells the waiting workflow (if any); one that no longer exists must not fail the agreement. */
  private async conclude(result: AgreementConclusion): Promise<void> {
    const { notifyWorkflowId } = this.input;
    this.conclusion = result;
    this.changes.bump();
    if (!notifyWorkflowId) return;
    try {
      await getExternalWorkflowHandle(notifyWorkflowId).signal(agreementConcludedSignal, result);
      await this.recordFact('conclusion-signalled', SYSTEM_ACTOR, { workflowId: notifyWorkflowId, outcome: result.outcome });
    } catch (error) {
      await this.recordFact('conclusion-signal-failed', SYSTEM_ACTOR, {
        workflowId: notifyWorkflowId,
        outcome: result.outcome,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  protected override *wakeInstants(): Iterable<string | undefined> {
    const signature = this.status.state === 'awaiting-signatures' ? this.signatureTerm : null;
    yield signature?.view.next?.at;
    if (signature && !this.status.signatureOverdue) yield expiryInstant(signature);
    for (const c of this.openCommitmentTerms()) {
      yield c.term.view.next?.at;
      yield expiryInstant(c.term);
    }
  }

  /** What the clock does: reminders to whoever has not signed, the signature expiry, the commitments' due dates. */
  protected override async onTime(): Promise<void> {
    const nowMs = Date.now();
    const signature = this.signatureTerm;
    if (signature && this.status.state === 'awaiting-signatures') {
      const expiry = expiryInstant(signature);
      if (!this.status.signatureOverdue && expiry && Date.parse(expiry) <= nowMs) await this.signatureTermExpired(signature);
      const pendingMunicipalities = pendingParties(this.status, this.facts).filter((p) => p !== CMM_PARTY);
      const remind = pendingMunicipalities.length > 0 ? { municipalities: pendingMunicipalities } : ('officers' as const);
      this.signatureTerm = await this.fireDueReminder(acts, signature, LADDER, remind, this.caseData());
    }
    for (const commitment of this.openCommitmentTerms()) {
      const expiry = expiryInstant(commitment.term);
      if (expiry && Date.parse(expiry) <= nowMs) {
        await this.commitmentDue(commitment);
        continue;
      }
      commitment.term = await this.fireDueReminder(
        acts,
        commitment.term,
        LADDER,
        commitment.party === CMM_PARTY ? 'officers' : { municipalities: [commitment.party] },
        this.caseData(),
      );
    }
  }

  private async signatureTermExpired(signature: TrackedDeadline): Promise<void> {
    const pending = pendingParties(this.status, this.facts);
    // The rule alerts the officer; the agreement stays open for late signatures, a new draft or a failure.
    await this.record(
      { type: 'signature-term-expired' },
      SYSTEM_ACTOR,
      { dueDate: signature.view.dueDate, pending },
      {
        notifications: [
          {
            key: `signature-term-expired/${this.status.rounds}`,
            templateId: 'deadline-expired',
            to: 'officers',
            channel: 'email',
            data: { ...this.caseData(), pending, deadline: { date: signature.view.dueDate, legalSource: signature.view.legalSource } },
          },
        ],
      },
    );
    this.signatureOpen = await this.closeIfOpen(signature, this.signatureOpen, 'expired');
  }

  /** A commitment of money the Fund ledger shows paid in full was met: no alert. */
  private async commitmentDue(commitment: CommitmentTerm): Promise<void> {
    const settlement = patched(LEDGER_SETTLEMENT_PATCH)
      ? await acts.commitmentSettlement({ caseId: this.input.caseId, index: commitment.index })
      : null;
    const { term } = commitment;
    if (settlement?.amountCents != null && settlement.paidCents >= settlement.amountCents) {
      await this.recordFact('commitment-settled', SYSTEM_ACTOR, {
        index: commitment.index,
        party: commitment.party,
        dueDate: term.view.dueDate,
        paidCents: settlement.paidCents,
      });
      commitment.open = await this.closeIfOpen(term, true, 'met');
      return;
    }
    await this.recordFact(
      'commitment-due-date-passed',
      SYSTEM_ACTOR,
      { index: commitment.index, party: commitment.party, dueDate: term.view.dueDate, ledger: settlement },
      {
        notifications: [
          {
            key: `commitment-due/${commitment.index}`,
            templateId: 'deadline-expired',
            to: 'officers',
            channel: 'email',
            data: {
              ...this.caseData(),
              party: commitment.party,
              deadline: { date: term.view.dueDate, legalSource: term.view.legalSource },
            },
          },
        ],
      },
    );
    commitment.open = await this.closeIfOpen(term, true, 'expired');
  }
}
