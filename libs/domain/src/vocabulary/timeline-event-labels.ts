import type { AdhesionEvent } from '../adhesion/adhesion.types';
import type { CallEvent } from '../annual-call/annual-call.types';
import type { EvaluationEvent } from '../compatibility-evaluation/compatibility-evaluation.types';
import type { ConferenceEvent } from '../concertation-conference/concertation-conference.types';
import type { ProcedureType } from '../procedure-types';
import type { SttmEvent } from '../sttm-approval/sttm-approval.types';
import type { VasEvent } from '../sttm-approval/vas-screening.machine';
import type { AgreementEvent } from '../territorial-agreement/territorial-agreement.types';
import { type BilingualLabel, ownLabel, readableId } from './bilingual-label';

/*
 * The workflows record each machine event on the timeline under its own `type`, so every
 * machine's event union is labelled in full (typed by the union: a new event without words does
 * not compile). Next to them, per procedure, the types its workflow and activities record
 * outside the machine (registration, publication, commitments), and the system events any
 * case may carry. The type strings are persistent: they are in the hash chain, never renamed.
 */

export const EVALUATION_EVENT_LABELS = {
  registered: { it: 'Procedimento avviato: decorre il termine per il parere', en: 'Procedure started: the opinion term runs' },
  'confirm-completeness': { it: 'Completezza della documentazione confermata', en: 'Documentation confirmed complete' },
  'request-integration': { it: 'Integrazioni richieste al Comune', en: 'Additional documents requested from the municipality' },
  'submit-integration': { it: 'Integrazioni trasmesse dal Comune', en: 'Additional documents submitted by the municipality' },
  'answer-term-expired': { it: 'Scaduto il termine per le integrazioni', en: 'Term for the additional documents expired' },
  'close-inadmissible': { it: 'Pratica dichiarata improcedibile', en: 'Case declared inadmissible' },
  'decide-relevance': { it: 'Decisione sulla rilevanza sovracomunale', en: 'Decision on supra-municipal relevance' },
  'convoke-conference': { it: 'Conferenza di concertazione convocata', en: 'Concertation conference convened' },
  'conference-withdrawn': { it: 'Conferenza di concertazione ritirata', en: 'Concertation conference withdrawn' },
  'concertation-concluded': { it: 'Conferenza di concertazione conclusa', en: 'Concertation conference concluded' },
  'record-concertation-outcome': { it: 'Esito della concertazione registrato', en: 'Concertation outcome recorded' },
  'agreement-concluded': { it: "Esito dell'accordo territoriale", en: 'Outcome of the territorial agreement' },
  'issue-opinion': { it: 'Parere di compatibilità emesso', en: 'Compatibility opinion issued' },
  'term-expired': { it: 'Termine scaduto: parere favorevole per silenzio-assenso', en: 'Term expired: deemed favourable' },
  withdraw: { it: 'Domanda ritirata dal Comune', en: 'Application withdrawn by the municipality' },
  archive: { it: 'Pratica archiviata', en: 'Case archived' },
} as const satisfies Record<EvaluationEvent['type'], BilingualLabel>;

export const CONFERENCE_EVENT_LABELS = {
  'add-session': { it: 'Seduta convocata', en: 'Session convened' },
  'answer-convocation': { it: 'Risposta alla convocazione', en: 'Answer to the convocation' },
  'answer-term-expired': { it: 'Scaduto il termine per rispondere alla convocazione', en: 'Term to answer the convocation expired' },
  'move-session': { it: 'Seduta spostata', en: 'Session moved' },
  'cancel-session': { it: 'Seduta annullata', en: 'Session cancelled' },
  'record-minutes': { it: 'Verbale della seduta registrato', en: 'Session minutes recorded' },
  'submit-contribution': { it: 'Contributo scritto ricevuto', en: 'Written contribution received' },
  close: { it: 'Conferenza chiusa', en: 'Conference closed' },
  withdraw: { it: 'Conferenza ritirata', en: 'Conference withdrawn' },
} as const satisfies Record<ConferenceEvent['type'], BilingualLabel>;

