import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../api/client';
import type { components } from '../api/schema';
import { textOf } from '../components/action-form';
import { useAnnounce } from '../components/announcer';
import { DaysLeft } from '../components/days-left';
import { DownloadButton } from '../components/download-button';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { PageHeading } from '../components/page-heading';
import { type ProposalAnswer, ProposalForm } from '../components/proposal-form';
import { ANNUAL_CALL_PATH } from './annual-call-path';
import { CaptionedTable, QuerySection } from '../components/query-section';
import { formatDate, formatDateTime, formatCents, todayInRome } from '../format/format';

type Call = components['schemas']['CallViewDto'];
type Proposal = components['schemas']['ProposalViewDto'];
type Receipt = components['schemas']['ProposalReceiptDto'];

/** The window takes proposals and corrections while the call is open and before its first instant after the last day. */
const windowOpen = (call: Call, now = Date.now()) =>
  call.state === 'open' && call.submissionWindow?.dueAt != null && now < Date.parse(call.submissionWindow.dueAt);

/**
 * Avviso annuale ex art. 14 NdA PTM, the municipality's side: the calls it was notified of,
 * and one call read in full (notice, window, criteria in words), its own proposals with their
 * eligibility, the form to propose or correct while the window is open, the ranking once published.
 */
export default function AnnualCallPage() {
  const { caseId } = useParams();
  return caseId ? <CallDetail caseId={caseId} /> : <CallList />;
}

function CallList() {
  const { t, i18n } = useTranslation();
  const calls = useQuery({ queryKey: ['annual-calls'], queryFn: async () => data(await api.GET('/annual-calls')) });
  return (
    <>
      <PageHeading>{t('annualCall.title')}</PageHeading>
      <p className="lead">{t('annualCall.intro')}</p>
      <QuerySection
        id="annual-calls"
        title={t('annualCall.calls')}
        query={calls}
        empty={t('annualCall.noCalls')}
        isEmpty={(result) => result.items.length === 0}
      >
        {(result) => (
          <CaptionedTable
            caption={t('annualCall.callsCaption')}
            columns={[
              { label: t('annualCall.year') },
              { label: t('annualCall.reference') },
              { label: t('annualCall.state') },
              { label: t('annualCall.openedAt') },
            ]}
          >
            {result.items.map((call) => (
              <tr key={call.caseId}>
                <th scope="row">
                  <Link to={`${ANNUAL_CALL_PATH}/${call.caseId}`}>{t('annualCall.callTitle', { year: call.year })}</Link>
                </th>
                <td>{call.reference}</td>
                <td>{textOf(call.stateLabel, i18n.language)}</td>
                <td>{formatDate(call.openedAt)}</td>
              </tr>
            ))}
          </CaptionedTable>
        )}
      </QuerySection>
    </>
  );
}

