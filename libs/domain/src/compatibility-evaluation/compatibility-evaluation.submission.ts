import { type Refusal, type RefusedField, refuseFields } from '../refusal';
import { deliberationDateProblem } from '../submission-rules';

/** What a municipality files to open a compatibility evaluation, as far as its own rules read it. */
export interface EvaluationSubmission {
  deliberation: { number: string; date: string };
  declaresSupraMunicipalRelevance: boolean;
  /** The municipalities the diffusion balance names as affected (ISTAT codes). */
  affectedMunicipalities?: readonly string[] | null;
  /** A contextual adhesion (Relazione generale §4.5, cases a/b). */
  adhesionCase?: 'a' | 'b' | null;
  /** The files named for each slot (upload ids): here only whether one is named counts. */
  uploads: { diffusionBalance?: string | null; adhesionDeliberation?: string | null };
}

/**
 * The submission's own rules, before anything is looked up: null, or the refusal naming each
 * field and rule. A deliberation date that is no day of the calendar, or later than `today`
 * (YYYY-MM-DD, Europe/Rome), is refused on its own; otherwise every cross-field rule broken is
 * named — affected municipalities only with a declared supra-municipal relevance, which needs
 * the diffusion balance (NdA art. 10), and a contextual adhesion needs its deliberation.
 * Whether the uploads and municipalities exist is the caller's check (it needs the database).
 */
export function checkEvaluationSubmission(submission: EvaluationSubmission, today: string): Refusal | null {
  const date = deliberationDateProblem(submission.deliberation.date, today, {
    it: "l'atto deve essere già stato adottato",
    en: 'the act must already be adopted',
  });
  if (date) return refuseFields([date]);
  const problems: RefusedField[] = [];
  if (submission.affectedMunicipalities?.length && !submission.declaresSupraMunicipalRelevance) {
    problems.push({
      field: 'affectedMunicipalities',
      rule: 'requiresRelevance',
      text: {
        it: 'i Comuni interessati si indicano solo con la rilevanza sovracomunale dichiarata e il relativo bilancio di diffusione',
        en: 'affected municipalities come with a declared supra-municipal relevance and its diffusion balance',
      },
    });
  }
  if (submission.declaresSupraMunicipalRelevance && !submission.uploads.diffusionBalance) {
    problems.push({
      field: 'uploads.diffusionBalance',
      rule: 'requiredWithRelevance',
      text: {
        it: 'la rilevanza sovracomunale dichiarata richiede il bilancio di diffusione (art. 10 NdA)',
        en: 'declaring supra-municipal relevance requires the diffusion balance (art. 10 NdA)',
      },
    });
  }
  if (submission.adhesionCase && !submission.uploads.adhesionDeliberation) {
    problems.push({
      field: 'uploads.adhesionDeliberation',
      rule: 'requiredWithAdhesion',
      text: {
        it: `il caso di adesione ${submission.adhesionCase} richiede la delibera di adesione`,
        en: `adhesion case ${submission.adhesionCase} requires the adhesion deliberation`,
      },
    });
  }
  return refuseFields(problems);
}