/** Recorded by the conference workflow beside its machine. */
export const CONFERENCE_RECORDED_LABELS = {
  registered: { it: 'Conferenza di concertazione avviata', en: 'Concertation conference started' },
  'session-cancelled': { it: 'Seduta annullata per il ritiro della conferenza', en: 'Session cancelled as the conference was withdrawn' },
  'contributions-closed': { it: 'Chiuso il termine per i contributi scritti', en: 'Written contributions closed' },
} as const satisfies Record<string, BilingualLabel>;

export const AGREEMENT_EVENT_LABELS = {
  'add-draft': { it: "Bozza dell'accordo aggiunta", en: 'Draft of the agreement added' },
  'set-commitments': { it: 'Impegni delle parti definiti', en: 'Commitments of the parties set' },
  'send-for-signature': { it: 'Accordo inviato alla firma delle parti', en: 'Agreement sent to the parties for signature' },
  sign: { it: 'Accordo firmato da una parte', en: 'Agreement signed by a party' },
  refuse: { it: 'Firma rifiutata da una parte', en: 'Signature refused by a party' },
  'signature-term-expired': { it: 'Scaduto il termine per la firma', en: 'Signature term expired' },
  'declare-failed': { it: 'Dichiarato il mancato accordo', en: 'Agreement declared failed' },
  withdraw: { it: 'Accordo ritirato', en: 'Agreement withdrawn' },
} as const satisfies Record<AgreementEvent['type'], BilingualLabel>;

/** Recorded by the territorial agreement's activities and workflow beside its machine. */
export const AGREEMENT_RECORDED_LABELS = {
  'agreement-opened': { it: 'Accordo territoriale avviato', en: 'Territorial agreement started' },
  'agreement-in-force': { it: 'Accordo in vigore: firmato da tutte le parti', en: 'Agreement in force: signed by every party' },
  'conclusion-signalled': { it: 'Esito comunicato alla pratica di origine', en: 'Outcome passed to the originating case' },
  'conclusion-signal-failed': {
    it: 'Esito non comunicato alla pratica di origine',
    en: 'Outcome could not be passed to the originating case',
  },
  'commitment-settled': { it: 'Impegno adempiuto (versamento registrato nel Fondo)', en: 'Commitment met (payment recorded in the Fund)' },
  'commitment-due-date-passed': { it: 'Scaduto il termine di un impegno', en: 'A commitment fell due' },
} as const satisfies Record<string, BilingualLabel>;

export const STTM_EVENT_LABELS = {
  'plan-adoption': { it: 'Data di adozione pianificata', en: 'Adoption date planned' },
  'record-participation': { it: 'Momento di partecipazione registrato', en: 'Participation step recorded' },
  'approve-preliminary': { it: 'Progetto preliminare approvato', en: 'Preliminary project approved' },
  'vas-concluded': { it: 'Verifica di assoggettabilità a VAS conclusa', en: 'VAS screening concluded' },
  'make-available': { it: 'Proposta messa a disposizione', en: 'Proposal made available' },
  'convoke-conferenza': { it: 'Conferenza istruttoria convocata', en: 'Preliminary conference convened' },
  'hold-conferenza': { it: 'Conferenza istruttoria svolta', en: 'Preliminary conference held' },
  'record-opinion': { it: 'Parere sulla proposta registrato', en: 'Opinion on the proposal recorded' },
  adopt: { it: 'STTM adottata dal Consiglio metropolitano', en: 'STTM adopted by the Metropolitan Council' },
  'publish-adoption': { it: "Adozione pubblicata all'albo pretorio", en: 'Adoption published on the official notice board' },
  'publish-burl-notice': {
    it: 'Avviso di adozione pubblicato sul BURL: decorrono le osservazioni',
    en: 'Adoption notice published in the BURL: the observation period runs',
  },
  'record-observation': { it: 'Osservazione registrata', en: 'Observation recorded' },
  'osservazioni-closed': { it: 'Chiuso il periodo delle osservazioni', en: 'Observation period closed' },
  'record-controdeduzione': { it: 'Controdeduzione registrata', en: 'Counter-argument recorded' },
  'approve-final': { it: 'STTM approvata definitivamente', en: 'STTM finally approved' },
  'publish-approval': { it: "Approvazione pubblicata all'albo pretorio", en: 'Approval published on the official notice board' },
  cancel: { it: 'Procedimento annullato', en: 'Procedure cancelled' },
} as const satisfies Record<SttmEvent['type'], BilingualLabel>;

