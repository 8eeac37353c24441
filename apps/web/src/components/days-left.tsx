import { useTranslation } from 'react-i18next';
import { calendarDaysBetween, todayInRome } from '../format/format';

export interface DaysLeftProps {
  /** The last useful day (calendar date). */
  dueDate: string | null | undefined;
  /** The term's state: only a running term counts down. */
  status: string;
  /** Working days left, computed by the API with the legal calendar (never in the browser). */
  workingDaysLeft?: number | null;
  /** Calendar days left when the API gives them; otherwise counted from today in Rome. */
  calendarDaysLeft?: number | null;
  /** Today's date in Rome (tests pin it). */
  today?: string;
}

/**
 * Days left of a term in words, calendar and working days: "12 giorni (9 giorni lavorativi)",
 * "Scade oggi", "Scaduto da 3 giorni". Text carries the meaning; colour only repeats it.
 */
export function DaysLeft({ dueDate, status, workingDaysLeft, calendarDaysLeft, today }: DaysLeftProps) {
  const { t } = useTranslation();
  if (!dueDate || (status !== 'running' && status !== 'expired')) return <span>{t('daysLeft.none')}</span>;
  const days = calendarDaysLeft ?? calendarDaysBetween(today ?? todayInRome(), dueDate);
  if (days < 0 || status === 'expired') {
    return (
      <span className="text-danger fw-semibold" data-days={days}>
        {t('daysLeft.overdue', { count: Math.abs(days) })}
      </span>
    );
  }
  if (days === 0) {
    return (
      <span className="text-danger fw-semibold" data-days={0}>
        {t('daysLeft.today')}
      </span>
    );
  }
  return (
    <span className={days <= 7 ? 'fw-semibold' : undefined} data-days={days}>
      {t('daysLeft.calendar', { count: days })}
      {typeof workingDaysLeft === 'number' && <> ({t('daysLeft.working', { count: workingDaysLeft })})</>}
    </span>
  );
}
