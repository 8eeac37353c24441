import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { listOf, useMunicipalityNames } from '../api/queries';
import { formatDate, formatDateTime } from '../format/format';
import { DownloadButton } from './download-button';
import { ErrorNotice } from './error-notice';
import type { EvaluationReceipt } from './evaluation-draft';
import { Loading } from './loading';
import { TermExplanation } from './term-explanation';

interface FiledFile {
  kind?: string;
  title?: string;
  filename?: string;
  sha256?: string;
}

/** What the case's first timeline event recorded at filing: the protocol number and each file's fingerprint. */
export function filingOf(events: ReadonlyArray<{ type: string; payload: Record<string, unknown> }>): {
  protocolNumber: string | null;
  files: FiledFile[];
} {
  const received = events.find((event) => event.type === 'submission-received');
  const protocolNumber = received?.payload.protocolNumber;
  const files = received?.payload.files;
  return {
    protocolNumber: typeof protocolNumber === 'string' ? protocolNumber : null,
    files: Array.isArray(files) ? (files as FiledFile[]) : [],
  };
}

/** The kind of the receipt the API files on the case when it registers the submission. */
const RECEIPT_KIND = 'submission-receipt';

/**
 * Step 5: the receipt of the filing, read back from the API so that it survives a reload: the
 * case, the inbound protocol number, the files with their SHA-256 and the term with its legal
 * source, the receipt document the API filed on the case to download (the PEC links to it
 * too), and a print of the page.
 */
export function EvaluationReceiptView({
  caseId,
  receipt,
  onAnother,
}: {
  caseId: string;
  receipt?: EvaluationReceipt;
  onAnother: () => void;
}) {
  const { t, i18n } = useTranslation();
  const municipalityName = useMunicipalityNames();
  const path = { params: { path: { caseId } } };
  const detail = useQuery({ queryKey: ['case', caseId], queryFn: async () => data(await api.GET('/cases/{caseId}', path)) });
  const timeline = useQuery({
    queryKey: ['case', caseId, 'timeline'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/timeline', path)),
  });
  const documents = useQuery({
    queryKey: ['case', caseId, 'documents'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/documents', path)),
  });
  const terms = useQuery({
    queryKey: ['case', caseId, 'terms'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/terms', path)),
    // The workflow records the term right after the protocol: ask again until it is there.
    refetchInterval: (query) => ((query.state.data?.items.length ?? 0) === 0 && query.state.dataUpdateCount < 30 ? 1000 : false),
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />;
  const found = detail.data;
  const filing = filingOf(listOf(timeline.data) ?? []);
  const protocolNumber = receipt?.protocolNumber ?? filing.protocolNumber;
  const openTerms = (terms.data?.items ?? []).filter((term) => term.state !== 'cancelled');
  const receiptVersion = documents.data?.items.find((document) => document.kind === RECEIPT_KIND)?.versions.at(-1);

  return (
    <div className="evaluation-receipt">
      {receipt?.created === false ? (
        <div className="alert alert-warning" role="status">
          <p className="mb-0">{t('submission.receipt.duplicate', { date: formatDateTime(found.openedAt) })}</p>
        </div>
      ) : (
        <div className="alert alert-success" role="status">
          <p className="mb-0">{t('submission.receipt.sent')}</p>
        </div>
      )}
      <h3 className="h4 mt-4">{t('submission.receipt.printTitle')}</h3>
      <dl className="row">
        <dt className="col-sm-4">{t('submission.receipt.reference')}</dt>
        <dd className="col-sm-8" data-testid="receipt-reference">
          {found.reference}
        </dd>
        <dt className="col-sm-4">{t('submission.receipt.protocolNumber')}</dt>
        <dd className="col-sm-8" data-testid="receipt-protocol">
          {protocolNumber ?? (timeline.isPending ? t('app.loading') : '—')}
        </dd>
        <dt className="col-sm-4">{t('submission.receipt.receivedAt')}</dt>
        <dd className="col-sm-8">{formatDateTime(found.openedAt)}</dd>
        <dt className="col-sm-4">{t('submission.receipt.municipality')}</dt>
        <dd className="col-sm-8">{municipalityName(found.istatCode)}</dd>
        <dt className="col-sm-4">{t('submission.receipt.procedure')}</dt>
        <dd className="col-sm-8">{t(`procedures.${found.type}`, { defaultValue: found.type })}</dd>
        <dt className="col-sm-4">{t('submission.receipt.subject')}</dt>
        <dd className="col-sm-8">{found.title}</dd>
      </dl>

      <h3 className="h4 mt-4">{t('submission.receipt.terms')}</h3>
      {terms.isError && <ErrorNotice error={terms.error} onRetry={() => void terms.refetch()} />}
      {terms.isPending && <Loading />}
      {terms.isSuccess && openTerms.length === 0 && <p>{t('submission.receipt.termPending')}</p>}
      {openTerms.map((term) => (
        <div key={term.id} className="mb-3" data-testid="receipt-term">
          <p className="mb-1">
            <strong>{i18n.language === 'en' ? term.labelEn : term.labelIt}</strong>:{' '}
            {term.dueDate
              ? t('submission.receipt.dueBy', { date: formatDate(term.dueDate) })
              : t(`termStatus.${term.state}`, { defaultValue: term.state })}
          </p>
          <p className="mb-1">{t('submission.receipt.legalSource', { source: term.legalSource })}</p>
          <TermExplanation steps={term.explanation} />
        </div>
      ))}

      {filing.files.length > 0 && (
        <div className="table-responsive mt-4">
          <table className="table table-sm">
            <caption>{t('submission.receipt.documents')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submission.receipt.documentTitle')}</th>
                <th scope="col">{t('submission.receipt.fileName')}</th>
                <th scope="col">{t('submission.receipt.fingerprint')}</th>
              </tr>
            </thead>
            <tbody>
              {filing.files.map((file, index) => (
                <tr key={`${file.sha256 ?? ''}-${index}`}>
                  <th scope="row">{file.title ?? '—'}</th>
                  <td className="text-break">{file.filename ?? '—'}</td>
                  <td className="text-break font-monospace small">{file.sha256 ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <p className="mt-4">{t('submission.receipt.pecNote')}</p>
      {documents.isError && <ErrorNotice error={documents.error} onRetry={() => void documents.refetch()} />}
      {receiptVersion && (
        <p className="d-print-none" data-testid="receipt-document">
          {t('submission.receipt.documentLabel')}{' '}
          <DownloadButton
            url={receiptVersion.contentUrl}
            fileName={receiptVersion.filename}
            label={t('submission.receipt.download', { name: receiptVersion.filename })}
          />
        </p>
      )}
      <div className="d-flex flex-wrap gap-3 mt-3 d-print-none">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('submission.receipt.print')}
        </button>
        <Link className="btn btn-outline-primary" to={`/pratiche/${caseId}`}>
          {t('submission.receipt.openCase', { reference: found.reference })}
        </Link>
        <button type="button" className="btn btn-outline-secondary" onClick={onAnother}>
          {t('submission.receipt.another')}
        </button>
      </div>
    </div>
  );
}
