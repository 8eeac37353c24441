import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { textOf } from '../components/action-form';
import { DaysLeft } from '../components/days-left';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
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
  const failed = notices.data?.items ?? [];
  const expired = overdue.data?.items ?? [];
  return (
    <>
      <PageHeading>{t('alerts.title')}</PageHeading>
      <p>{t('alerts.intro')}</p>
      <section aria-labelledby="alerts-failed" className="mt-4">
        <h2 className="h3" id="alerts-failed">
          {t('alerts.failedNotices')}
        </h2>
        {notices.isPending && <Loading />}
        {notices.isError && <ErrorNotice error={notices.error} onRetry={() => void notices.refetch()} />}
        {notices.isSuccess && failed.length === 0 && <p>{t('alerts.noFailed')}</p>}
        {failed.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('alerts.failedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.reference')}</th>
                  <th scope="col">{t('case.subject')}</th>
                  <th scope="col">{t('case.channel')}</th>
                  <th scope="col">{t('case.recipient')}</th>
                  <th scope="col">{t('case.delivery')}</th>
                  <th scope="col">{t('alerts.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((notice) => (
                  <tr key={notice.deliveryId}>
                    <th scope="row">{notice.caseId ? <Link to={`/pratiche/${notice.caseId}`}>{notice.caseReference ?? notice.caseId}</Link> : '—'}</th>
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
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="alerts-overdue" className="mt-5">
        <h2 className="h3" id="alerts-overdue">
          {t('alerts.overdueTerms')}
        </h2>
        {overdue.isPending && <Loading />}
        {overdue.isError && <ErrorNotice error={overdue.error} onRetry={() => void overdue.refetch()} />}
        {overdue.isSuccess && expired.length === 0 && <p>{t('alerts.noOverdue')}</p>}
        {expired.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('alerts.overdueCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.reference')}</th>
                  <th scope="col">{t('deadlines.municipality')}</th>
                  <th scope="col">{t('deadlines.due')}</th>
                  <th scope="col">{t('deadlines.dueDate')}</th>
                  <th scope="col">{t('deadlines.daysLeft')}</th>
                  <th scope="col">{t('deadlines.legalSource')}</th>
                </tr>
              </thead>
              <tbody>
                {expired.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      <Link to={`/pratiche/${row.caseId}`}>{row.caseReference}</Link>
                    </th>
                    <td>{row.municipalityName ?? '—'}</td>
                    <td>{i18n.language === 'en' ? row.labelEn : row.labelIt}</td>
                    <td>{formatDate(row.dueDate)}</td>
                    <td>
                      <DaysLeft dueDate={row.dueDate} status={row.state} workingDaysLeft={row.workingDaysLeft} calendarDaysLeft={row.daysLeft} />
                    </td>
                    <td>{row.legalSource}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
