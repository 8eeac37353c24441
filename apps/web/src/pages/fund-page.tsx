import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { useRole } from '../auth/require-auth';
import { downloadWithToken } from '../components/csv-download';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { formatDate, formatEuro, todayInRome } from '../format/format';

const MUNICIPAL = ['comune', 'mayor_office'];

/** A ledger amount in its unit: cents as euro, square metres, buildings. */
function amountOf(value: number, unit: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (unit === 'EUR-cent') return formatEuro(value / 100);
  if (unit === 'm2') return `${new Intl.NumberFormat('it-IT').format(value)} m²`;
  return t('fund.buildings', { count: value });
}

/**
 * Fondo perequativo metropolitano: the balances of each municipality and section at a date,
 * the commitments with what has been paid, and those overdue, each report also as CSV. A
 * municipality sees its own accounts only (the API scopes every list to it).
 */
export default function FundPage() {
  const { t } = useTranslation();
  const role = useRole();
  const municipal = role !== undefined && MUNICIPAL.includes(role);
  const [params, setParams] = useSearchParams();
  const on = params.get('on') ?? todayInRome();
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const balances = useQuery({ queryKey: ['fund', 'balances', on], queryFn: async () => data(await api.GET('/fund/balances', { params: { query: { on } } })) });
  const overdue = useQuery({ queryKey: ['fund', 'overdue', on], queryFn: async () => data(await api.GET('/fund/overdue-commitments', { params: { query: { on } } })) });
  const commitments = useQuery({ queryKey: ['fund', 'commitments'], queryFn: async () => data(await api.GET('/fund/commitments', {})) });

  const onDate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('on') ?? '');
    setParams(value ? { on: value } : {});
  };
  const csv = (path: '/fund/balances' | '/fund/overdue-commitments', name: string) => {
    setDownloadError(null);
    downloadWithToken(`${path}?on=${encodeURIComponent(on)}&format=csv`, `${name}-${on}.csv`).catch(setDownloadError);
  };

  return (
    <>
      <PageHeading>{t('fund.title')}</PageHeading>
      <p className="lead">{t(municipal ? 'fund.introMunicipal' : 'fund.intro')}</p>
      <form onSubmit={onDate} className="row g-3 align-items-end mb-4" aria-label={t('fund.dateForm')} key={on}>
        <div className="col-md-4">
          <label htmlFor="fund-on" className="form-label fw-semibold">
            {t('fund.on')}
          </label>
          <input id="fund-on" name="on" type="date" className="form-control" defaultValue={on} />
        </div>
        <div className="col-md-4">
          <button type="submit" className="btn btn-primary">
            {t('filters.apply')}
          </button>
        </div>
      </form>
      {downloadError !== null && <ErrorNotice error={downloadError} />}

      <section aria-labelledby="fund-balances" className="mt-4">
        <h2 className="h3" id="fund-balances">
          {t('fund.balances', { date: formatDate(on) })}
        </h2>
        <button type="button" className="btn btn-outline-primary btn-sm mb-3" onClick={() => csv('/fund/balances', 'fondo-saldi')}>
          {t('fund.csv')}
        </button>
        {balances.isPending && <Loading />}
        {balances.isError && <ErrorNotice error={balances.error} onRetry={() => void balances.refetch()} />}
        {balances.isSuccess && balances.data.rows.length === 0 && <p>{t('fund.noBalances')}</p>}
        {balances.isSuccess && balances.data.rows.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('fund.balancesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.municipality')}</th>
                  <th scope="col">{t('fund.section')}</th>
                  <th scope="col">{t('fund.purpose')}</th>
                  <th scope="col" className="text-end">
                    {t('fund.balance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {balances.data.rows.map((row) => (
                  <tr key={`${row.istatCode ?? 'cmm'}-${row.section}-${row.purpose}`}>
                    <th scope="row">{row.municipality}</th>
                    <td>{t(`fund.sections.${row.section}`)}</td>
                    <td>{row.purpose}</td>
                    <td className="text-end">{amountOf(row.balance, row.unit, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="fund-commitments" className="mt-5">
        <h2 className="h3" id="fund-commitments">
          {t('fund.commitments')}
        </h2>
        {commitments.isPending && <Loading />}
        {commitments.isError && <ErrorNotice error={commitments.error} onRetry={() => void commitments.refetch()} />}
        {commitments.isSuccess && commitments.data.items.length === 0 && <p>{t('fund.noCommitments')}</p>}
        {commitments.isSuccess && commitments.data.items.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('fund.commitmentsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fund.commitment')}</th>
                  <th scope="col">{t('fund.kind')}</th>
                  <th scope="col" className="text-end">
                    {t('fund.amount')}
                  </th>
                  <th scope="col" className="text-end">
                    {t('fund.paid')}
                  </th>
                  <th scope="col">{t('deadlines.dueDate')}</th>
                  <th scope="col">{t('fund.act')}</th>
                </tr>
              </thead>
              <tbody>
                {commitments.data.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      {item.description}
                      {item.cancelled && <span className="d-block small">{t('fund.cancelled')}</span>}
                    </th>
                    <td>
                      {t(`values.${item.kind}`, { defaultValue: item.kind })}
                      {item.legalBasis && <span className="d-block small">{item.legalBasis}</span>}
                    </td>
                    <td className="text-end">{item.amountCents === null ? '—' : formatEuro(item.amountCents / 100)}</td>
                    <td className="text-end">{formatEuro(item.paidCents / 100)}</td>
                    <td>{formatDate(item.dueDate)}</td>
                    <td>{item.caseId ? <Link to={`/pratiche/${item.caseId}`}>{item.actReference}</Link> : item.actReference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="fund-overdue" className="mt-5">
        <h2 className="h3" id="fund-overdue">
          {t('fund.overdue', { date: formatDate(on) })}
        </h2>
        <button type="button" className="btn btn-outline-primary btn-sm mb-3" onClick={() => csv('/fund/overdue-commitments', 'fondo-impegni-scaduti')}>
          {t('fund.csv')}
        </button>
        {overdue.isPending && <Loading />}
        {overdue.isError && <ErrorNotice error={overdue.error} onRetry={() => void overdue.refetch()} />}
        {overdue.isSuccess && overdue.data.rows.length === 0 && <p>{t('fund.noOverdue')}</p>}
        {overdue.isSuccess && overdue.data.rows.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('fund.overdueCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.municipality')}</th>
                  <th scope="col">{t('fund.commitment')}</th>
                  <th scope="col">{t('deadlines.dueDate')}</th>
                  <th scope="col" className="text-end">
                    {t('fund.outstanding')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overdue.data.rows.map((row) => (
                  <tr key={row.commitmentId}>
                    <th scope="row">{row.municipality}</th>
                    <td>{row.description}</td>
                    <td>{formatDate(row.dueDate)}</td>
                    <td className="text-end">{formatEuro(row.outstandingCents / 100)}</td>
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