/** The VAS screening's events, recorded on the STTM's case as `vas-<type>`. */
export const VAS_EVENT_LABELS = {
  'record-step': { it: 'Passaggio della verifica di assoggettabilità a VAS registrato', en: 'VAS screening step recorded' },
  'record-opinion': { it: 'Parere ambientale registrato', en: 'Environmental opinion recorded' },
  'opinions-term-expired': { it: 'Scaduto il termine per i pareri ambientali', en: 'Term for the environmental opinions expired' },
  decide: { it: 'Decreto di verifica di assoggettabilità a VAS', en: 'VAS screening decree' },
  cancelled: { it: 'Verifica di assoggettabilità a VAS annullata', en: 'VAS screening cancelled' },
} as const satisfies Record<VasEvent['type'], BilingualLabel>;

/** Recorded by the STTM's activities and workflow beside its machine. */
export const STTM_RECORDED_LABELS = {
  avvio: { it: 'Avvio del procedimento (decreto di avvio)', en: 'Procedure started (starting decree)' },
  'vas-screening-started': { it: 'Verifica di assoggettabilità a VAS avviata', en: 'VAS screening started' },
} as const satisfies Record<string, BilingualLabel>;

export const ADHESION_EVENT_LABELS = {
  registered: { it: 'Istruttoria avviata', en: 'Review started' },
  'request-corrections': { it: 'Correzioni richieste al Comune', en: 'Corrections requested from the municipality' },
  'submit-corrections': { it: 'Correzioni trasmesse dal Comune', en: 'Corrections submitted by the municipality' },
  'register-adhesion': { it: 'Adesione registrata', en: 'Adhesion registered' },
  reject: { it: 'Adesione respinta', en: 'Adhesion rejected' },
  withdraw: { it: 'Adesione ritirata dal Comune', en: 'Adhesion withdrawn by the municipality' },
} as const satisfies Record<AdhesionEvent['type'], BilingualLabel>;

export const CALL_EVENT_LABELS = {
  'submit-proposal': { it: 'Proposta presentata', en: 'Proposal submitted' },
  'amend-proposal': { it: 'Proposta corretta dal Comune', en: 'Proposal corrected by the municipality' },
  'window-closed': { it: 'Chiuso il termine per le proposte', en: 'Submission window closed' },
  'mark-eligibility': { it: "Decisa l'ammissibilità di una proposta", en: 'Eligibility of a proposal decided' },
  'score-proposal': { it: 'Punteggi assegnati a una proposta', en: 'Proposal scored' },
  'approve-ranking': { it: 'Graduatoria approvata', en: 'Ranking approved' },
  'publication-ended': { it: 'Conclusa la pubblicazione della graduatoria', en: 'Publication of the ranking ended' },
  cancel: { it: 'Avviso annullato', en: 'Call cancelled' },
} as const satisfies Record<CallEvent['type'], BilingualLabel>;

