import type { AdhesionState } from '../adhesion/adhesion.types';
import type { CallState } from '../annual-call/annual-call.types';
import type { EvaluationState } from '../compatibility-evaluation/compatibility-evaluation.types';
import type { ConferenceState } from '../concertation-conference/concertation-conference.types';
import type { ProcedureType } from '../procedure-types';
import type { SttmState } from '../sttm-approval/sttm-approval.types';
import type { VasState } from '../sttm-approval/vas-screening.machine';
import type { AgreementState } from '../territorial-agreement/territorial-agreement.types';
import { type BilingualLabel, ownLabel, readableId } from './bilingual-label';

// Each map is typed by its procedure's state union: a new state without its words does not compile.

/** Valutazione di compatibilità al PTM (LR 12/2005 art. 13): "la pratica". */
export const EVALUATION_STATE_LABELS = {
  received: { it: 'Ricevuta', en: 'Received' },
  'awaiting-completeness-check': { it: 'In attesa della verifica di completezza', en: 'Awaiting the completeness check' },
  'integration-requested': { it: 'Integrazioni richieste', en: 'Additional documents requested' },
  'under-evaluation': { it: 'In istruttoria', en: 'Under evaluation' },
  concertation: { it: 'In concertazione per rilevanza sovracomunale', en: 'In concertation (supra-municipal relevance)' },
  'opinion-issued': { it: 'Parere emesso', en: 'Opinion issued' },
  'deemed-favourable': { it: 'Parere favorevole per silenzio-assenso', en: 'Deemed favourable (term expired without an opinion)' },
  withdrawn: { it: 'Ritirata', en: 'Withdrawn' },
  archived: { it: 'Archiviata', en: 'Archived' },
  // The API's action is "Dichiara l'improcedibilità": the integrations did not arrive in time.
  inadmissible: { it: 'Improcedibile', en: 'Inadmissible' },
} as const satisfies Record<EvaluationState, BilingualLabel>;

/** Conferenza di concertazione (NdA PTM art. 10). */
export const CONFERENCE_STATE_LABELS = {
  open: { it: 'In corso', en: 'In progress' },
  'agreement-reached': { it: 'Conclusa con accordo', en: 'Closed with an agreement' },
  'agreement-not-reached': { it: 'Conclusa senza accordo', en: 'Closed without an agreement' },
  withdrawn: { it: 'Ritirata', en: 'Withdrawn' },
} as const satisfies Record<ConferenceState, BilingualLabel>;

/** Accordo territoriale (NdA PTM art. 10-11): "l'accordo". */
export const AGREEMENT_STATE_LABELS = {
  drafting: { it: 'In redazione', en: 'Being drafted' },
  'awaiting-signatures': { it: 'In attesa delle firme', en: 'Awaiting signatures' },
  renegotiation: { it: 'In rinegoziazione', en: 'Being renegotiated' },
  'in-force': { it: 'In vigore', en: 'In force' },
  failed: { it: 'Mancato accordo', en: 'Failed' },
  withdrawn: { it: 'Ritirato', en: 'Withdrawn' },
} as const satisfies Record<AgreementState, BilingualLabel>;

/** Approvazione di una Strategia Tematico-Territoriale Metropolitana (NdA PTM art. 7bis): "la STTM". */
export const STTM_STATE_LABELS = {
  participation: { it: 'Avviata: fase di partecipazione', en: 'Started: participation phase' },
  'preliminary-approved': { it: 'Progetto preliminare approvato', en: 'Preliminary project approved' },
  'proposal-available': { it: 'Proposta messa a disposizione', en: 'Proposal made available' },
  'conferenza-convened': { it: 'Conferenza istruttoria convocata', en: 'Preliminary conference convened' },
  'conferenza-held': { it: 'Conferenza istruttoria svolta', en: 'Preliminary conference held' },
  adopted: { it: 'Adottata dal Consiglio metropolitano', en: 'Adopted by the Metropolitan Council' },
  'adoption-published': {
    it: "Adozione pubblicata all'albo, in attesa dell'avviso sul BURL",
    en: 'Adoption published, awaiting the BURL notice',
  },
  osservazioni: { it: 'Pubblicata: periodo delle osservazioni', en: 'Published: observation period' },
  controdeduzioni: { it: 'Controdeduzioni alle osservazioni', en: 'Counter-arguments to the observations' },
  approved: { it: 'Approvata, in attesa di pubblicazione', en: 'Approved, awaiting publication' },
  'in-force': { it: 'In vigore', en: 'In force' },
  'vas-subjected': { it: 'Assoggettata a VAS', en: 'Subjected to strategic environmental assessment (VAS)' },
  cancelled: { it: 'Procedimento annullato', en: 'Procedure cancelled' },
} as const satisfies Record<SttmState, BilingualLabel>;

