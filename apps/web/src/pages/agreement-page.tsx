import { SignatureList } from '../components/signature-list';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../api/client';
import type { CaseAction } from '../api/perform-action';
import type { components } from '../api/schema';
import { useIstatCode } from '../auth/require-auth';
import { textOf } from '../components/action-form';
import { CaseActionForm, actionKey } from '../components/case-action-form';
import { useAnnounce } from '../components/announcer';
import { DaysLeft } from '../components/days-left';
import { DocumentUpload } from '../components/document-upload';
import { DownloadButton } from '../components/download-button';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { CaptionedTable, QuerySection } from '../components/query-section';
import { TermStatus } from '../components/term-status';
import { formatCents, formatDate, formatDateTime } from '../format/format';
import { type PartyCommitments, earlierRefusals, partiesWithCommitments } from './agreement-parties';
import { AGREEMENT_PATH } from './agreement-path';

type Agreement = components['schemas']['AgreementViewDto'];
type Document = components['schemas']['DocumentDto'];
type Signer = components['schemas']['AgreementActorDto'];

const PROCEDURE = 'territorial-agreement';

/**
 * Accordo territoriale (NdA PTM art. 10-11), the parties' side: the agreements the
 * municipality is party to, and one read in full — the current draft, each party's
 * commitments and signature, the signature term, earlier refusals — with the actions the API
 * offers this user now (sign with the signed file uploaded here, or refuse with reasons).
 */
export default function AgreementPage() {
  const { caseId } = useParams();
  return caseId ? <AgreementDetail caseId={caseId} /> : <AgreementList />;
}

