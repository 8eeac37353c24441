import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { listOf, useMunicipalities } from '../api/queries';
import type { operations } from '../api/schema';
import { textOf } from '../components/action-form';
import { useAnnounce } from '../components/announcer';
import { DaysLeft } from '../components/days-left';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable } from '../components/query-section';
import { MunicipalityOptions, ProcedureOptions } from '../components/procedure-options';
import { SavedFilters } from '../components/saved-filters';
import { TermStatus } from '../components/term-status';
import { formatDate } from '../format/format';

type DeadlineQuery = NonNullable<operations['Workspace_deadlinesPage']['parameters']['query']>;
type Procedure = NonNullable<DeadlineQuery['procedure']>;
type TermState = NonNullable<DeadlineQuery['state']>;

const FILTERS = ['overdue', 'dueWithinDays', 'procedure', 'istat', 'state'] as const;
// The states the API filters on (WorkspaceDeadlineQueryDto.state); the type keeps the two in step.
const TERM_STATES = ['running', 'suspended', 'met', 'expired', 'deemed-favourable'] as const satisfies readonly TermState[];

/**
 * The filters live in the URL (shareable, survive a reload, savable as they are); the API
 * validates them, so a hand-edited URL gets its problem shown, not a guess.
 */
function queryOf(params: URLSearchParams): DeadlineQuery {
  const query: DeadlineQuery = {};
  if (params.get('overdue') === 'true') query.overdue = true;
  const within = params.get('dueWithinDays');
  if (within) query.dueWithinDays = Number(within);
  const procedure = params.get('procedure');
  if (procedure) query.procedure = procedure as Procedure;
  const istat = params.get('istat');
  if (istat) query.istat = istat;
  const state = params.get('state');
  if (state) query.state = state as TermState;
  return query;
}

/** Scadenze, the home page: the nearest terms across every case the user can see. */
export default function DeadlinesPage() {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const municipalities = useMunicipalities();
  const deadlines = useInfiniteQuery({
    queryKey: ['workspace-deadlines', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      data(await api.GET('/workspace/deadlines', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const rows = deadlines.data?.pages.flatMap((page) => page.items) ?? [];

  useEffect(() => {
    if (deadlines.isSuccess) announce(t('deadlines.results', { count: rows.length }));
  }, [deadlines.isSuccess, deadlines.dataUpdatedAt, rows.length, announce, t]);

  const onApply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    if (form.get('overdue') === 'on') next.set('overdue', 'true');
    for (const name of ['dueWithinDays', 'procedure', 'istat', 'state'] as const) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  const filtersOfUrl = new URLSearchParams([...params].filter(([name]) => (FILTERS as readonly string[]).includes(name)));

  return (
    <>
      <PageHeading>{t('deadlines.title')}</PageHeading>
      <p>{t('deadlines.intro')}</p>
      <div className="row">
        <div className="col-lg-9">
          <form onSubmit={onApply} className="row g-3 align-items-end mb-4" aria-label={t('filters.title')} key={params.toString()}>
            <div className="col-md-3">
              <div className="form-check">
                <input
                  id="deadlines-overdue"
                  name="overdue"
                  type="checkbox"
                  className="form-check-input"
                  defaultChecked={query.overdue === true}
                />
                <label htmlFor="deadlines-overdue" className="form-check-label">
                  {t('filters.overdue')}
                </label>
              </div>
            </div>
            <div className="col-md-3">
              <label htmlFor="deadlines-within" className="form-label fw-semibold">
                {t('filters.dueWithin')}
              </label>
              <input
                id="deadlines-within"
                name="dueWithinDays"
                type="number"
                min={0}
                max={3650}
                className="form-control"
                defaultValue={query.dueWithinDays ?? ''}
              />
            </div>
            <div className="col-md-3">
              <label htmlFor="deadlines-type" className="form-label fw-semibold">
                {t('filters.procedure')}
              </label>
              <select id="deadlines-type" name="procedure" className="form-select" defaultValue={query.procedure ?? ''}>
                <ProcedureOptions />
              </select>
            </div>
            <div className="col-md-3">
              <label htmlFor="deadlines-istat" className="form-label fw-semibold">
                {t('filters.municipality')}
              </label>
              <select id="deadlines-istat" name="istat" className="form-select" defaultValue={query.istat ?? ''}>
                <MunicipalityOptions municipalities={listOf(municipalities.data) ?? []} />
              </select>
            </div>
            <div className="col-md-3">
              <label htmlFor="deadlines-state" className="form-label fw-semibold">
                {t('filters.termState')}
              </label>
              <select id="deadlines-state" name="state" className="form-select" defaultValue={query.state ?? ''}>
                <option value="">{t('filters.openTerms')}</option>
                {TERM_STATES.map((state) => (
                  <option key={state} value={state}>
                    {t(`termStatus.${state}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-12 d-flex gap-2">
              <button type="submit" className="btn btn-primary">
                {t('filters.apply')}
              </button>
              <button type="button" className="btn btn-outline-primary" onClick={() => setParams(new URLSearchParams())}>
                {t('filters.reset')}
              </button>
            </div>
          </form>
        </div>
        <div className="col-lg-3">
          <SavedFilters page="scadenze" current={filtersOfUrl} onUse={(saved) => setParams(saved)} />
        </div>
      </div>
      {deadlines.isPending && <Loading />}
      {deadlines.isError && <ErrorNotice error={deadlines.error} onRetry={() => void deadlines.refetch()} />}
      {deadlines.isSuccess && rows.length === 0 && <p>{t('deadlines.empty')}</p>}
      {rows.length > 0 && (
        <CaptionedTable
          caption={t('deadlines.caption')}
          columns={[
            { label: t('deadlines.reference') },
            { label: t('deadlines.procedure') },
            { label: t('deadlines.municipality') },
            { label: t('deadlines.due') },
            { label: t('deadlines.dueDate') },
            { label: t('deadlines.daysLeft') },
            { label: t('deadlines.legalSource') },
            { label: t('deadlines.state') },
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/pratiche/${row.caseId}`}>{row.caseReference}</Link>
              </th>
              <td>
                {t(`procedures.${row.procedure}`, { defaultValue: row.procedure })}
                <div className="small">
                  {t('deadlines.caseState')}: {textOf(row.caseStateLabel, i18n.language)}
                </div>
              </td>
              <td>{row.municipalityName ?? '—'}</td>
              <td>{i18n.language === 'en' ? row.labelEn : row.labelIt}</td>
              <td>{formatDate(row.dueDate)}</td>
              <td>
                <DaysLeft dueDate={row.dueDate} status={row.state} workingDaysLeft={row.workingDaysLeft} calendarDaysLeft={row.daysLeft} />
              </td>
              <td>{row.legalSource}</td>
              <td>
                <TermStatus status={row.state} suspendedSince={row.suspendedSince} reason={row.suspensionReason} />
              </td>
            </tr>
          ))}
        </CaptionedTable>
      )}
      {deadlines.hasNextPage && (
        <button
          type="button"
          className="btn btn-outline-primary"
          onClick={() => void deadlines.fetchNextPage()}
          disabled={deadlines.isFetchingNextPage}
        >
          {deadlines.isFetchingNextPage ? t('app.loading') : t('cases.loadMore')}
        </button>
      )}
    </>
  );
}
