import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import type { CaseAction } from '../api/perform-action';
import type { components } from '../api/schema';
import { useIstatCode } from '../auth/require-auth';
import { textOf } from '../components/action-form';
import { CaseActionForm, actionKey } from '../components/case-action-form';
import { useAnnounce } from '../components/announcer';
import { downloadWithToken } from '../components/csv-download';
import { DocumentUpload } from '../components/document-upload';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { SessionFacts, useSessionWhen } from '../components/session-facts';

type Conference = components['schemas']['ConferenceViewDto'];
type Session = components['schemas']['SessionViewDto'];
type Document = components['schemas']['DocumentDto'];

/**
 * Convocazioni: every session of every concertation conference the municipality is convened
 * to, for its clerk and its mayor's office. Each session says when and where, the agenda, the
 * municipality's answer and its term, the minutes once recorded; it can be added to a calendar
 * (the invitation's own event) and answered here until the term, by the actions the API offers.
 */
export default function ConvocationsPage() {
  const { t } = useTranslation();
  const conferences = useQuery({
    queryKey: ['cases', { type: 'concertation-conference' }],
    queryFn: async () => data(await api.GET('/cases', { params: { query: { type: 'concertation-conference', limit: 100 } } })),
  });
  const cases = conferences.data?.items ?? [];
  return (
    <>
      <PageHeading>{t('convocations.title')}</PageHeading>
      <p className="lead">{t('convocations.intro')}</p>
      {conferences.isPending && <Loading />}
      {conferences.isError && <ErrorNotice error={conferences.error} onRetry={() => void conferences.refetch()} />}
      {conferences.isSuccess && cases.length === 0 && <p>{t('convocations.none')}</p>}
      {cases.map((found) => (
        <ConferenceSection key={found.id} caseId={found.id} reference={found.reference} stateLabel={found.stateLabel} />
      ))}
    </>
  );
}

function ConferenceSection({
  caseId,
  reference,
  stateLabel,
}: {
  caseId: string;
  reference: string;
  stateLabel: { it: string; en: string };
}) {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const istat = useIstatCode();
  const path = { params: { path: { caseId } } };
  const [view, actions, documents] = useQueries({
    queries: [
      { queryKey: ['case', caseId, 'conference'], queryFn: async () => data(await api.GET('/concertation-conferences/{caseId}', path)) },
      { queryKey: ['case', caseId, 'actions'], queryFn: async () => data(await api.GET('/cases/{caseId}/actions', path)) },
      { queryKey: ['case', caseId, 'documents'], queryFn: async () => data(await api.GET('/cases/{caseId}/documents', path)) },
    ],
  });
  const refresh = async () => queryClient.invalidateQueries({ queryKey: ['case', caseId] });
  if (view.isPending) return <Loading />;
  if (view.isError) return <ErrorNotice error={view.error} onRetry={() => void view.refetch()} />;
  const conference: Conference = view.data;
  const documentList: Document[] = documents.data?.items ?? [];
  const actionList: CaseAction[] = actions.data?.items ?? [];
  const sessions = [...conference.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const documentOptions = documentList.map((document) => ({
    id: document.id,
    label: `${document.title} (${textOf(document.kindLabel, i18n.language)})`,
  }));
  const form = (action: CaseAction) => (
    // A municipal user answers for its own municipality: the officers' "on behalf of" field is not theirs.
    <CaseActionForm
      key={actionKey(action)}
      action={action}
      documents={documentOptions}
      hiddenFields={['istatCode']}
      onDone={() => void refresh()}
    />
  );
  return (
    <section aria-labelledby={`conference-${caseId}`} className="mt-5">
      <h2 className="h3" id={`conference-${caseId}`}>
        {conference.subject}
      </h2>
      <p className="mb-1">
        <Link to={`/pratiche/${caseId}`}>{reference}</Link> — {textOf(stateLabel, i18n.language)}
      </p>
      <p>
        <span className="fw-semibold">{t('convocations.agenda')}:</span> {conference.agenda}
      </p>
      {sessions.map((session) => (
        <SessionCard
          key={session.id}
          caseId={caseId}
          session={session}
          istat={istat}
          documents={documentList}
          answerForms={actionList
            .filter((action) => action.name === 'answerConvocation' && action.target?.sessionId === session.id)
            .map(form)}
        />
      ))}
      {actionList.filter((action) => action.name !== 'answerConvocation').map(form)}
      {/* A written contribution cites documents of the conference: they are uploaded here first. */}
      {actionList.some((action) => action.name !== 'answerConvocation') && (
        <DocumentUpload
          caseId={caseId}
          onUploaded={(title) => {
            announce(t('upload.done', { name: title }));
            void refresh();
          }}
        />
      )}
    </section>
  );
}

function SessionCard({
  caseId,
  session,
  istat,
  documents,
  answerForms,
}: {
  caseId: string;
  session: Session;
  istat?: string;
  documents: Document[];
  answerForms: ReactNode[];
}) {
  const { t } = useTranslation();
  const when = useSessionWhen();
  const [error, setError] = useState<unknown>(null);
  const mine = istat ? session.attendance[istat] : undefined;
  const minutes = session.minutesDocumentId ? documents.find((document) => document.id === session.minutesDocumentId) : undefined;
  return (
    <article className="card card-bg mb-4" aria-labelledby={`session-${session.id}`}>
      <div className="card-body">
        <h3 className="h5 card-title" id={`session-${session.id}`}>
          {when(session)}
        </h3>
        <SessionFacts session={session} answer={mine} answerTerm={session.answerTerm} answerTestId={`answer-${session.id}`}>
          <dt className="col-sm-3">{t('convocations.minutes')}</dt>
          <dd className="col-sm-9">
            {minutes ? <Link to={`/pratiche/${caseId}#documento-${minutes.id}`}>{minutes.title}</Link> : t('convocations.noMinutes')}
          </dd>
        </SessionFacts>
        <button
          type="button"
          className="btn btn-outline-primary btn-sm mb-3"
          onClick={() => {
            setError(null);
            downloadWithToken(
              `/concertation-conferences/${caseId}/sessions/${encodeURIComponent(session.id)}/calendar`,
              `seduta-${session.startsAt.slice(0, 10)}.ics`,
              'text/calendar',
            ).catch(setError);
          }}
        >
          {t('convocations.addToCalendar')}
        </button>
        {error !== null && <ErrorNotice error={error} />}
        {answerForms}
      </div>
    </article>
  );
}
