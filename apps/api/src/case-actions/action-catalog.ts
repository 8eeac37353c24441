import type { ProcedureType } from '@cmm/domain';

/** How the web app takes an action: the HTTP route that sends its Update, and its names. */
export interface ActionRoute {
  /** Express-style path under the API, with :caseId and the action's own target parameters. */
  path: string;
  labelIt: string;
  labelEn: string;
}

const CE = '/compatibility-evaluations/:caseId';
const AD = '/adhesions/:caseId';
const TA = '/territorial-agreements/:caseId';
const AC = '/annual-calls/:caseId';
const ST = '/sttm-approvals/:caseId';
const CC = '/concertation-conferences/:caseId';

/**
 * Update name → route and labels, per procedure. Which actions are allowed is never decided
 * here: the workflow answers that with its own machine (availableActions query). A catalog
 * entry without its route in the API fails test/e2e/case-actions.e2e-spec.ts.
 */
export const ACTION_ROUTES: Partial<Record<ProcedureType, Record<string, ActionRoute>>> = {
  'compatibility-evaluation': {
    confirmCompleteness: {
      path: `${CE}/completeness`,
      labelIt: 'Conferma la completezza della documentazione',
      labelEn: 'Confirm the documentation is complete',
    },
    requestIntegration: { path: `${CE}/integration-requests`, labelIt: 'Richiedi integrazioni', labelEn: 'Request an integration' },
    submitIntegration: { path: `${CE}/integrations`, labelIt: 'Trasmetti le integrazioni', labelEn: 'Submit the integration' },
    decideRelevance: {
      path: `${CE}/relevance`,
      labelIt: 'Decidi sulla rilevanza sovracomunale',
      labelEn: 'Decide on supra-municipal relevance',
    },
    recordConcertationOutcome: {
      path: `${CE}/concertation-outcome`,
      labelIt: 'Registra l’esito della concertazione',
      labelEn: 'Record the concertation outcome',
    },
    convokeConference: {
      path: '/concertation-conferences',
      labelIt: 'Convoca la conferenza di concertazione',
      labelEn: 'Convene the concertation conference',
    },
    issueOpinion: { path: `${CE}/opinion`, labelIt: 'Emetti il parere (atto firmato)', labelEn: 'Issue the opinion (signed act)' },
    withdraw: { path: `${CE}/withdrawal`, labelIt: 'Ritira la domanda', labelEn: 'Withdraw the application' },
    archive: { path: `${CE}/archival`, labelIt: 'Archivia la pratica', labelEn: 'Archive the case' },
    closeInadmissible: { path: `${CE}/inadmissibility`, labelIt: 'Dichiara l’improcedibilità', labelEn: 'Declare the case inadmissible' },
  },
  adhesion: {
    requestAdhesionCorrections: { path: `${AD}/correction-requests`, labelIt: 'Richiedi correzioni', labelEn: 'Request corrections' },
    submitAdhesionCorrections: { path: `${AD}/corrections`, labelIt: 'Trasmetti le correzioni', labelEn: 'Submit the corrections' },
    registerAdhesion: { path: `${AD}/registration`, labelIt: 'Registra l’adesione', labelEn: 'Register the adhesion' },
    rejectAdhesion: { path: `${AD}/rejection`, labelIt: 'Respingi l’adesione', labelEn: 'Reject the adhesion' },
    withdrawAdhesion: { path: `${AD}/withdrawal`, labelIt: 'Ritira l’adesione', labelEn: 'Withdraw the adhesion' },
  },
  'territorial-agreement': {
    addAgreementDraft: { path: `${TA}/drafts`, labelIt: 'Aggiungi una bozza dell’accordo', labelEn: 'Add a draft of the agreement' },
    setAgreementCommitments: { path: `${TA}/commitments`, labelIt: 'Imposta gli impegni', labelEn: 'Set the commitments' },
    sendAgreementForSignature: { path: `${TA}/send-for-signature`, labelIt: 'Invia alla firma', labelEn: 'Send for signature' },
    signAgreement: { path: `${TA}/signatures`, labelIt: 'Firma l’accordo', labelEn: 'Sign the agreement' },
    refuseAgreement: { path: `${TA}/refusals`, labelIt: 'Rifiuta la firma', labelEn: 'Refuse to sign' },
    declareAgreementFailed: { path: `${TA}/failure`, labelIt: 'Dichiara il mancato accordo', labelEn: 'Declare the agreement failed' },
    withdrawAgreement: { path: `${TA}/withdrawal`, labelIt: 'Ritira l’accordo', labelEn: 'Withdraw the agreement' },
  },
  'annual-call': {
    markEligibility: {
      path: `${AC}/proposals/:proposalId/eligibility`,
      labelIt: 'Decidi l’ammissibilità della proposta',
      labelEn: 'Decide the proposal’s eligibility',
    },
    scoreProposal: { path: `${AC}/proposals/:proposalId/scores`, labelIt: 'Assegna i punteggi', labelEn: 'Score the proposal' },
    approveRanking: { path: `${AC}/ranking/approval`, labelIt: 'Approva la graduatoria', labelEn: 'Approve the ranking' },
    cancelCall: { path: `${AC}/cancellation`, labelIt: 'Annulla l’avviso', labelEn: 'Cancel the call' },
  },
  'sttm-approval': {
    planAdoption: { path: `${ST}/planned-adoption`, labelIt: 'Pianifica la data di adozione', labelEn: 'Plan the adoption date' },
    recordParticipation: {
      path: `${ST}/participation`,
      labelIt: 'Registra un momento di partecipazione',
      labelEn: 'Record a participation step',
    },
    approvePreliminary: {
      path: `${ST}/preliminary-approval`,
      labelIt: 'Approva il progetto preliminare',
      labelEn: 'Approve the preliminary project',
    },
    makeProposalAvailable: {
      path: `${ST}/availability`,
      labelIt: 'Metti a disposizione la proposta',
      labelEn: 'Make the proposal available',
    },
    convokeConferenza: {
      path: `${ST}/conferenza/convocation`,
      labelIt: 'Convoca la conferenza istruttoria',
      labelEn: 'Convene the preliminary conference',
    },
    holdConferenza: {
      path: `${ST}/conferenza/minutes`,
      labelIt: 'Registra il verbale della conferenza',
      labelEn: 'Record the conference minutes',
    },
    recordSttmOpinion: { path: `${ST}/opinions`, labelIt: 'Registra un parere', labelEn: 'Record an opinion' },
    adoptSttm: { path: `${ST}/adoption`, labelIt: 'Registra l’adozione', labelEn: 'Record the adoption' },
    publishAdoption: { path: `${ST}/adoption/publication`, labelIt: 'Pubblica l’adozione', labelEn: 'Publish the adoption' },
    publishBurlNotice: { path: `${ST}/adoption/burl-notice`, labelIt: 'Registra l’avviso sul BURL', labelEn: 'Record the BURL notice' },
    recordObservation: { path: `${ST}/observations`, labelIt: 'Registra un’osservazione', labelEn: 'Record an observation' },
    recordControdeduzione: {
      path: `${ST}/observations/:observationId/controdeduzione`,
      labelIt: 'Registra la controdeduzione',
      labelEn: 'Record the counter-argument',
    },
    approveFinal: { path: `${ST}/final-approval`, labelIt: 'Registra l’approvazione definitiva', labelEn: 'Record the final approval' },
    publishApproval: { path: `${ST}/final-approval/publication`, labelIt: 'Pubblica l’approvazione', labelEn: 'Publish the approval' },
    cancelSttm: { path: `${ST}/cancellation`, labelIt: 'Annulla il procedimento', labelEn: 'Cancel the procedure' },
    recordVasStep: { path: `${ST}/vas/steps`, labelIt: 'Registra un passo della verifica VAS', labelEn: 'Record a VAS screening step' },
    recordVasOpinion: { path: `${ST}/vas/opinions`, labelIt: 'Registra un parere VAS', labelEn: 'Record a VAS opinion' },
    decideVas: { path: `${ST}/vas/decision`, labelIt: 'Decreto di verifica VAS', labelEn: 'VAS screening decree' },
  },
  'concertation-conference': {
    addSession: { path: `${CC}/sessions`, labelIt: 'Aggiungi una seduta', labelEn: 'Add a session' },
    answerConvocation: {
      path: `${CC}/sessions/:sessionId/answers`,
      labelIt: 'Rispondi alla convocazione',
      labelEn: 'Answer the convocation',
    },
    moveSession: { path: `${CC}/sessions/:sessionId/move`, labelIt: 'Sposta la seduta', labelEn: 'Move the session' },
    cancelSession: { path: `${CC}/sessions/:sessionId/cancellation`, labelIt: 'Annulla la seduta', labelEn: 'Cancel the session' },
    recordMinutes: {
      path: `${CC}/sessions/:sessionId/minutes`,
      labelIt: 'Registra il verbale della seduta',
      labelEn: 'Record the session minutes',
    },
    submitContribution: { path: `${CC}/contributions`, labelIt: 'Invia un contributo scritto', labelEn: 'Send a written contribution' },
    closeConference: { path: `${CC}/closure`, labelIt: 'Chiudi la conferenza', labelEn: 'Close the conference' },
    withdrawConference: { path: `${CC}/withdrawal`, labelIt: 'Ritira la conferenza', labelEn: 'Withdraw the conference' },
  },
};
