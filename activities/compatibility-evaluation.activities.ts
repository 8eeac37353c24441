import { COMPATIBILITY_EVALUATION_PROCEDURE, type CompatibilityEvaluationActivities } from '@cmm/contracts';
import { formatItalianDate } from '@cmm/legal-calendar';
import type { DocumentRepository } from '@cmm/persistence';
import type { CaseEventActivityDeps } from './case-events.activities';
import type { GeneratedActDeps } from './generated-acts';
import { openFiledCase } from './municipal-filings';

export interface CompatibilityEvaluationActivityDeps extends CaseEventActivityDeps, GeneratedActDeps {
  documents: DocumentRepository;
}

/** How a case is titled for people: act type, municipality and adoption deliberation. */
const ACT_LABELS: Record<string, string> = {
  pgt: 'PGT',
  'variante-pgt': 'Variante al PGT',
  suap: 'SUAP in variante',
  pii: 'Programma integrato di intervento',
  'piano-attuativo': 'Piano attuativo',
  'opera-pubblica': 'Opera pubblica non conforme',
};

export const createCompatibilityEvaluationActivities = (deps: CompatibilityEvaluationActivityDeps): CompatibilityEvaluationActivities => ({
  /**
   * Opens the case as the municipality filed it: reference, inbound protocol registration,
   * the documents (already in storage) as version 1, the timeline's first event and the
   * receipt notice; the numbers first, then the rest (openFiledCase), each once whatever the
   * retries, and the activity answers when both are done. The submission's own rules were
   * checked before the workflow started (checkEvaluationSubmission, libs/domain).
   */
  async registerSubmission(input) {
    return openFiledCase(deps, `compatibility-evaluation/${input.caseId}/register`, {
      caseId: input.caseId,
      caseType: COMPATIBILITY_EVALUATION_PROCEDURE.type,
      referencePrefix: COMPATIBILITY_EVALUATION_PROCEDURE.referencePrefix,
      workflowId: COMPATIBILITY_EVALUATION_PROCEDURE.workflowId(input.caseId),
      istatCode: input.istatCode,
      businessKey: input.businessKey,
      receivedAt: input.receivedAt,
      submittedBy: input.submittedBy,
      files: input.files,
      principalKind: 'adopted-act',
      // The opinion term the workflow starts from the receipt (same rule ids as the workflow's).
      termRuleId:
        input.integrationEffect === 'interrupt' ? 'compatibility-evaluation.opinion-interrupting' : 'compatibility-evaluation.opinion',
      title: (municipality) =>
        `${ACT_LABELS[input.actType] ?? input.actType} — Comune di ${municipality} (delibera n. ${input.deliberation.number} del ${formatItalianDate(input.deliberation.date)})`,
      registrySubject: (title) => `Richiesta di valutazione di compatibilità al PTM — ${title}`,
      details: {
        actType: input.actType,
        deliberation: input.deliberation,
        declaresSupraMunicipalRelevance: input.declaresSupraMunicipalRelevance,
        adhesionCase: input.adhesionCase,
      },
    });
  },
});