function AgreementList() {
  const { t, i18n } = useTranslation();
  const agreements = useQuery({
    queryKey: ['cases', { type: PROCEDURE }],
    queryFn: async () => data(await api.GET('/cases', { params: { query: { type: PROCEDURE, limit: 100 } } })),
  });
  return (
    <>
      <PageHeading>{t('agreement.title')}</PageHeading>
      <p className="lead">{t('agreement.intro')}</p>
      <QuerySection
        id="agreements"
        title={t('agreement.list')}
        query={agreements}
        empty={t('agreement.none')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('agreement.listCaption')}
            columns={[
              { label: t('agreement.reference') },
              { label: t('agreement.subject') },
              { label: t('agreement.state') },
              { label: t('case.openedAt') },
            ]}
          >
            {result.items.map((found) => (
              <tr key={found.id}>
                <th scope="row">
                  <Link to={`${AGREEMENT_PATH}/${found.id}`}>{found.reference}</Link>
                </th>
                <td>{found.title}</td>
                <td>{textOf(found.stateLabel, i18n.language)}</td>
                <td>{formatDate(found.openedAt)}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
    </>
  );
}

function AgreementDetail({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const istat = useIstatCode();
  const path = { params: { path: { caseId } } };
  const [view, found, documents, timeline] = useQueries({
    queries: [
      { queryKey: ['case', caseId, 'agreement'], queryFn: async () => data(await api.GET('/territorial-agreements/{caseId}', path)) },
      // The state in words and the reference come with the case (the view carries the state's id).
      { queryKey: ['case', caseId], queryFn: async () => data(await api.GET('/cases/{caseId}', path)) },
      { queryKey: ['case', caseId, 'documents'], queryFn: async () => data(await api.GET('/cases/{caseId}/documents', path)) },
      { queryKey: ['case', caseId, 'timeline'], queryFn: async () => data(await api.GET('/cases/{caseId}/timeline', path)) },
    ],
  });
  if (view.isPending) {
    return (
      <>
        <PageHeading>{t('agreement.title')}</PageHeading>
        <Loading />
      </>
    );
  }
  if (view.isError) {
    return (
      <>
        <PageHeading>{t('agreement.title')}</PageHeading>
        <ErrorNotice error={view.error} onRetry={() => void view.refetch()} />
      </>
    );
  }
  const agreement = view.data;
  const documentList = documents.data?.items ?? [];
  const parties = partiesWithCommitments(agreement, istat);
  const nameOf = (party: string) => agreement.parties.find((entry) => entry.party === party)?.name ?? party;
  const refusedBefore = earlierRefusals(timeline.data?.items ?? [], agreement.draft?.version ?? null);
  return (
    <>
      <PageHeading>{agreement.subject}</PageHeading>
      <dl className="row">
        <dt className="col-sm-3">{t('agreement.reference')}</dt>
        <dd className="col-sm-9">{agreement.reference ?? '—'}</dd>
        <dt className="col-sm-3">{t('agreement.state')}</dt>
        <dd className="col-sm-9" data-testid="agreement-state">
          {found.data ? textOf(found.data.stateLabel, i18n.language) : '…'}
        </dd>
        {agreement.parentCaseId && (
          <>
            <dt className="col-sm-3">{t('case.parent')}</dt>
            <dd className="col-sm-9">
              <ParentCaseLink caseId={agreement.parentCaseId} />
            </dd>
          </>
        )}
        {agreement.conclusion?.inForceOn && (
          <>
            <dt className="col-sm-3">{t('agreement.inForceOn')}</dt>
            <dd className="col-sm-9">{formatDate(agreement.conclusion.inForceOn)}</dd>
          </>
        )}
        {agreement.conclusion?.reason && (
          <>
            <dt className="col-sm-3">{t('agreement.conclusionReason')}</dt>
            <dd className="col-sm-9">{agreement.conclusion.reason}</dd>
          </>
        )}
      </dl>
      <SignatureTerm agreement={agreement} />
      <CurrentDraft agreement={agreement} documents={documentList} />
      <section aria-labelledby="agreement-parties" className="mt-5">
        <h2 className="h3" id="agreement-parties">
          {t('agreement.parties')}
        </h2>
        {parties.map((entry) => (
          <PartyCard key={entry.party.party} entry={entry} documents={documentList} />
        ))}
      </section>
      {(agreement.rounds > 1 || refusedBefore.length > 0) && (
        <section aria-labelledby="agreement-history" className="mt-5">
          <h2 className="h3" id="agreement-history">
            {t('agreement.history')}
          </h2>
          <p>{t('agreement.rounds', { count: agreement.rounds })}</p>
          {refusedBefore.length > 0 && (
            <CaptionedTable
              caption={t('agreement.earlierRefusalsCaption')}
              columns={[
                { label: t('agreement.draftVersion') },
                { label: t('agreement.party') },
                { label: t('agreement.refusedAt') },
                { label: t('fields.reasons') },
              ]}
            >
              {refusedBefore.map((refusal) => (
                <tr key={`${refusal.draftVersion}-${refusal.party}`}>
                  <th scope="row">{refusal.draftVersion}</th>
                  <td>{nameOf(refusal.party)}</td>
                  <td>{formatDateTime(refusal.at)}</td>
                  <td>{refusal.reasons}</td>
                </tr>
              ))}
            </CaptionedTable>
          )}
        </section>
      )}
      <AgreementActions caseId={caseId} documents={documentList} />
    </>
  );
}

/** The case the agreement comes from (the concertation conference), by its reference once read; its id otherwise. */
function ParentCaseLink({ caseId }: { caseId: string }) {
  const parent = useQuery({
    queryKey: ['case', caseId],
    queryFn: async () => data(await api.GET('/cases/{caseId}', { params: { path: { caseId } } })),
    retry: false,
  });
  return <Link to={`/pratiche/${caseId}`}>{parent.data ? `${parent.data.reference} — ${parent.data.title}` : caseId}</Link>;
}

function SignatureTerm({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const term = agreement.signatureTerm;
  if (!term) return null;
  return (
    <section aria-labelledby="agreement-term" className="mt-5">
      <h2 className="h3" id="agreement-term">
        {t('agreement.signatureTerm')}
      </h2>
      <dl className="row">
        <dt className="col-sm-3">{t('deadlines.dueDate')}</dt>
        <dd className="col-sm-9">{formatDate(term.dueDate)}</dd>
        <dt className="col-sm-3">{t('agreement.termState')}</dt>
        <dd className="col-sm-9">
          <TermStatus status={term.status} />
        </dd>
        <dt className="col-sm-3">{t('deadlines.daysLeft')}</dt>
        <dd className="col-sm-9">
          <DaysLeft dueDate={term.dueDate} status={term.status} />
        </dd>
        <dt className="col-sm-3">{t('deadlines.legalSource')}</dt>
        <dd className="col-sm-9">{term.legalSource}</dd>
      </dl>
      {agreement.signatureOverdue && <p className="text-danger fw-semibold">{t('agreement.overdue')}</p>}
    </section>
  );
}

/** The latest version of a document of the case as a download, or a dash while it is not readable. */
function DocumentDownload({ documents, documentId }: { documents: Document[]; documentId: string }) {
  const { t } = useTranslation();
  const document = documents.find((candidate) => candidate.id === documentId);
  const version = document?.versions.at(-1);
  if (!document || !version) return <span>—</span>;
  return (
    <DownloadButton
      url={version.contentUrl}
      fileName={version.filename}
      label={t('agreement.download', { name: version.filename, title: document.title })}
    />
  );
}

function CurrentDraft({ agreement, documents }: { agreement: Agreement; documents: Document[] }) {
  const { t } = useTranslation();
  const { draft } = agreement;
  return (
    <section aria-labelledby="agreement-draft" className="mt-5">
      <h2 className="h3" id="agreement-draft">
        {t('agreement.draft')}
      </h2>
      {!draft ? (
        <p>{t('agreement.noDraft')}</p>
      ) : (
        <dl className="row">
          <dt className="col-sm-3">{t('agreement.draftVersion')}</dt>
          <dd className="col-sm-9">{t('agreement.versionOf', { version: draft.version, date: formatDate(draft.at) })}</dd>
          <dt className="col-sm-3">{t('fields.note')}</dt>
          <dd className="col-sm-9">{draft.note || '—'}</dd>
          <dt className="col-sm-3">{t('agreement.draftDocuments')}</dt>
          <dd className="col-sm-9">
            <ul className="list-unstyled mb-0">
              {draft.documentIds.map((documentId) => (
                <li key={documentId}>
                  <DocumentDownload documents={documents} documentId={documentId} />
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
    </section>
  );
}

function SignerText({ by, at }: { by: Signer; at: string }) {
  const { t } = useTranslation();
  return <>{t('agreement.by', { name: by.name, role: t(`roles.${by.role}`), date: formatDateTime(at) })}</>;
}

function PartyCard({ entry, documents }: { entry: PartyCommitments; documents: Document[] }) {
  const { t } = useTranslation();
  const { party, signatureState, commitments } = entry;
  const name = party.name ?? party.party;
  const headingId = `party-${party.party}`;
  const withTerms = commitments.some((item) => item.term !== null);
  return (
    <article className="card card-bg mb-4" aria-labelledby={headingId}>
      <div className="card-body">
        <h3 className="h5 card-title" id={headingId}>
          {entry.own ? t('agreement.ownParty', { name }) : name}
        </h3>
        <dl className="row mb-2">
          <dt className="col-sm-3">{t('agreement.signature')}</dt>
          <dd className="col-sm-9" data-testid={`signature-${party.party}`}>
            {t(`agreement.signatureState.${signatureState}`)}
            {party.signature && (
              <>
                {' — '}
                <SignerText by={party.signature.by} at={party.signature.at} />
              </>
            )}
            {party.refusal && (
              <>
                {' — '}
                <SignerText by={party.refusal.by} at={party.refusal.at} />
              </>
            )}
          </dd>
          {party.signature && (
            <>
              <dt className="col-sm-3">{t('agreement.signedDocument')}</dt>
              <dd className="col-sm-9">
                <DocumentDownload documents={documents} documentId={party.signature.documentId} />
              </dd>
              {party.signature.signers && (
                <>
                  <dt className="col-sm-3">{t('agreement.signers')}</dt>
                  <dd className="col-sm-9" data-testid={`signers-${party.party}`}>
                    <SignatureList signatures={party.signature.signers} />
                  </dd>
                </>
              )}
            </>
          )}
          {party.refusal && (
            <>
              <dt className="col-sm-3">{t('fields.reasons')}</dt>
              <dd className="col-sm-9">{party.refusal.reasons}</dd>
            </>
          )}
        </dl>
        {commitments.length === 0 ? (
          <p className="mb-0">{t('agreement.noCommitments')}</p>
        ) : (
          <CaptionedTable
            caption={t('agreement.commitmentsOf', { name })}
            columns={[
              { label: t('fund.kind') },
              { label: t('fields.description') },
              { label: t('fund.amount'), end: true },
              { label: t('fields.dueDate') },
              ...(withTerms ? [{ label: t('agreement.termState') }] : []),
            ]}
          >
            {commitments.map(({ commitment, term }, position) => (
              <tr key={position}>
                <th scope="row">
                  {t(`values.${commitment.kind}`, { defaultValue: commitment.kind })}
                  {commitment.legalBasis && <span className="d-block small fw-normal">{commitment.legalBasis}</span>}
                </th>
                <td>{commitment.description}</td>
                <td className="text-end">{formatCents(commitment.amountCents)}</td>
                <td>{formatDate(commitment.dueDate)}</td>
                {withTerms && <td>{term ? <TermStatus status={term.term.status} /> : '—'}</td>}
              </tr>
            ))}
          </CaptionedTable>
        )}
      </div>
    </article>
  );
}

/**
 * What this user may do now, as the API says (sign, refuse): the draft they are about is the
 * action's target, fixed in the form. The signed file is uploaded to the case here first.
 */
function AgreementActions({ caseId, documents }: { caseId: string; documents: Document[] }) {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const actions = useQuery({
    queryKey: ['case', caseId, 'actions'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/actions', { params: { path: { caseId } } })),
  });
  const refresh = async () => queryClient.invalidateQueries({ queryKey: ['case', caseId] });
  const documentOptions = documents.map((document) => ({
    id: document.id,
    label: `${document.title} (${textOf(document.kindLabel, i18n.language)})`,
  }));
  return (
    <QuerySection
      id="azioni"
      title={t('case.actions')}
      query={actions}
      empty={t('case.noActions')}
      isEmpty={(result) => result.items.length === 0}
    >
      {(result) => (
        <>
          <DocumentUpload
            caseId={caseId}
            onUploaded={(title) => {
              announce(t('upload.done', { name: title }));
              void refresh();
            }}
          />
          {result.items.map((action: CaseAction) => (
            <CaseActionForm key={actionKey(action)} action={action} documents={documentOptions} onDone={() => void refresh()} />
          ))}
        </>
      )}
    </QuerySection>
  );
}
