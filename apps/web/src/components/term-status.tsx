import { useTranslation } from 'react-i18next';
import { formatDate } from '../format/format';

const BADGE: Record<string, string> = {
  running: 'bg-primary',
  suspended: 'bg-warning',
  met: 'bg-success',
  expired: 'bg-danger',
  cancelled: 'bg-secondary',
  'deemed-favourable': 'bg-success',
};

/** A term's state as words (the badge colour only repeats them: WCAG 1.4.1). */
export function TermStatus({ status, suspendedSince, reason }: { status: string; suspendedSince?: string | null; reason?: string | null }) {
  const { t } = useTranslation();
  const text =
    status === 'suspended' && suspendedSince
      ? t('termStatus.suspendedSince', { date: formatDate(suspendedSince) })
      : t(`termStatus.${status}`, { defaultValue: status });
  return (
    <>
      <span className={`badge ${BADGE[status] ?? 'bg-secondary'}`}>{text}</span>
      {status === 'suspended' && reason && <span className="d-block small mt-1">{reason}</span>}
    </>
  );
}
