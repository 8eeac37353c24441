import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { useMunicipalityNames } from '../api/queries';
import type { components } from '../api/schema';
import { textOf } from '../components/action-form';
import { DaysLeft } from '../components/days-left';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable, QuerySection } from '../components/query-section';
import { TermStatus } from '../components/term-status';
import { useRole } from '../auth/require-auth';
import { formatDate } from '../format/format';
import { AGREEMENT_PATH } from './agreement-path';
import { ANNUAL_CALL_PATH } from './annual-call-path';

type Deadline = components['schemas']['WorkspaceDeadlineDto'];

const isAnnualCall = (row: Deadline) => row.procedure === 'annual-call';

/** Procedures with a page of their own for the municipalities (the annual call, the agreement's parties). */
const MUNICIPAL_PAGES: Partial<Record<string, string>> = { 'annual-call': ANNUAL_CALL_PATH, 'territorial-agreement': AGREEMENT_PATH };

/** A case's page for the municipality: its procedure's own page where one exists, the case page otherwise. */
const pageOf = (procedure: string, caseId: string) => `${MUNICIPAL_PAGES[procedure] ?? '/pratiche'}/${caseId}`;

/**
 * "Il mio Comune", the home of a municipal clerk or mayor's office: first what the
 * municipality must do now (the running terms whose rule puts the municipality on the hook,
 * each with the actions the API says this user may take on that case), then every case it is
 * part of with its state and nearest term. Nothing here decides what is due: the rulebook's
 * obligor and the procedures' own actions come from the API.
 */
export default function MunicipalityHomePage() {
  const { t, i18n } = useTranslation();
  const role = useRole();
  const municipalityName = useMunicipalityNames();
  const language = i18n.language === 'en' ? 'en' : 'it';

  const todo = useQuery({
    queryKey: ['workspace-deadlines', { obligor: 'third-party', state: 'running' }],
    queryFn: async () =>
      data(await api.GET('/workspace/deadlines', { params: { query: { obligor: 'third-party', state: 'running', limit: 100 } } })),
  });
  const open = useQuery({
    queryKey: ['workspace-deadlines', { limit: 200 }],
    queryFn: async () => data(await api.GET('/workspace/deadlines', { params: { query: { limit: 200 } } })),
  });
  const cases = useQuery({
    queryKey: ['cases', { limit: 100 }],
    queryFn: async () => data(await api.GET('/cases', { params: { query: { limit: 100 } } })),
  });

  const todoRows = todo.data?.items ?? [];
  // An annual call is answered on its own page (a notified municipality is not a party of the case until it proposes).
  const todoCases = [...new Set(todoRows.filter((row) => !isAnnualCall(row)).map((row) => row.caseId))];
  const actions = useQueries({
    queries: todoCases.map((caseId) => ({
      queryKey: ['case', caseId, 'actions'],
      queryFn: async () => data(await api.GET('/cases/{caseId}/actions', { params: { path: { caseId } } })),
    })),
  });
  const actionsOf = (caseId: string) => actions[todoCases.indexOf(caseId)];

  // The nearest open term of each case (the list comes nearest first).
  const nextTerm = new Map<string, Deadline>();
  for (const row of open.data?.items ?? []) if (!nextTerm.has(row.caseId)) nextTerm.set(row.caseId, row);

  return (
    <>
      <PageHeading>{t('municipalityHome.title')}</PageHeading>
      <p className="lead">{t(role === 'mayor_office' ? 'municipalityHome.introMayor' : 'municipalityHome.intro')}</p>
      {role === 'comune' && (
        <p>
          <Link className="btn btn-primary" to="/comune/nuova-valutazione">
            {t('municipalityHome.newEvaluation')}
          </Link>
        </p>
      )}

      <QuerySection
        id="todo-title"
        title={t('municipalityHome.todo')}
        query={todo}
        empty={t('municipalityHome.nothingToDo')}
        isEmpty={(result) => result.items.length === 0}
      >
        {() => (
          <ul className="list-unstyled">
            {todoRows.map((row) => {
              const available = actionsOf(row.caseId);
              return (
                <li key={row.id} className="card card-bg mb-3">
                  <div className="card-body">
                    <h3 className="h5 card-title">{language === 'en' ? row.labelEn : row.labelIt}</h3>
                    <p className="mb-1">
                      <Link to={pageOf(row.procedure, row.caseId)}>{row.caseReference}</Link> — {row.caseTitle}
                    </p>
                    <dl className="row mb-2">
                      <dt className="col-sm-3">{t('deadlines.dueDate')}</dt>
                      <dd className="col-sm-9">{formatDate(row.dueDate)}</dd>
                      <dt className="col-sm-3">{t('deadlines.daysLeft')}</dt>
                      <dd className="col-sm-9">
                        <DaysLeft
                          dueDate={row.dueDate}
                          status={row.state}
                          workingDaysLeft={row.workingDaysLeft}
                          calendarDaysLeft={row.daysLeft}
                        />
                      </dd>
                      <dt className="col-sm-3">{t('deadlines.legalSource')}</dt>
                      <dd className="col-sm-9">{row.legalSource}</dd>
                    </dl>
                    {isAnnualCall(row) && (
                      <>
                        <p className="fw-semibold mb-1">{t('municipalityHome.canDoNow')}</p>
                        <ul>
                          <li>
                            <Link to={`${ANNUAL_CALL_PATH}/${row.caseId}`}>{t('municipalityHome.annualCallAction')}</Link>
                          </li>
                        </ul>
                      </>
                    )}
                    {available?.isSuccess && available.data.items.length > 0 && (
                      <>
                        <p className="fw-semibold mb-1">{t('municipalityHome.canDoNow')}</p>
                        <ul>
                          {available.data.items.map((action) => (
                            <li key={`${action.name}-${JSON.stringify(action.target ?? {})}`}>
                              <Link to={`${pageOf(row.procedure, row.caseId)}#azioni`}>
                                {language === 'en' ? action.labelEn : action.labelIt}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {available?.isSuccess && available.data.items.length === 0 && (
                      <p className="mb-0">{t('municipalityHome.noActionForRole')}</p>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </QuerySection>

      <QuerySection
        id="cases-title"
        title={t('municipalityHome.cases')}
        query={cases}
        empty={t('municipalityHome.noCases')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('municipalityHome.casesCaption')}
            columns={[
              { label: t('deadlines.reference') },
              { label: t('deadlines.procedure') },
              { label: t('deadlines.municipality') },
              { label: t('case.state') },
              { label: t('municipalityHome.nextTerm') },
            ]}
          >
            {result.items.map((found) => {
              const term = nextTerm.get(found.id);
              return (
                <tr key={found.id}>
                  <th scope="row">
                    <Link to={pageOf(found.type, found.id)}>{found.reference}</Link>
                    <div className="small fw-normal">{found.title}</div>
                  </th>
                  <td>{t(`procedures.${found.type}`, { defaultValue: found.type })}</td>
                  <td>{found.istatCode ? municipalityName(found.istatCode) : '—'}</td>
                  <td>
                    {found.closedAt
                      ? t('municipalityHome.closed', { state: textOf(found.stateLabel, i18n.language) })
                      : textOf(found.stateLabel, i18n.language)}
                  </td>
                  <td>
                    {term ? (
                      <>
                        {language === 'en' ? term.labelEn : term.labelIt}: {formatDate(term.dueDate)}{' '}
                        <TermStatus status={term.state} suspendedSince={term.suspendedSince} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </CaptionedTable>
        )}
      </QuerySection>
    </>
  );
}
