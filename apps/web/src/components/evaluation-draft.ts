// The municipality's submission of a compatibility evaluation, as the wizard keeps it between
// steps and reloads: the answers and the uploads already stored by the API (their ids and
// names, never the files' bytes). What the API accepts is still the API's decision: this
// module only builds the body it documents and reads back the fields its problems name.
import requestSchemas from '../api/request-schemas.json';
import type { components } from '../api/schema';

export type SubmitEvaluation = components['schemas']['SubmitEvaluationDto'];
export type SubmissionUploads = components['schemas']['SubmissionUploadsDto'];
export type EvaluationReceipt = components['schemas']['EvaluationReceiptDto'];
export type ActType = SubmitEvaluation['actType'];

/** The act types in the API's own order, read from its request schema (never a second list). */
export const ACT_TYPES = requestSchemas.SubmitEvaluationDto.properties.actType.enum as ActType[];
/** The deliberation number's pattern, as the API declares it. */
export const DELIBERATION_NUMBER = new RegExp(requestSchemas.DeliberationDto.properties.number.pattern);
export const DESCRIPTION_MAX_LENGTH = requestSchemas.SubmitEvaluationDto.properties.description.maxLength;

/** The wizard's steps; the fifth, the receipt, is a page of its own URL. */
export const STEPS = ['act', 'relevance', 'documents', 'review', 'receipt'] as const;
export type StepName = (typeof STEPS)[number];
export type DraftStep = 1 | 2 | 3 | 4;

export type AdhesionChoice = 'none' | 'a' | 'b';
export type DocumentSlot = 'adoptedAct' | 'diffusionBalance' | 'adhesionDeliberation';
export const DOCUMENT_SLOTS: readonly DocumentSlot[] = ['adoptedAct', 'diffusionBalance', 'adhesionDeliberation'];

export interface UploadedFile {
  uploadId: string;
  filename: string;
  sizeBytes: number;
  title: string;
}

export interface EvaluationDraft {
  version: 1;
  step: DraftStep;
  actType: ActType | '';
  deliberationNumber: string;
  deliberationDate: string;
  description: string;
  relevance: 'yes' | 'no' | '';
  affectedMunicipalities: string[];
  adhesion: AdhesionChoice;
  documents: Partial<Record<DocumentSlot, UploadedFile>> & { attachments: UploadedFile[] };
}

export const emptyDraft = (): EvaluationDraft => ({
  version: 1,
  step: 1,
  actType: '',
  deliberationNumber: '',
  deliberationDate: '',
  description: '',
  relevance: '',
  affectedMunicipalities: [],
  adhesion: 'none',
  documents: { attachments: [] },
});

/** The `kind` each upload declares (POST /uploads); the API files named slots under these kinds. */
export const UPLOAD_KIND: Record<DocumentSlot | 'attachments', string> = {
  adoptedAct: 'adopted-act',
  diffusionBalance: 'diffusion-balance',
  adhesionDeliberation: 'adhesion-deliberation',
  attachments: 'attachment',
};

// Document titles become the case's records, read by CMM's officers: Italian whatever the page's language.
const SLOT_TITLES: Record<DocumentSlot, string> = {
  adoptedAct: 'Atto adottato',
  diffusionBalance: 'Bilancio delle diffusività territoriali',
  adhesionDeliberation: 'Delibera di adesione alle STTM e al Fondo perequativo',
};

/** The title an upload is stored under: the slot's name, or for a further file its name without extension. */
export function uploadTitle(slot: DocumentSlot | 'attachments', filename: string): string {
  if (slot !== 'attachments') return SLOT_TITLES[slot];
  const base = filename.replace(/\.[^.]+$/, '').trim();
  return (base || filename || 'Allegato').slice(0, 300);
}

export interface ChecklistItem {
  slot: DocumentSlot | 'attachments';
  required: boolean;
  uploaded: UploadedFile[];
}

/**
 * The documents this act needs, from the answers: the adopted act always, the diffusion
 * balance when supra-municipal relevance is declared, the adhesion deliberation when the
 * municipality adheres (case a or b), further files optional (as the API checks them).
 */
export function documentChecklist(draft: EvaluationDraft): ChecklistItem[] {
  const slot = (name: DocumentSlot): ChecklistItem => ({
    slot: name,
    required: true,
    uploaded: draft.documents[name] ? [draft.documents[name]] : [],
  });
  return [
    slot('adoptedAct'),
    ...(draft.relevance === 'yes' ? [slot('diffusionBalance')] : []),
    ...(draft.adhesion !== 'none' ? [slot('adhesionDeliberation')] : []),
    { slot: 'attachments', required: false, uploaded: draft.documents.attachments },
  ];
}

/** Required documents not uploaded yet. */
export function missingDocuments(draft: EvaluationDraft): DocumentSlot[] {
  return documentChecklist(draft)
    .filter((item) => item.required && item.uploaded.length === 0)
    .map((item) => item.slot as DocumentSlot);
}

/**
 * The body of POST /compatibility-evaluations. Answers a later choice made moot are left out
 * (municipalities and balance without relevance, the adhesion deliberation without adhesion),
 * so going back and changing one's mind never sends what the user no longer sees.
 */
