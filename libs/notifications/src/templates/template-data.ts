import { formatItalianDate } from '@cmm/legal-calendar';
import type { Locale } from '../notification.types';

/** Producers send loosely typed data (it crosses Temporal and jsonb): read it defensively. */
export class TemplateData {
  constructor(private readonly data: Record<string, unknown>) {}

  text(key: string): string | null {
    const value = this.data[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  number(key: string): number | null {
    const value = this.data[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
    return null;
  }

  /** True only for a JSON true: a missing or odd value never switches a sentence on. */
  flag(key: string): boolean {
    return this.data[key] === true;
  }

  /** A list of plain strings (e.g. what is missing); blanks and non-strings are left out. */
  texts(key: string): string[] {
    const value = this.data[key];
    if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
  }

  object(key: string): TemplateData | null {
    const value = this.data[key];
    return value && typeof value === 'object' && !Array.isArray(value) ? new TemplateData(value as Record<string, unknown>) : null;
  }

  list(key: string): TemplateData[] {
    const value = this.data[key];
    return Array.isArray(value)
      ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object').map((v) => new TemplateData(v))
      : [];
  }

  /** A bilingual value ({ it, en }) or a plain string. */
  localised(key: string, locale: Locale): string | null {
    const value = this.data[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const chosen = record[locale] ?? record.it;
      return typeof chosen === 'string' && chosen.trim() ? chosen.trim() : null;
    }
    return this.text(key);
  }
}

const ROME_DATE = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' });
const ROME_TIME = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * dd/mm/yyyy as in Italy, for both locales. A civil date (YYYY-MM-DD, how
 * legal deadlines are stored) is printed as is; an instant is read in Europe/Rome, never in
 * the server's zone.
 */
export function formatDate(value: string | null): string | null {
  if (!value) return null;
  if (CIVIL_DATE.test(value)) return formatItalianDate(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ROME_DATE.format(ms);
}

/** dd/mm/yyyy HH:mm in Europe/Rome. */
export function formatDateTime(value: string | null): string | null {
  if (!value) return null;
  if (CIVIL_DATE.test(value)) return formatDate(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${ROME_DATE.format(ms)} ${ROME_TIME.format(ms)}`;
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
