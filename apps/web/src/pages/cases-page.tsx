import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { listOf, useMunicipalities, useMunicipalityNames } from '../api/queries';
import type { operations, paths } from '../api/schema';
import { textOf } from '../components/action-form';
import { useAnnounce } from '../components/announcer';
import { downloadWithToken } from '../components/csv-download';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable } from '../components/query-section';
import { MunicipalityOptions, ProcedureOptions } from '../components/procedure-options';
import { formatDate } from '../format/format';

type CaseQuery = NonNullable<operations['Cases_list']['parameters']['query']>;

const FILTERS = ['q', 'type', 'istat', 'state'] as const;
// The export is a file download, not JSON; typing the path keeps it tied to the API's routes.
const CSV_PATH: keyof paths = '/cases.csv';

/** The search as the URL carries it: a shared or reloaded link shows the same list. */
function queryOf(params: URLSearchParams): CaseQuery {
  const query: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) query[name] = value;
  }
  return query as CaseQuery;
}

export default function CasesPage() {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const municipalities = useMunicipalities();
  const municipalityName = useMunicipalityNames();
  const caseStates = useQuery({ queryKey: ['case-states'], queryFn: async () => data(await api.GET('/case-states')), staleTime: Infinity });
  const [exportError, setExportError] = useState<unknown>(null);

  const cases = useInfiniteQuery({
    queryKey: ['cases', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET('/cases', { params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = cases.data?.pages.flatMap((page) => page.items) ?? [];

  useEffect(() => {
    if (cases.isSuccess) announce(t('cases.shown', { count: rows.length }));
    // Announce when a search or a further page arrives, not on every render.
  }, [cases.isSuccess, rows.length, announce, t]);

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  const exportCsv = async () => {
    setExportError(null);
    const search = new URLSearchParams(query as Record<string, string>);
    try {
      await downloadWithToken(`${CSV_PATH}${search.size ? `?${search}` : ''}`, 'pratiche.csv');
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <>
      <PageHeading>{t('cases.title')}</PageHeading>
      <p>{t('cases.intro')}</p>
      <form
        onSubmit={onSearch}
        className="row g-3 align-items-end mb-4"
        role="search"
        aria-label={t('filters.title')}
        key={params.toString()}
      >
        <div className="col-md-4">
          <label htmlFor="cases-q" className="form-label fw-semibold">
            {t('filters.words')}
          </label>
          <input id="cases-q" name="q" type="search" className="form-control" defaultValue={query.q ?? ''} />
        </div>
        <div className="col-md-3">
          <label htmlFor="cases-type" className="form-label fw-semibold">
            {t('filters.procedure')}
          </label>
          <select id="cases-type" name="type" className="form-select" defaultValue={query.type ?? ''}>
            <ProcedureOptions />
          </select>
        </div>
        <div className="col-md-3">
          <label htmlFor="cases-istat" className="form-label fw-semibold">
            {t('filters.municipality')}
          </label>
          <select id="cases-istat" name="istat" className="form-select" defaultValue={query.istat ?? ''}>
            <MunicipalityOptions municipalities={listOf(municipalities.data) ?? []} />
          </select>
        </div>
        <div className="col-md-2">
          <label htmlFor="cases-state" className="form-label fw-semibold">
            {t('filters.state')}
          </label>
          <select
            id="cases-state"
            name="state"
            className="form-select"
            defaultValue={query.state ?? ''}
            key={`${caseStates.dataUpdatedAt}`}
          >
            <option value="">{t('filters.anyState')}</option>
            {/* The API's states with their words, by procedure (GET /case-states): never an id to type. */}
            {[...new Set((caseStates.data?.items ?? []).map((item) => item.procedure))].map((procedure) => (
              <optgroup key={procedure} label={t(`procedures.${procedure}`, { defaultValue: procedure })}>
                {(caseStates.data?.items ?? [])
                  .filter((item) => item.procedure === procedure)
                  .map((item) => (
                    <option key={`${procedure}-${item.state}`} value={item.state}>
                      {textOf(item.label, i18n.language)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="col-12 d-flex flex-wrap gap-2">
          <button type="submit" className="btn btn-primary">
            {t('filters.apply')}
          </button>
          <button type="button" className="btn btn-outline-primary" onClick={() => setParams(new URLSearchParams())}>
            {t('filters.reset')}
          </button>
          <button type="button" className="btn btn-outline-primary ms-md-auto" onClick={() => void exportCsv()}>
            {t('cases.exportCsv')}
          </button>
        </div>
      </form>
      {exportError !== null && <ErrorNotice error={exportError} />}
      {cases.isPending && <Loading />}
      {cases.isError && <ErrorNotice error={cases.error} onRetry={() => void cases.refetch()} />}
      {cases.isSuccess && rows.length === 0 && <p>{t('cases.empty')}</p>}
      {rows.length > 0 && (
        <CaptionedTable
          caption={`${t('cases.caption')} — ${t('cases.shown', { count: rows.length })}`}
          hover
          columns={[
            { label: t('cases.reference') },
            { label: t('cases.titleColumn') },
            { label: t('cases.procedure') },
            { label: t('cases.municipality') },
            { label: t('cases.state') },
            { label: t('cases.openedAt') },
          ]}
        >
          {rows.map((item) => (
            <tr key={item.id}>
              <th scope="row">
                <Link to={`/pratiche/${item.id}`}>{item.reference}</Link>
              </th>
              <td>{item.title}</td>
              <td>{t(`procedures.${item.type}`, { defaultValue: item.type })}</td>
              <td>{municipalityName(item.istatCode)}</td>
              <td>{textOf(item.stateLabel, i18n.language)}</td>
              <td>{formatDate(item.openedAt)}</td>
            </tr>
          ))}
        </CaptionedTable>
      )}
      {cases.hasNextPage && (
        <button
          type="button"
          className="btn btn-outline-primary"
          onClick={() => void cases.fetchNextPage()}
          disabled={cases.isFetchingNextPage}
        >
          {cases.isFetchingNextPage ? t('app.loading') : t('cases.loadMore')}
        </button>
      )}
    </>
  );
}