export function submissionOf(draft: EvaluationDraft): SubmitEvaluation {
  const relevance = draft.relevance === 'yes';
  const adhesion = draft.adhesion === 'none' ? null : draft.adhesion;
  const { adoptedAct, diffusionBalance, adhesionDeliberation, attachments } = draft.documents;
  const uploads: SubmissionUploads = { adoptedAct: adoptedAct?.uploadId ?? '' };
  if (relevance && diffusionBalance) uploads.diffusionBalance = diffusionBalance.uploadId;
  if (adhesion && adhesionDeliberation) uploads.adhesionDeliberation = adhesionDeliberation.uploadId;
  if (attachments.length > 0) uploads.attachments = attachments.map((file) => file.uploadId);
  return {
    actType: draft.actType as ActType,
    deliberation: { number: draft.deliberationNumber.trim(), date: draft.deliberationDate },
    description: draft.description.trim(),
    declaresSupraMunicipalRelevance: relevance,
    ...(relevance && draft.affectedMunicipalities.length > 0 ? { affectedMunicipalities: [...draft.affectedMunicipalities] } : {}),
    ...(adhesion ? { adhesionCase: adhesion } : {}),
    uploads,
  };
}

/** The wizard's fields, each on its step; the names are those the API's invalid-params use. */
export const FIELD_STEPS = {
  actType: 1,
  'deliberation.number': 1,
  'deliberation.date': 1,
  description: 1,
  declaresSupraMunicipalRelevance: 2,
  affectedMunicipalities: 2,
  adhesionCase: 2,
  'uploads.adoptedAct': 3,
  'uploads.diffusionBalance': 3,
  'uploads.adhesionDeliberation': 3,
  'uploads.attachments': 3,
} as const satisfies Record<string, DraftStep>;
export type DraftField = keyof typeof FIELD_STEPS;

/**
 * The wizard field an invalid-param names: `body.` and list positions dropped
 * (`affectedMunicipalities.2` is the municipalities field), a parent object to its first
 * field (`deliberation` → its number). Undefined when the form has no such field.
 */
export function fieldOfParam(name: string): DraftField | undefined {
  const path = name
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment && !/^\d+$/.test(segment));
  if (path[0] === 'body') path.shift();
  const joined = path.join('.');
  if (joined in FIELD_STEPS) return joined as DraftField;
  if (joined === 'deliberation') return 'deliberation.number';
  if (joined === 'uploads') return 'uploads.adoptedAct';
  return undefined;
}

const STORAGE_PREFIX = 'cmm-web:nuova-valutazione:';

/** One draft per signed-in user: two clerks sharing a browser never see each other's answers. */
export const draftKey = (subject: string): string => `${STORAGE_PREFIX}${subject}`;

const isString = (value: unknown): value is string => typeof value === 'string';

function uploadedFile(value: unknown): UploadedFile | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const file = value as Record<string, unknown>;
  if (!isString(file.uploadId) || !isString(file.filename)) return undefined;
  return {
    uploadId: file.uploadId,
    filename: file.filename,
    sizeBytes: typeof file.sizeBytes === 'number' ? file.sizeBytes : 0,
    title: isString(file.title) ? file.title : file.filename,
  };
}

/**
 * Reads a saved draft back, field by field: storage written by an older build, or edited by
 * hand, gives an empty field rather than a broken page.
 */
export function parseDraft(text: string | null): EvaluationDraft | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return null;
  const saved = raw as Record<string, unknown>;
  const draft = emptyDraft();
  if ([1, 2, 3, 4].includes(saved.step as number)) draft.step = saved.step as DraftStep;
  if (ACT_TYPES.includes(saved.actType as ActType)) draft.actType = saved.actType as ActType;
  if (isString(saved.deliberationNumber)) draft.deliberationNumber = saved.deliberationNumber;
  if (isString(saved.deliberationDate)) draft.deliberationDate = saved.deliberationDate;
  if (isString(saved.description)) draft.description = saved.description;
  if (saved.relevance === 'yes' || saved.relevance === 'no') draft.relevance = saved.relevance;
  if (Array.isArray(saved.affectedMunicipalities)) draft.affectedMunicipalities = saved.affectedMunicipalities.filter(isString);
  if (saved.adhesion === 'a' || saved.adhesion === 'b') draft.adhesion = saved.adhesion;
  const documents = (saved.documents ?? {}) as Record<string, unknown>;
  for (const slot of DOCUMENT_SLOTS) {
    const file = uploadedFile(documents[slot]);
    if (file) draft.documents[slot] = file;
  }
  if (Array.isArray(documents.attachments)) {
    draft.documents.attachments = documents.attachments.map(uploadedFile).filter((file): file is UploadedFile => Boolean(file));
  }
  return draft;
}

export function loadDraft(storage: Storage, subject: string): EvaluationDraft | null {
  try {
    return parseDraft(storage.getItem(draftKey(subject)));
  } catch {
    return null;
  }
}

export function saveDraft(storage: Storage, subject: string, draft: EvaluationDraft): void {
  try {
    storage.setItem(draftKey(subject), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the wizard still works, only a reload loses the answers.
  }
}

export function clearDraft(storage: Storage, subject: string): void {
  try {
    storage.removeItem(draftKey(subject));
  } catch {
    // Nothing saved to clear.
  }
}

/** A size in words the clerk reads: KB below a megabyte, MB above, Italian separators. */
export function formatSize(bytes: number): string {
  const format = (value: number) => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(value);
  if (bytes >= 1024 * 1024) return `${format(bytes / (1024 * 1024))} MB`;
  return `${format(Math.max(1, Math.ceil(bytes / 1024)))} KB`;
}
