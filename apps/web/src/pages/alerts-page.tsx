import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { textOf } from '../components/action-form';
import { DaysLeft } from '../components/days-left';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable, QuerySection } from '../components/query-section';
import { formatDate, formatDateTime } from '../format/format';

/** Avvisi: what needs an officer now — notices that did not arrive and terms already expired. */
export default function AlertsPage() {
  const { t, i18n } = useTranslation();
  const notices = useQuery({
    queryKey: ['alerts', 'failed-notices'],
    queryFn: async () => data(await api.GET('/workspace/failed-notices', { params: { query: { limit: 200 } } })),
  });
  const overdue = useQuery({
    queryKey: ['alerts', 'overdue'],
    queryFn: async () => data(await api.GET('/workspace/deadlines', { params: { query: { overdue: true, limit: 200 } } })),
  });
  return (
    <>
      <PageHeading>{t('alerts.title')}</PageHeading>
      <p>{t('alerts.intro')}</p>
      <QuerySection
        id="alerts-failed"
        title={t('alerts.failedNotices')}
        query={notices}
        empty={t('alerts.noFailed')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('alerts.failedCaption')}
            columns={[
              { label: t('deadlines.reference') },
              { label: t('case.subject') },
              { label: t('case.channel') },
              { label: t('case.recipient') },
              { label: t('case.delivery') },
              { label: t('alerts.reason') },
            ]}
          >
            {result.items.map((notice) => (
              <tr key={notice.deliveryId}>
                <th scope="row">
                  {notice.caseId ? <Link to={`/pratiche/${notice.caseId}`}>{notice.caseReference ?? notice.caseId}</Link> : '—'}
                </th>
                <td>{textOf(notice.subject, i18n.language)}</td>
                <td>{notice.channel.toUpperCase()}</td>
                <td className="text-break">
                  {notice.recipientName ? `${notice.recipientName} — ` : ''}
                  {notice.recipientAddress}
                </td>
                <td>
                  <span className="fw-semibold">{t(`delivery.${notice.status}`, { defaultValue: notice.status })}</span>
                  <div className="small">{formatDateTime(notice.statusAt)}</div>
                </td>
                <td>{notice.lastError ?? '—'}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
      <QuerySection
        id="alerts-overdue"
        title={t('alerts.overdueTerms')}
        query={overdue}
        empty={t('alerts.noOverdue')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('alerts.overdueCaption')}
            columns={[
              { label: t('deadlines.reference') },
              { label: t('deadlines.municipality') },
              { label: t('deadlines.due') },
              { label: t('deadlines.dueDate') },
              { label: t('deadlines.daysLeft') },
              { label: t('deadlines.legalSource') },
            ]}
          >
            {result.items.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <Link to={`/pratiche/${row.caseId}`}>{row.caseReference}</Link>
                </th>
                <td>{row.municipalityName ?? '—'}</td>
                <td>{i18n.language === 'en' ? row.labelEn : row.labelIt}</td>
                <td>{formatDate(row.dueDate)}</td>
                <td>
                  <DaysLeft
                    dueDate={row.dueDate}
                    status={row.state}
                    workingDaysLeft={row.workingDaysLeft}
                    calendarDaysLeft={row.daysLeft}
                  />
                </td>
                <td>{row.legalSource}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
    </>
  );
}
