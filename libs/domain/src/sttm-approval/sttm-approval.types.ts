import type { Actor } from '../actor';

/** The act that closes a step (every step is closed by an act). */
export const ACT_KINDS = ['decree', 'resolution', 'notice', 'minutes'] as const;
export type ActKind = (typeof ACT_KINDS)[number];

export interface SttmAct {
  type: ActKind;
  number: string;
  /** Civil date YYYY-MM-DD (Europe/Rome). */
  date: string;
  documentId?: string | null;
}

/** Every state of an STTM's approval, in the order of its course. */
export const STTM_STATES = [
  'participation',
  'preliminary-approved',
  'proposal-available',
  'conferenza-convened',
  'conferenza-held',
  'adopted',
  /** Published at the albo, waiting for the BURL notice that opens the osservazioni (burl-notice trigger only). */
  'adoption-published',
  'osservazioni',
  'controdeduzioni',
  'approved',
  'in-force',
  'vas-subjected',
  'cancelled',
] as const;
export type SttmState = (typeof STTM_STATES)[number];

export const STTM_TERMINAL_STATES: readonly SttmState[] = ['in-force', 'vas-subjected', 'cancelled'];

/**
 * What the legal calendar says for one adoption date (computed by an activity, kept in the
 * workflow state): the latest day to make the proposal available (NdA art. 7bis c.4: at least
 * 90 days before, 45 halved) and the window of the conferenza istruttoria (within the 60 days
 * before, 30 halved; the day of adoption excluded).
 */
export interface SttmSchedule {
  adoptionDate: string;
  halved: boolean;
  availabilityLatest: string;
  conferenzaFrom: string;
  conferenzaTo: string;
  legalSource: string;
}

/**
 * The event the osservazioni period runs from (rule sttm-approval.osservazioni, triggerOptions):
 * the publication of the adoption at the albo pretorio, or its notice in the BURL. Chosen when
 * the procedure starts, so a running case never changes its rule midway.
 */
export const OSSERVAZIONI_TRIGGERS = ['albo-publication', 'burl-notice'] as const;
export type OsservazioniTrigger = (typeof OSSERVAZIONI_TRIGGERS)[number];

export interface SttmFacts {
  halved: boolean;
  /** Absent in procedures started before the trigger was configurable: the albo publication. */
  osservazioniTrigger?: OsservazioniTrigger;
}

export interface Observation {
  id: string;
  from: string;
  text: string;
  documentIds: string[];
  receivedOn: string;
  controdeduzione: { outcome: ControdeduzioneOutcome; text: string } | null;
}

export const CONTRODEDUZIONE_OUTCOMES = ['accolta', 'parzialmente-accolta', 'respinta', 'non-pertinente'] as const;
export type ControdeduzioneOutcome = (typeof CONTRODEDUZIONE_OUTCOMES)[number];

export const PARTICIPATION_KINDS = ['kick-off', 'territorial-table', 'presentation', 'meeting', 'contribution'] as const;
export type ParticipationKind = (typeof PARTICIPATION_KINDS)[number];

export type VasOutcome = 'excluded' | 'subjected';

export interface SttmStatus {
  state: SttmState;
  planned: SttmSchedule | null;
  vas: 'running' | VasOutcome;
  /** Dates of the acts that the 90/60-day constraints read. */
  availableOn: string | null;
  conferenzaOn: string | null;
  adoptedOn: string | null;
  /** The day the adoption was published at the albo pretorio (a BURL notice cannot precede it). */
  adoptionPublishedOn?: string | null;
  observations: Observation[];
}

export type SttmAction =
  | { type: 'plan-adoption'; actor: Actor; schedule: SttmSchedule }
  | { type: 'record-participation'; actor: Actor; kind: ParticipationKind; title: string; date: string; documentIds: string[] }
  | { type: 'approve-preliminary'; actor: Actor; act: SttmAct }
  | { type: 'make-available'; actor: Actor; act: SttmAct }
  | { type: 'convoke-conferenza'; actor: Actor; act: SttmAct; meetingDate: string }
  | { type: 'hold-conferenza'; actor: Actor; act: SttmAct }
  | { type: 'record-opinion'; actor: Actor; from: string; text: string; documentIds: string[]; receivedOn: string }
  /** `schedule`: what the calendar says for the act's date; null when not computed yet. */
  | { type: 'adopt'; actor: Actor; act: SttmAct; schedule: SttmSchedule | null }
  | { type: 'publish-adoption'; actor: Actor; act: SttmAct }
  | { type: 'publish-burl-notice'; actor: Actor; act: SttmAct }
  | {
      type: 'record-observation';
      actor: Actor;
      observationId: string;
      from: string;
      text: string;
      documentIds: string[];
      receivedOn: string;
    }
  | { type: 'record-controdeduzione'; actor: Actor; observationId: string; outcome: ControdeduzioneOutcome; text: string }
  | { type: 'approve-final'; actor: Actor; act: SttmAct }
  | { type: 'publish-approval'; actor: Actor; act: SttmAct }
  | { type: 'cancel'; actor: Actor; reason: string };

export type SttmEvent = SttmAction | { type: 'vas-concluded'; outcome: VasOutcome } | { type: 'osservazioni-closed' };
