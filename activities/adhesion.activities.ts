import { ADHESION_PROCEDURE, type AdhesionActivities } from '@cmm/contracts';
import { formatItalianDate, romeDateOf } from '@cmm/legal-calendar';
import { type AdhesionRepository, type DocumentRepository, type FundLedger, onceWithReceipt } from '@cmm/persistence';
import type { CaseEventActivityDeps } from './case-events.activities';
import type { GeneratedActDeps } from './generated-acts';
import { openFiledCase } from './municipal-filings';

export interface AdhesionActivityDeps extends CaseEventActivityDeps, GeneratedActDeps {
  documents: DocumentRepository;
  adhesions: AdhesionRepository;
  fundLedger: FundLedger;
}

const deliberationReference = (d: { number: string; date: string }) => `Delibera n. ${d.number} del ${formatItalianDate(d.date)}`;

export const createAdhesionActivities = (deps: AdhesionActivityDeps): AdhesionActivities => ({
  /** Opens the case as the municipality filed it: reference, inbound protocol entry, documents, timeline, receipt notice; once. */
  async registerAdhesionSubmission(input) {
    return openFiledCase(deps, `adhesion/${input.caseId}/register`, {
      caseId: input.caseId,
      caseType: ADHESION_PROCEDURE.type,
      referencePrefix: ADHESION_PROCEDURE.referencePrefix,
      workflowId: ADHESION_PROCEDURE.workflowId(input.caseId),
      istatCode: input.istatCode,
      businessKey: input.businessKey,
      receivedAt: input.receivedAt,
      submittedBy: input.submittedBy,
      files: input.files,
      principalKind: 'adhesion-deliberation',
      title: (municipality) =>
        `Adesione alle STTM ${input.sttm.join(', ')}${input.fund ? ' e al Fondo perequativo' : ''} (caso ${input.adhesionCase}) — Comune di ${municipality} (${deliberationReference(input.deliberation)})`,
      registrySubject: (title) => `Atto deliberativo di adesione — ${title}`,
      details: {
        deliberation: input.deliberation,
        sttm: input.sttm,
        adhesionCase: input.adhesionCase,
        fund: input.fund,
        commitments: input.commitments,
      },
    });
  },

  /**
   * The registered adhesion counts from the day of its registration (Rome): other procedures
   * ask AdhesionRepository.statusOn. Its commitments go to the Fund ledger in the same
   * transaction, keyed by the case and the deliberation, so a retry posts nothing twice.
   */
  async recordAdhesion({ adhesion, registeredBy, at }) {
    return deps.dataSource.transaction((tx) =>
      onceWithReceipt(tx, `adhesion/${adhesion.caseId}/record`, async () => {
        const effectiveFrom = romeDateOf(at);
        await deps.adhesions.record(
          {
            id: adhesion.caseId,
            caseId: adhesion.caseId,
            istatCode: adhesion.istatCode,
            sttm: adhesion.sttm,
            adhesionCase: adhesion.adhesionCase,
            fund: adhesion.fund,
            deliberation: adhesion.deliberation,
            effectiveFrom,
            registeredBy: registeredBy.subject,
          },
          tx,
        );
        if (adhesion.commitments.length === 0) return { effectiveFrom, ledgerTransactionId: null };
        const posted = await deps.fundLedger.postCommitments(
          {
            caseId: adhesion.caseId,
            act: { type: 'adhesion', reference: deliberationReference(adhesion.deliberation), date: adhesion.deliberation.date },
            postedBy: registeredBy.subject,
          },
          adhesion.commitments,
          tx,
        );
        return { effectiveFrom, ledgerTransactionId: posted.transaction.id };
      }),
    );
  },
});