function CallDetail({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const call = useQuery({
    queryKey: ['annual-call', caseId],
    queryFn: async () => data(await api.GET('/annual-calls/{caseId}', { params: { path: { caseId } } })),
  });
  const year = call.data?.year;
  const open = call.isSuccess && windowOpen(call.data);

  const onDone = (answer: ProposalAnswer) => {
    if (answer.kind === 'submitted') {
      setReceipt(answer.receipt);
      announce(t('annualCall.sent', { id: answer.receipt.proposalId, protocolNumber: answer.receipt.protocolNumber }));
    } else {
      queryClient.setQueryData(['annual-call', caseId], answer.call);
      announce(t('annualCall.corrected', { id: correcting }));
      setCorrecting(null);
    }
    void queryClient.invalidateQueries({ queryKey: ['annual-call', caseId] });
    void queryClient.invalidateQueries({ queryKey: ['case-documents', caseId] });
  };

  return (
    <>
      <PageHeading>{year ? t('annualCall.callTitle', { year }) : t('annualCall.title')}</PageHeading>
      {call.isPending && <Loading />}
      {call.isError && <ErrorNotice error={call.error} onRetry={() => void call.refetch()} />}
      {call.isSuccess && (
        <>
          <CallNotice call={call.data} />
          <CallWindow call={call.data} />
          <CallCriteria call={call.data} />
          <section aria-labelledby="annual-call-proposals" className="mt-5">
            <h2 className="h3" id="annual-call-proposals">
              {t('annualCall.proposals')}
            </h2>
            {receipt && <ProposalReceipt receipt={receipt} onClose={() => setReceipt(null)} />}
            {call.data.proposals.length === 0 && <p>{t('annualCall.noProposals')}</p>}
            {call.data.proposals.map((proposal) =>
              correcting === proposal.id ? (
                <ProposalForm
                  key={proposal.id}
                  year={call.data.year}
                  caseId={caseId}
                  proposal={proposal}
                  onDone={onDone}
                  onCancel={() => setCorrecting(null)}
                />
              ) : (
                <ProposalCard key={proposal.id} proposal={proposal} onCorrect={open ? () => setCorrecting(proposal.id) : undefined} />
              ),
            )}
            {open && !correcting && !receipt && <ProposalForm year={call.data.year} caseId={caseId} onDone={onDone} />}
          </section>
          {call.data.ranking && <CallRanking caseId={caseId} year={call.data.year} />}
        </>
      )}
    </>
  );
}

/** The case's documents as this user may read them (a notified municipality: the notice only). */
function useCallDocuments(caseId: string) {
  return useQuery({
    queryKey: ['case-documents', caseId],
    queryFn: async () => data(await api.GET('/cases/{caseId}/documents', { params: { path: { caseId } } })),
  });
}

/** A document of the call as a download; its accessible name starts with the file name the button shows. */
function DocumentLink({ caseId, documentId, label }: { caseId: string; documentId: string | null; label: (fileName: string) => string }) {
  const documents = useCallDocuments(caseId);
  if (documents.isError) return <ErrorNotice error={documents.error} />;
  const version = documents.data?.items.find((document) => document.id === documentId)?.versions.at(-1);
  if (!version) return documents.isPending ? <Loading /> : <span>—</span>;
  return <DownloadButton url={version.contentUrl} fileName={version.filename} label={label(version.filename)} />;
}

function CallNotice({ call }: { call: Call }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="annual-call-notice">
      <h2 className="h3" id="annual-call-notice">
        {t('annualCall.notice')}
      </h2>
      <dl className="row">
        <dt className="col-sm-4">{t('annualCall.reference')}</dt>
        <dd className="col-sm-8">{call.reference}</dd>
        <dt className="col-sm-4">{t('annualCall.noticeProtocol')}</dt>
        <dd className="col-sm-8">{call.noticeProtocolNumber ?? '—'}</dd>
        <dt className="col-sm-4">{t('annualCall.openedAt')}</dt>
        <dd className="col-sm-8">{formatDate(call.publishedAt)}</dd>
        <dt className="col-sm-4">{t('annualCall.noticeDocument')}</dt>
        <dd className="col-sm-8">
          <DocumentLink
            caseId={call.caseId}
            documentId={call.noticeDocumentId}
            label={(name) => t('annualCall.downloadNotice', { name, year: call.year })}
          />
        </dd>
      </dl>
    </section>
  );
}

function CallWindow({ call }: { call: Call }) {
  const { t } = useTranslation();
  const term = call.submissionWindow;
  const open = windowOpen(call);
  return (
    <section aria-labelledby="annual-call-window" className="mt-5">
      <h2 className="h3" id="annual-call-window">
        {t('annualCall.window')}
      </h2>
      <dl className="row">
        <dt className="col-sm-4">{t('annualCall.dueDate')}</dt>
        <dd className="col-sm-8">{formatDate(term?.dueDate)}</dd>
        <dt className="col-sm-4">{t('annualCall.daysLeft')}</dt>
        <dd className="col-sm-8">
          <DaysLeft dueDate={term?.dueDate} status={open ? 'running' : 'met'} today={todayInRome()} />
        </dd>
        <dt className="col-sm-4">{t('annualCall.legalSource')}</dt>
        <dd className="col-sm-8">{term?.legalSource ?? '—'}</dd>
      </dl>
      {!open && <p>{t('annualCall.windowClosed')}</p>}
    </section>
  );
}

