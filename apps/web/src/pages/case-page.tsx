import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../api/client';
import { listOf, useMunicipalityNames } from '../api/queries';
import { textOf } from '../components/action-form';
import { CaseActionForm, actionKey } from '../components/case-action-form';
import { useAnnounce } from '../components/announcer';
import { DaysLeft } from '../components/days-left';
import { DownloadButton } from '../components/download-button';
import { DocumentUpload } from '../components/document-upload';
import { SignatureList, shownFromVersion } from '../components/signature-list';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { NoticesTable } from '../components/notices-table';
import { PageHeading } from '../components/page-heading';
import { TermExplanation } from '../components/term-explanation';
import { TermStatus } from '../components/term-status';
import { TimelineTable } from '../components/timeline-table';
import { formatDate, formatDateTime } from '../format/format';

export default function CasePage() {
  const { caseId = '' } = useParams();
  const { t, i18n } = useTranslation();
  // The API names states, events, kinds and subjects in both languages: the page shows its own.
  const words = (label: { it: string; en: string } | null | undefined) => textOf(label, i18n.language);
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const municipalityName = useMunicipalityNames();
  const path = { params: { path: { caseId } } };

  const detail = useQuery({ queryKey: ['case', caseId], queryFn: async () => data(await api.GET('/cases/{caseId}', path)) });
  const actions = useQuery({
    queryKey: ['case', caseId, 'actions'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/actions', path)),
  });
  const timeline = useQuery({
    queryKey: ['case', caseId, 'timeline'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/timeline', path)),
  });
  const verification = useQuery({
    queryKey: ['case', caseId, 'verification'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/timeline/verification', path)),
  });
  const terms = useQuery({ queryKey: ['case', caseId, 'terms'], queryFn: async () => data(await api.GET('/cases/{caseId}/terms', path)) });
  const documents = useQuery({
    queryKey: ['case', caseId, 'documents'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/documents', path)),
  });
  const notices = useQuery({
    queryKey: ['case', caseId, 'notices'],
    queryFn: async () => data(await api.GET('/notifications', { params: { query: { caseId } } })),
  });

  // An action moves the case's terms and state: the lists that show them are stale too.
  const refresh = async () =>
    Promise.all(
      [['case', caseId], ['workspace-deadlines'], ['cases'], ['alerts']].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    return (
      <>
        <PageHeading>{t('app.errorTitle')}</PageHeading>
        <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />
      </>
    );
  }
  const found = detail.data;
  const documentList = listOf(documents.data) ?? [];
  const events = listOf(timeline.data) ?? [];
  const protocols = [
    ...new Set([
      ...documentList.flatMap((document) =>
        document.versions.map((version) => version.protocolNumber).filter((n): n is string => Boolean(n)),
      ),
      ...events
        .filter((event) => event.type === 'registry-entry-registered')
        .map((event) => String(event.payload.number ?? event.payload.protocolNumber ?? ''))
        .filter(Boolean),
    ]),
  ];
  const actionList = actions.data?.items ?? [];

  return (
    <>
      <PageHeading>{found.reference}</PageHeading>
      <p className="lead">{found.title}</p>
      <dl className="row">
        <dt className="col-sm-3">{t('deadlines.procedure')}</dt>
        <dd className="col-sm-9">{t(`procedures.${found.type}`, { defaultValue: found.type })}</dd>
        <dt className="col-sm-3">{t('deadlines.municipality')}</dt>
        <dd className="col-sm-9">{municipalityName(found.istatCode)}</dd>
        <dt className="col-sm-3">{t('case.state')}</dt>
        <dd className="col-sm-9">
          {words(found.stateLabel)}
          {found.phaseLabel ? ` — ${t('case.phase')}: ${words(found.phaseLabel)}` : ''}
        </dd>
        <dt className="col-sm-3">{t('case.protocols')}</dt>
        <dd className="col-sm-9">{protocols.length > 0 ? protocols.join(', ') : t('case.noProtocols')}</dd>
        <dt className="col-sm-3">{t('case.openedAt')}</dt>
        <dd className="col-sm-9">{formatDateTime(found.openedAt)}</dd>
        {found.closedAt && (
          <>
            <dt className="col-sm-3">{t('case.closedAt')}</dt>
            <dd className="col-sm-9">{formatDateTime(found.closedAt)}</dd>
          </>
        )}
        {found.parentCaseId && (
          <>
            <dt className="col-sm-3">{t('case.parent')}</dt>
            <dd className="col-sm-9">
              <Link to={`/pratiche/${found.parentCaseId}`}>{found.parentCaseId}</Link>
            </dd>
          </>
        )}
      </dl>

      <Section title={t('case.actions')} anchor="azioni">
        {actions.isPending && <Loading />}
        {actions.isError && <ErrorNotice error={actions.error} />}
        {actions.isSuccess && actionList.length === 0 && <p>{t('case.noActions')}</p>}
        {actionList.map((action) => (
          <CaseActionForm
            key={actionKey(action)}
            action={action}
            documents={documentList.map((document) => ({
              id: document.id,
              label: `${document.title} (${words(document.kindLabel)}, v${document.versions.length})`,
            }))}
            onDone={() => void refresh()}
          />
        ))}
      </Section>

      <Section title={t('case.terms')}>
        {terms.isPending && <Loading />}
        {terms.isError && <ErrorNotice error={terms.error} onRetry={() => void terms.refetch()} />}
        {terms.isSuccess && terms.data.items.length === 0 && <p>{t('case.noTerms')}</p>}
        {terms.isSuccess && terms.data.items.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('case.termsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.due')}</th>
                  <th scope="col">{t('deadlines.dueDate')}</th>
                  <th scope="col">{t('deadlines.daysLeft')}</th>
                  <th scope="col">{t('deadlines.state')}</th>
                  <th scope="col">{t('deadlines.legalSource')}</th>
                  <th scope="col">{t('case.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {terms.data.items.map((term) => {
                  const internalTarget = found.deadlines.find((deadline) => deadline.id === term.id)?.internalTarget;
                  return (
                    <tr key={term.id}>
                      <th scope="row">{i18n.language === 'en' ? term.labelEn : term.labelIt}</th>
                      <td>
                        {formatDate(term.dueDate)}
                        {internalTarget && (
                          <div className="small">
                            {t('case.internalTarget')}: {formatDate(internalTarget)}
                          </div>
                        )}
                      </td>
                      <td>
                        <DaysLeft
                          dueDate={term.dueDate}
                          status={term.state}
                          workingDaysLeft={term.workingDaysLeft}
                          calendarDaysLeft={term.daysLeft}
                        />
                      </td>
                      <td>
                        <TermStatus status={term.state} suspendedSince={term.suspendedSince} />
                      </td>
                      <td>{term.legalSource}</td>
                      <td>
                        <TermExplanation
                          steps={term.explanation}
                          // The calendar's steps already tell the suspensions; the read model's list stands in when they are missing (closed case).
                          suspensions={
                            term.explanation.length > 0
                              ? []
                              : term.suspensions.map((suspension) => ({
                                  from: suspension.from,
                                  to: suspension.to,
                                  basis: suspension.reason,
                                }))
                          }
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={t('case.documents')}>
        {documents.isPending && <Loading />}
        {documents.isError && <ErrorNotice error={documents.error} />}
        {documents.isSuccess && documentList.length === 0 && <p>{t('case.noDocuments')}</p>}
        {documentList.length > 0 && (
          <div className="table-responsive">
            <table className="table">
              <caption>{t('case.documentsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.subject')}</th>
                  <th scope="col">{t('case.kind')}</th>
                  <th scope="col">{t('case.version')}</th>
                  <th scope="col">{t('case.uploadedAt')}</th>
                  <th scope="col">{t('case.size')}</th>
                  <th scope="col">{t('case.fileName')}</th>
                  <th scope="col">{t('case.signatures')}</th>
                </tr>
              </thead>
              <tbody>
                {documentList.flatMap((document) =>
                  [...document.versions].reverse().map((version, index) => (
                    <tr key={`${document.id}-${version.version}`}>
                      {index === 0 && (
                        // A notice that names an act links here (DOCUMENT_ANCHOR_PREFIX in the contracts).
                        <th scope="rowgroup" rowSpan={document.versions.length} id={`documento-${document.id}`}>
                          {document.title}
                        </th>
                      )}
                      {index === 0 && <td rowSpan={document.versions.length}>{words(document.kindLabel)}</td>}
                      <td>{version.version}</td>
                      <td>{formatDateTime(version.uploadedAt)}</td>
                      <td>{new Intl.NumberFormat('it-IT').format(Math.ceil(version.size / 1024))} KB</td>
                      <td>
                        <DownloadButton
                          url={version.contentUrl}
                          fileName={version.filename}
                          label={t('case.download', { name: version.filename, version: version.version })}
                        />
                      </td>
                      <td>
                        <SignatureList signatures={shownFromVersion(version.signatures)} />
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
        <DocumentUpload
          caseId={caseId}
          onUploaded={(title) => {
            announce(t('upload.done', { name: title }));
            void refresh();
          }}
        />
      </Section>

      <Section title={t('case.notices')}>
        {notices.isPending && <Loading />}
        {notices.isError && <ErrorNotice error={notices.error} />}
        {notices.isSuccess && (listOf(notices.data) ?? []).length === 0 && <p>{t('case.noNotices')}</p>}
        {notices.isSuccess && (listOf(notices.data) ?? []).length > 0 && (
          <NoticesTable notices={listOf(notices.data) ?? []} caption={t('case.noticesCaption')} />
        )}
      </Section>

      <Section title={t('case.timeline')}>
        {verification.isSuccess && (
          <p className={`alert ${verification.data.valid ? 'alert-success' : 'alert-danger'}`} data-testid="chain-verification">
            {verification.data.valid
              ? t('case.chainOk', { count: verification.data.events })
              : t('case.chainBroken', { at: verification.data.brokenAt ?? '?' })}
            {!verification.data.valid && verification.data.reason ? ` (${verification.data.reason})` : ''}
          </p>
        )}
        {verification.isError && <p className="alert alert-warning">{t('case.chainUnknown')}</p>}
        {timeline.isPending && <Loading />}
        {timeline.isError && <ErrorNotice error={timeline.error} />}
        {events.length > 0 && <TimelineTable events={events} caption={t('case.timelineCaption')} />}
      </Section>
    </>
  );
}

/** A titled region of the case page; `anchor` makes it a link target (e.g. /pratiche/:id#azioni from Il mio Comune). */
function Section({ title, children, anchor }: { title: string; children: ReactNode; anchor?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="mt-5" id={anchor}>
      <h2 className="h3" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}
