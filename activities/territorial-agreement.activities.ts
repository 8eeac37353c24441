import { ApplicationFailure } from '@temporalio/activity';
import { TERRITORIAL_AGREEMENT_PROCEDURE, type TerritorialAgreementActivities } from '@cmm/contracts';
import {
  type DocumentStorage,
  SignatureVerifier,
  type UntrustedChainPolicy,
  signedActVerdict,
  signatureSummary,
  storedBytes,
} from '@cmm/documents';
import { CASE_PHASE_LABELS } from '@cmm/domain';
import { romeDateOf } from '@cmm/legal-calendar';
import {
  type AgreementCommitmentRepository,
  type DocumentRepository,
  type FundLedger,
  FundReports,
  onceWithReceipt,
} from '@cmm/persistence';
import type { CaseEventActivityDeps } from './case-events.activities';

export interface TerritorialAgreementActivityDeps extends CaseEventActivityDeps {
  documents: DocumentRepository;
  documentStorage: DocumentStorage;
  agreementCommitments: AgreementCommitmentRepository;
  fundLedger: FundLedger;
  signatureVerifier?: SignatureVerifier;
  untrustedChain?: UntrustedChainPolicy;
}

// Without the operator's verifier (tests, tools) no trust list is configured: every chain is untrusted.
const untrustedOnly = new SignatureVerifier({ trustList: () => null });

export const createTerritorialAgreementActivities = (deps: TerritorialAgreementActivityDeps): TerritorialAgreementActivities => {
  const reports = new FundReports(deps.dataSource);
  return {
    /**
     * Opens the agreement's case under its parent conference (if any) and names the parties,
     * whose users then see it as their own. All or nothing, once per case.
     */
    async registerAgreement(input) {
      return deps.dataSource.transaction((tx) =>
        onceWithReceipt(tx, `territorial-agreement/${input.caseId}/register`, async () => {
          const year = Number(romeDateOf(input.startedAt).slice(0, 4));
          const reference = await deps.cases.nextReference(TERRITORIAL_AGREEMENT_PROCEDURE.referencePrefix, year, tx);
          await deps.cases.open(
            {
              id: input.caseId,
              type: TERRITORIAL_AGREEMENT_PROCEDURE.type,
              reference,
              title: `Accordo territoriale — ${input.subject}`,
              istatCode: null,
              state: 'drafting',
              phase: input.metropolitanExternalities ? CASE_PHASE_LABELS.metropolitanExternalities.it : null,
              workflowId: TERRITORIAL_AGREEMENT_PROCEDURE.workflowId(input.caseId),
              parentCaseId: input.parentCaseId,
              businessKey: null,
              openedAt: new Date(input.startedAt),
              contactEmail: input.startedBy.email,
            },
            tx,
          );
          await deps.cases.addParties(input.caseId, input.municipalities, 'party', tx);
          await deps.timeline.append(
            {
              caseId: input.caseId,
              actor: { subject: input.startedBy.subject, role: input.startedBy.role },
              type: 'agreement-opened',
              occurredAt: new Date(input.startedAt),
              payload: {
                reference,
                subject: input.subject,
                municipalities: input.municipalities,
                metropolitanExternalities: input.metropolitanExternalities,
                parentCaseId: input.parentCaseId,
              },
            },
            tx,
          );
          const parties = await deps.cases.parties(input.caseId, tx);
          return { caseId: input.caseId, reference, partyNames: Object.fromEntries(parties.map((p) => [p.istatCode, p.name])) };
        }),
      );
    },

    /**
     * Verifies the signatures on the stored bytes of the document's newest version: a signature
     * is a document the signer's tools signed, not a claim in a form. Invalid, expired or revoked
     * signatures refuse it; an untrusted chain warns or refuses as configured. Read-only, so
     * retries need no receipt.
     */
    async verifySignedDocument({ caseId, documentId }) {
      const version = await deps.documents.latestVersion(caseId, documentId);
      if (!version)
        return {
          signed: false,
          format: null,
          reason: `documentId: ${documentId} is not a document of this case`,
          reasonText: {
            it: `documentId: ${documentId} non è un documento di questa pratica`,
            en: `documentId: ${documentId} is not a document of this case`,
          },
          version: null,
          sha256: null,
        };
      const verifier = deps.signatureVerifier ?? untrustedOnly;
      const report = await verifier.verify(storedBytes(deps.documentStorage, version.storageKey, version.sizeBytes), version.contentType);
      const verdict = signedActVerdict(report, deps.untrustedChain ?? 'warn', version.contentType);
      return {
        signed: verdict.accepted,
        format: report.format === 'cades' ? 'p7m' : report.format,
        reason: verdict.refusal?.en ?? null,
        reasonText: verdict.refusal,
        version: version.version,
        sha256: version.sha256,
        signatures: report.signatures.map(signatureSummary),
        warnings: verdict.warnings,
      };
    },

    /** The commitments of the agreement in force, for the Fund ledger to post. */
    async recordAgreementCommitments({ caseId, commitments, inForceAt }) {
      if (commitments.some((c) => c.kind === 'fund-contribution' && (c.legalBasis === null || c.amountCents === null))) {
        // The workflow's validator refuses these; reaching here is a bug, and retrying cannot fix it.
        throw ApplicationFailure.nonRetryable('a fund contribution without legal basis or amount', 'InvalidCommitment');
      }
      // Rows are keyed by (case, position), the ledger posting by (case, act), and the receipt
      // returns the first answer to a retry: the agreement, its commitments and their Fund
      // entries commit together, once.
      return deps.dataSource.transaction((tx) =>
        onceWithReceipt(tx, `territorial-agreement/${caseId}/commitments`, async () => {
          const inForceOn = romeDateOf(inForceAt);
          const recorded = await deps.agreementCommitments.record(caseId, commitments, tx);
          const agreement = await deps.cases.summary(caseId, tx);
          if (!agreement) throw new Error(`recordAgreementCommitments: case ${caseId} does not exist`);
          let ledgerTransactionId: string | null = null;
          if (commitments.length > 0) {
            const posted = await deps.fundLedger.postCommitments(
              {
                caseId,
                act: { type: 'territorial-agreement', reference: `Accordo territoriale ${agreement.reference}`, date: inForceOn },
                postedBy: 'system:workflow',
              },
              commitments,
              tx,
            );
            ledgerTransactionId = posted.transaction.id;
            await deps.agreementCommitments.markPosted(caseId, new Date(inForceAt), tx);
          }
          return { recorded, inForceOn, ledgerTransactionId };
        }),
      );
    },

    /** What the Fund ledger says of a commitment on its due date: paid in full, partly, or not at all. Read-only. */
    async commitmentSettlement({ caseId, index }) {
      return reports.commitmentSettlement(caseId, index);
    },
  };
};
