import { type BilingualLabel, ownLabel, readableId } from './bilingual-label';

/**
 * The kinds of document a case holds. Kinds are free kebab-case text at upload (documents.kind
 * has no CHECK), so this names the ones the system files itself and the ones the procedures
 * ask people for; any other kind reads as its readable form.
 */
export const DOCUMENT_KIND_LABELS = {
  // The named slots of a municipal submission (SLOT_DOCUMENT_KINDS) and its further files.
  'adopted-act': { it: 'Atto adottato', en: 'Adopted act' },
  'diffusion-balance': { it: 'Bilancio delle diffusività territoriali', en: 'Balance of territorial diffusion' },
  'adhesion-deliberation': { it: 'Delibera di adesione alle STTM e al Fondo', en: 'Deliberation of adhesion to the STTM and the Fund' },
  attachment: { it: 'Allegato', en: 'Attachment' },
  // Filed by the procedures themselves.
  'avvio-decree': { it: 'Decreto di avvio del procedimento', en: 'Decree starting the procedure' },
  'annual-call-notice': { it: 'Avviso annuale ex art. 14 NdA', en: 'Annual call notice (NdA art. 14)' },
  'annual-call-proposal': { it: "Proposta all'avviso annuale", en: 'Proposal to the annual call' },
  'annual-call-ranking': { it: "Graduatoria dell'avviso annuale", en: 'Ranking of the annual call' },
  'pec-receipt': { it: 'Ricevuta PEC', en: 'PEC receipt' },
  'pec-inbound': { it: 'PEC ricevuta (messaggio originale)', en: 'Certified email received (original message)' },
  'pec-inbound-attachment': { it: 'Allegato di una PEC ricevuta', en: 'Attachment of a certified email received' },
  'submission-receipt': { it: 'Ricevuta di presentazione', en: 'Submission receipt' },
  // Uploaded by officers and municipalities for the procedures' steps.
  opinion: { it: 'Parere', en: 'Opinion' },
  'signed-opinion': { it: 'Parere firmato digitalmente', en: 'Digitally signed opinion' },
  integration: { it: 'Integrazione documentale', en: 'Additional documents' },
  'integration-request': { it: 'Richiesta di integrazioni', en: 'Request for additional documents' },
  minutes: { it: 'Verbale', en: 'Minutes' },
  contribution: { it: 'Contributo scritto', en: 'Written contribution' },
  'agreement-draft': { it: "Bozza dell'accordo territoriale", en: 'Draft of the territorial agreement' },
  'agreement-signature': { it: 'Accordo firmato digitalmente da una parte', en: 'Agreement digitally signed by a party' },
  'signed-agreement': { it: 'Accordo firmato digitalmente', en: 'Digitally signed agreement' },
  decree: { it: 'Decreto', en: 'Decree' },
  resolution: { it: 'Delibera', en: 'Resolution' },
  deliberation: { it: 'Delibera', en: 'Deliberation' },
  notice: { it: 'Avviso', en: 'Notice' },
  observation: { it: 'Osservazione', en: 'Observation' },
  controdeduzione: { it: "Controdeduzione a un'osservazione", en: 'Counter-argument to an observation' },
  proposal: { it: 'Proposta', en: 'Proposal' },
  report: { it: 'Relazione', en: 'Report' },
  'technical-report': { it: 'Relazione tecnica', en: 'Technical report' },
  istruttoria: { it: 'Relazione istruttoria', en: 'Review report' },
  'plan-map': { it: 'Tavola di piano', en: 'Plan map' },
  note: { it: 'Nota', en: 'Note' },
} as const satisfies Record<string, BilingualLabel>;

export function documentKindLabel(kind: string): BilingualLabel {
  return ownLabel(DOCUMENT_KIND_LABELS, kind) ?? readableId(kind);
}

/**
 * The kinds a person picks when uploading to a case (the upload form's list); the ones the
 * procedures file themselves (decrees of kick-off, PEC receipts, call notices and rankings) are
 * not offered.
 */
export const UPLOADABLE_DOCUMENT_KINDS = [
  'attachment',
  'integration',
  'signed-opinion',
  'opinion',
  'minutes',
  'contribution',
  'agreement-draft',
  'agreement-signature',
  'signed-agreement',
  'decree',
  'resolution',
  'deliberation',
  'observation',
  'controdeduzione',
  'technical-report',
  'report',
  'istruttoria',
  'plan-map',
  'note',
  'adopted-act',
  'diffusion-balance',
  'adhesion-deliberation',
] as const satisfies readonly (keyof typeof DOCUMENT_KIND_LABELS)[];