/** Verifica di assoggettabilità a VAS con screening VIncA (D.Lgs. 152/2006 art. 12): "la verifica". */
export const VAS_STATE_LABELS = {
  started: { it: 'Avviata', en: 'Started' },
  deposited: { it: 'Elaborati depositati su SIVAS', en: 'Documents filed on SIVAS' },
  consultation: { it: 'Consultazione dei soggetti competenti in materia ambientale', en: 'Consultation of the environmental authorities' },
  excluded: { it: 'Esclusa dalla VAS', en: 'Excluded from VAS' },
  subjected: { it: 'Assoggettata a VAS', en: 'Subjected to VAS' },
  cancelled: { it: 'Annullata', en: 'Cancelled' },
} as const satisfies Record<VasState, BilingualLabel>;

/** Adesione alle STTM e al Fondo perequativo (Relazione generale §4.5): "l'adesione". */
export const ADHESION_STATE_LABELS = {
  received: { it: 'Ricevuta', en: 'Received' },
  'under-review': { it: 'In istruttoria', en: 'Under review' },
  'corrections-requested': { it: 'Correzioni richieste', en: 'Corrections requested' },
  registered: { it: 'Registrata', en: 'Registered' },
  rejected: { it: 'Respinta', en: 'Rejected' },
  withdrawn: { it: 'Ritirata', en: 'Withdrawn' },
} as const satisfies Record<AdhesionState, BilingualLabel>;

/** Avviso annuale ex art. 14 NdA: "l'avviso". */
export const CALL_STATE_LABELS = {
  open: { it: 'Aperto alla presentazione delle proposte', en: 'Open for proposals' },
  evaluation: { it: 'Valutazione delle proposte', en: 'Proposals under evaluation' },
  'ranking-published': { it: 'Graduatoria pubblicata', en: 'Ranking published' },
  concluded: { it: 'Concluso', en: 'Concluded' },
  cancelled: { it: 'Annullato', en: 'Cancelled' },
} as const satisfies Record<CallState, BilingualLabel>;

/** The states of every procedure, by its code name (PROCEDURE_TYPES). */
export const CASE_STATE_LABELS: { readonly [P in ProcedureType]: Readonly<Record<string, BilingualLabel>> } = {
  'compatibility-evaluation': EVALUATION_STATE_LABELS,
  'concertation-conference': CONFERENCE_STATE_LABELS,
  'territorial-agreement': AGREEMENT_STATE_LABELS,
  'sttm-approval': STTM_STATE_LABELS,
  'vas-screening': VAS_STATE_LABELS,
  adhesion: ADHESION_STATE_LABELS,
  'annual-call': CALL_STATE_LABELS,
};

/**
 * A case's state in words. The same id means different things in different procedures
 * ("withdrawn" is a conference ritirata, an agreement ritirato), so the procedure comes first;
 * an id no procedure knows reads as its readable form.
 */
export function caseStateLabel(procedure: string, state: string): BilingualLabel {
  const labels = Object.hasOwn(CASE_STATE_LABELS, procedure) ? CASE_STATE_LABELS[procedure as ProcedureType] : undefined;
  return (labels && ownLabel(labels, state)) ?? readableId(state);
}
