import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { useRole } from '../auth/require-auth';
import { downloadWithToken } from '../components/csv-download';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable, QuerySection } from '../components/query-section';
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

  const balances = useQuery({
    queryKey: ['fund', 'balances', on],
    queryFn: async () => data(await api.GET('/fund/balances', { params: { query: { on } } })),
  });
  const overdue = useQuery({
    queryKey: ['fund', 'overdue', on],
    queryFn: async () => data(await api.GET('/fund/overdue-commitments', { params: { query: { on } } })),
  });
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

      <QuerySection
        id="fund-balances"
        title={t('fund.balances', { date: formatDate(on) })}
        query={balances}
        empty={t('fund.noBalances')}
        isEmpty={(result) => result.rows.length === 0}
        actions={
          <button type="button" className="btn btn-outline-primary btn-sm mb-3" onClick={() => csv('/fund/balances', 'fondo-saldi')}>
            {t('fund.csv')}
          </button>
        }
      >
        {(result) => (
          <CaptionedTable
            caption={t('fund.balancesCaption')}
            columns={[
              { label: t('deadlines.municipality') },
              { label: t('fund.section') },
              { label: t('fund.purpose') },
              { label: t('fund.balance'), end: true },
            ]}
          >
            {result.rows.map((row) => (
              <tr key={`${row.istatCode ?? 'cmm'}-${row.section}-${row.purpose}`}>
                <th scope="row">{row.municipality}</th>
                <td>{t(`fund.sections.${row.section}`)}</td>
                <td>{t(`fund.purposes.${row.purpose}`, { defaultValue: row.purpose })}</td>
                <td className="text-end">{amountOf(row.balance, row.unit, t)}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>

      <QuerySection
        id="fund-commitments"
        title={t('fund.commitments')}
        query={commitments}
        empty={t('fund.noCommitments')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('fund.commitmentsCaption')}
            columns={[
              { label: t('fund.commitment') },
              { label: t('fund.kind') },
              { label: t('fund.amount'), end: true },
              { label: t('fund.paid'), end: true },
              { label: t('deadlines.dueDate') },
              { label: t('fund.act') },
            ]}
          >
            {result.items.map((item) => (
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
          </CaptionedTable>
        )}
      </QuerySection>

      <QuerySection
        id="fund-overdue"
        title={t('fund.overdue', { date: formatDate(on) })}
        query={overdue}
        empty={t('fund.noOverdue')}
        isEmpty={(result) => result.rows.length === 0}
        actions={
          <button
            type="button"
            className="btn btn-outline-primary btn-sm mb-3"
            onClick={() => csv('/fund/overdue-commitments', 'fondo-impegni-scaduti')}
          >
            {t('fund.csv')}
          </button>
        }
      >
        {(result) => (
          <CaptionedTable
            caption={t('fund.overdueCaption')}
            columns={[
              { label: t('deadlines.municipality') },
              { label: t('fund.commitment') },
              { label: t('deadlines.dueDate') },
              { label: t('fund.outstanding'), end: true },
            ]}
          >
            {result.rows.map((row) => (
              <tr key={row.commitmentId}>
                <th scope="row">{row.municipality}</th>
                <td>{row.description}</td>
                <td>{formatDate(row.dueDate)}</td>
                <td className="text-end">{formatEuro(row.outstandingCents / 100)}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
    </>
  );
}
