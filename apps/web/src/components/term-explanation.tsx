import { useTranslation } from 'react-i18next';
import { formatDate, withItalianDates } from '../format/format';

export interface BilingualText {
  it: string;
  en: string;
}

export interface ExplainedSuspension {
  from: string;
  to?: string | null;
  days?: number | null;
  basis?: string | null;
}

export interface ExplainedShift {
  from: string;
  to: string;
  reason: BilingualText;
}

export interface TermExplanationProps {
  /** The calendar's own steps, in order (libs/legal-calendar `explanation`), as the API gives them. */
  steps?: readonly BilingualText[] | null;
  start?: string | null;
  nominal?: string | null;
  deadline?: string | null;
  shifts?: readonly ExplainedShift[] | null;
  suspensions?: readonly ExplainedSuspension[] | null;
}

// The calendar records the due instant in UTC next to the Rome wall time it states: the record's, not the reader's.
const UTC_INSTANT_IN_TEXT = /\s*\(\d{4}-\d{2}-\d{2}T[\d:.]+Z\)/g;

/** The calendar writes ISO dates; the reader gets dd/mm/yyyy. */
const readableDates = (text: string): string => withItalianDates(text.replace(UTC_INSTANT_IN_TEXT, ''));

/**
 * How the due date was computed, as the legal calendar explained it: start, holidays passed
 * over, suspensions with dates and legal basis. Nothing is computed here: the browser only
 * shows the API's explanation in the reader's language.
 */
export function TermExplanation({ steps, start, nominal, deadline, shifts, suspensions }: TermExplanationProps) {
  const { t, i18n } = useTranslation();
  const language: keyof BilingualText = i18n.language === 'en' ? 'en' : 'it';
  const items: string[] = [];
  if (start) items.push(t('explanation.start', { date: formatDate(start) }));
  for (const suspension of suspensions ?? []) {
    const basis = suspension.basis ?? '';
    items.push(
      !suspension.to
        ? t('explanation.suspensionOpen', { from: formatDate(suspension.from), basis })
        : typeof suspension.days === 'number'
          ? t('explanation.suspension', { from: formatDate(suspension.from), to: formatDate(suspension.to), days: suspension.days, basis })
          : t('explanation.suspensionClosed', { from: formatDate(suspension.from), to: formatDate(suspension.to), basis }),
    );
  }
  if (nominal && nominal !== deadline) items.push(t('explanation.nominal', { date: formatDate(nominal) }));
  for (const shift of shifts ?? []) {
    items.push(
      t('explanation.shift', { from: formatDate(shift.from), to: formatDate(shift.to), reason: readableDates(shift.reason[language]) }),
    );
  }
  if (deadline) items.push(t('explanation.due', { date: formatDate(deadline) }));
  const calendarSteps = (steps ?? []).map((step) => readableDates(step[language] ?? step.it));
  if (items.length === 0 && calendarSteps.length === 0) return <p className="mb-0">{t('explanation.none')}</p>;
  return (
    <div className="term-explanation">
      {items.length > 0 && (
        <ul>
          {items.map((item, index) => (
            <li key={`s${index}`}>{item}</li>
          ))}
        </ul>
      )}
      {calendarSteps.length > 0 && (
        <ol>
          {calendarSteps.map((step, index) => (
            <li key={`c${index}`}>{step}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
