import { BilingualText } from '../i18n/bilingual-text.types';

/** How a non-working day recurs, so years need not be listed one by one. */
export type HolidayRecurrence =
  | { readonly kind: 'weekly'; readonly weekday: number }
  | { readonly kind: 'fixed-date'; readonly month: number; readonly day: number }
  | { readonly kind: 'easter-relative'; readonly daysAfterEaster: number };

/**
 * A public holiday stops legal terms; an office closure only matters for filings by
 * third parties at CMM's offices (calendar `milano`).
 */
export type HolidayCategory = 'public-holiday' | 'office-closure';

export interface HolidayValidity {
  readonly fromYear: number;
  /** Inclusive; absent while the source is in force. */
  readonly toYear?: number;
}

export interface HolidayDefinition {
  readonly id: string;
  readonly name: BilingualText;
  readonly category: HolidayCategory;
  readonly recurrence: HolidayRecurrence;
  readonly validity: HolidayValidity;
  /** The legal source that makes the day non-working for the years in `validity`. */
  readonly source: string;
  readonly note?: string;
}