function CallCriteria({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  const { criteria } = call;
  return (
    <section aria-labelledby="annual-call-criteria" className="mt-5">
      <h2 className="h3" id="annual-call-criteria">
        {t('annualCall.criteria')}
      </h2>
      <p>{t('annualCall.criteriaIntro', { scale: criteria.scale, source: criteria.source })}</p>
      <CaptionedTable
        caption={t('annualCall.criteriaCaption')}
        columns={[
          { label: t('annualCall.criterion') },
          { label: t('annualCall.weight'), end: true },
          { label: t('annualCall.criterionSource') },
        ]}
      >
        {criteria.criteria.map((criterion) => (
          <tr key={criterion.id}>
            <th scope="row">{textOf(criterion.label, i18n.language)}</th>
            <td className="text-end">{t('annualCall.weightValue', { weight: criterion.weight })}</td>
            <td>{criterion.source}</td>
          </tr>
        ))}
      </CaptionedTable>
      <p className="mb-1">{t('annualCall.tieBreak')}</p>
      <ol>
        {criteria.tieBreak.map((rule) => (
          <li key={rule.id}>{textOf(rule.label, i18n.language)}</li>
        ))}
      </ol>
    </section>
  );
}

function ProposalReceipt({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-success" data-testid="proposal-receipt">
      <h3 className="h5">{t('annualCall.receiptTitle')}</h3>
      <p className="mb-1">{t('annualCall.receiptIntro')}</p>
      <dl className="row mb-2">
        <dt className="col-sm-4">{t('annualCall.proposal')}</dt>
        <dd className="col-sm-8">{receipt.proposalId}</dd>
        <dt className="col-sm-4">{t('annualCall.protocol')}</dt>
        <dd className="col-sm-8">{receipt.protocolNumber}</dd>
        <dt className="col-sm-4">{t('annualCall.receivedAt')}</dt>
        <dd className="col-sm-8">{formatDateTime(receipt.submittedAt)}</dd>
      </dl>
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={onClose}>
        {t('annualCall.newProposal')}
      </button>
    </div>
  );
}

function ProposalCard({ proposal, onCorrect }: { proposal: Proposal; onCorrect?: () => void }) {
  const { t } = useTranslation();
  const decision = proposal.eligibility;
  return (
    <article className="card card-bg mb-3" aria-labelledby={`proposal-${proposal.id}`}>
      <div className="card-body">
        <h3 className="h5 card-title" id={`proposal-${proposal.id}`}>
          {t('annualCall.proposalHeading', { id: proposal.id, title: proposal.title })}
        </h3>
        <dl className="row mb-2">
          <dt className="col-sm-4">{t('annualCall.kind')}</dt>
          <dd className="col-sm-8">{t(`values.${proposal.kind}`)}</dd>
          <dt className="col-sm-4">{t('annualCall.protocol')}</dt>
          <dd className="col-sm-8">{proposal.protocolNumber}</dd>
          <dt className="col-sm-4">{t('annualCall.submittedAt')}</dt>
          <dd className="col-sm-8">{formatDateTime(proposal.submittedAt)}</dd>
          <dt className="col-sm-4">{t('annualCall.description')}</dt>
          <dd className="col-sm-8">{proposal.description}</dd>
          <dt className="col-sm-4">{t('annualCall.cost')}</dt>
          <dd className="col-sm-8">{formatCents(proposal.costCents)}</dd>
          <dt className="col-sm-4">{t('annualCall.cofinancing')}</dt>
          <dd className="col-sm-8">{formatCents(proposal.cofinancingCents)}</dd>
          <dt className="col-sm-4">{t('annualCall.location')}</dt>
          <dd className="col-sm-8">{proposal.location}</dd>
          <dt className="col-sm-4">{t('annualCall.sttm')}</dt>
          <dd className="col-sm-8">{proposal.sttm.map((n) => t(`values.${n}`)).join(', ')}</dd>
          <dt className="col-sm-4">{t('annualCall.documents')}</dt>
          <dd className="col-sm-8">{proposal.documentCount}</dd>
          {proposal.amendments.length > 0 && (
            <>
              <dt className="col-sm-4">{t('annualCall.amendments')}</dt>
              <dd className="col-sm-8">
                <ul className="list-unstyled mb-0">
                  {proposal.amendments.map((amendment) => (
                    <li key={amendment.protocolNumber}>
                      {t('annualCall.amendment', { protocolNumber: amendment.protocolNumber, at: formatDateTime(amendment.at) })}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          <dt className="col-sm-4">{t('annualCall.eligibility')}</dt>
          <dd className="col-sm-8" data-testid={`eligibility-${proposal.id}`}>
            {decision ? (
              <strong>{decision.eligible ? t('annualCall.eligible') : t('annualCall.notEligible')}</strong>
            ) : (
              t('annualCall.undecided')
            )}
          </dd>
          {decision && (
            <>
              <dt className="col-sm-4">{t('annualCall.reasons')}</dt>
              <dd className="col-sm-8">{decision.reasons}</dd>
            </>
          )}
        </dl>
        {onCorrect && (
          <button type="button" className="btn btn-outline-primary" onClick={onCorrect}>
            {t('annualCall.correct', { id: proposal.id })}
          </button>
        )}
      </div>
    </article>
  );
}

function CallRanking({ caseId, year }: { caseId: string; year: number }) {
  const { t, i18n } = useTranslation();
  const ranking = useQuery({
    queryKey: ['annual-call', caseId, 'ranking'],
    queryFn: async () => data(await api.GET('/annual-calls/{caseId}/ranking', { params: { path: { caseId } } })),
  });
  return (
    <QuerySection
      id="annual-call-ranking"
      title={t('annualCall.ranking')}
      query={ranking}
      empty={t('annualCall.rankingEmpty')}
      isEmpty={() => false}
    >
      {(found) => {
        const tieLabel = new Map(found.tieBreak.map((rule) => [rule.id, textOf(rule.label, i18n.language)]));
        return (
          <>
            <dl className="row">
              <dt className="col-sm-4">{t('annualCall.rankingProtocol')}</dt>
              <dd className="col-sm-8">{found.protocolNumber ?? '—'}</dd>
              <dt className="col-sm-4">{t('annualCall.ranking')}</dt>
              <dd className="col-sm-8">
                <DocumentLink
                  caseId={caseId}
                  documentId={found.documentId}
                  label={(name) => t('annualCall.downloadRanking', { name, year })}
                />
              </dd>
            </dl>
            {found.ranking.length === 0 ? (
              <p>{t('annualCall.rankingEmpty')}</p>
            ) : (
              <CaptionedTable
                caption={t('annualCall.rankingCaption', { year })}
                columns={[
                  { label: t('annualCall.position'), end: true },
                  { label: t('annualCall.municipality') },
                  { label: t('annualCall.proposal') },
                  { label: t('annualCall.score'), end: true },
                  { label: t('annualCall.tieBrokenBy') },
                ]}
              >
                {found.ranking.map((entry) => (
                  <tr key={entry.proposalId}>
                    <td className="text-end">{entry.position}</td>
                    <td>{entry.municipality}</td>
                    <th scope="row">{t('annualCall.proposalHeading', { id: entry.proposalId, title: entry.title })}</th>
                    <td className="text-end">{new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'it-IT').format(entry.score)}</td>
                    <td>{entry.tieBrokenBy ? tieLabel.get(entry.tieBrokenBy) : t('annualCall.noTie')}</td>
                  </tr>
                ))}
              </CaptionedTable>
            )}
          </>
        );
      }}
    </QuerySection>
  );
}