/** The annual call's workflow and activities record their steps under names of their own. */
export const CALL_RECORDED_LABELS = {
  'call-opened': { it: 'Avviso annuale protocollato', en: 'Annual call registered' },
  'call-published': { it: 'Avviso annuale pubblicato', en: 'Annual call published' },
  'proposal-submitted': { it: 'Proposta presentata da un Comune', en: 'Proposal submitted by a municipality' },
  'proposal-amended': CALL_EVENT_LABELS['amend-proposal'],
  'submission-window-closed': CALL_EVENT_LABELS['window-closed'],
  'eligibility-decided': CALL_EVENT_LABELS['mark-eligibility'],
  'proposal-scored': CALL_EVENT_LABELS['score-proposal'],
  'ranking-published': { it: 'Graduatoria approvata e pubblicata', en: 'Ranking approved and published' },
  'call-concluded': { it: 'Avviso concluso', en: 'Call concluded' },
  'call-cancelled': CALL_EVENT_LABELS.cancel,
} as const satisfies Record<string, BilingualLabel>;

/**
 * What any case may carry, whatever its procedure: the filing, documents and protocol
 * registrations of the API, notices and their PEC receipts, reminders of the legal terms.
 */
export const SYSTEM_EVENT_LABELS = {
  'submission-received': { it: 'Documentazione ricevuta e protocollata', en: 'Submission received and registered' },
  'document-uploaded': { it: 'Documento caricato', en: 'Document uploaded' },
  'registry-entry-registered': { it: 'Registrazione di protocollo', en: 'Registry entry recorded' },
  'registry-entry-annulled': { it: 'Registrazione di protocollo annullata', en: 'Registry entry annulled' },
  'notification-delivered': { it: 'PEC consegnata (ricevuta di avvenuta consegna)', en: 'PEC delivered (delivery receipt)' },
  'notification-failed': { it: 'Comunicazione non consegnata', en: 'Notice not delivered' },
  'pec-received': { it: 'PEC ricevuta e protocollata', en: 'Certified email received and registered' },
  'deadline-reminder': { it: 'Promemoria di scadenza inviato', en: 'Deadline reminder sent' },
  'deadline-escalated': { it: "Scadenza segnalata all'ufficio", en: 'Deadline escalated to the office' },
} as const satisfies Record<string, BilingualLabel>;

const prefixed = (prefix: string, labels: Readonly<Record<string, BilingualLabel>>): Record<string, BilingualLabel> =>
  Object.fromEntries(Object.entries(labels).map(([type, label]) => [`${prefix}${type}`, label]));

/** The events of each procedure's cases, by its code name (PROCEDURE_TYPES), system events aside. */
export const TIMELINE_EVENT_LABELS: { readonly [P in ProcedureType]: Readonly<Record<string, BilingualLabel>> } = {
  'compatibility-evaluation': EVALUATION_EVENT_LABELS,
  'concertation-conference': { ...CONFERENCE_EVENT_LABELS, ...CONFERENCE_RECORDED_LABELS },
  'territorial-agreement': { ...AGREEMENT_EVENT_LABELS, ...AGREEMENT_RECORDED_LABELS },
  'sttm-approval': { ...STTM_EVENT_LABELS, ...STTM_RECORDED_LABELS, ...prefixed('vas-', VAS_EVENT_LABELS) },
  'vas-screening': prefixed('vas-', VAS_EVENT_LABELS),
  adhesion: ADHESION_EVENT_LABELS,
  'annual-call': { ...CALL_EVENT_LABELS, ...CALL_RECORDED_LABELS },
};

/**
 * A timeline event's type in words. The procedure comes first: the same type means different
 * things in different procedures ("registered", "withdraw", "record-opinion"); then the system
 * events; an unknown type reads as its readable form.
 */
export function timelineEventLabel(procedure: string, type: string): BilingualLabel {
  const labels = Object.hasOwn(TIMELINE_EVENT_LABELS, procedure) ? TIMELINE_EVENT_LABELS[procedure as ProcedureType] : undefined;
  return (labels && ownLabel(labels, type)) ?? ownLabel(SYSTEM_EVENT_LABELS, type) ?? readableId(type);
}
