import { BilingualText } from '../i18n/bilingual-text.types';

/**
 * What a rung counts from: the legal deadline, or (CMM's own obligations) the internal
 * target; a ladder asking for the target falls back to the deadline when there is none.
 */
export type RungAnchor = 'deadline' | 'internal-target';
export const RUNG_ANCHORS: readonly RungAnchor[] = ['deadline', 'internal-target'];

export type RungKind = 'reminder' | 'escalation';
export const RUNG_KINDS: readonly RungKind[] = ['reminder', 'escalation'];

/**
 * One rung: `offsetDays` calendar days from the anchor day (-7 = a week before), at the
 * local wall-clock `time` ('HH:MM', Europe/Rome) of that day. T0 at 09:00 is the morning
 * of the last useful day, while the whole day is still available (the term ends at 24:00).
 */
export interface LadderRung {
  readonly id: string;
  readonly offsetDays: number;
  readonly time: string;
  readonly anchor: RungAnchor;
  readonly kind: RungKind;
  readonly label: BilingualText;
}

export interface ReminderLadder {
  readonly id: string;
  readonly label: BilingualText;
  readonly rungs: readonly LadderRung[];
  readonly confirmed: 'source' | 'default';
  readonly note?: string;
}
