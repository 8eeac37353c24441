import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { DownloadButton } from './download-button';

/** The kind of the receipt the API files on the case when it registers a municipality's filing. */
const RECEIPT_KIND = 'submission-receipt';

/**
 * The receipt of a filing (a PDF/A act with its protocol registration) as a download, read from
 * the case's documents; nothing while it is not there yet, so the page never waits on it.
 */
export function ReceiptDownload({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const documents = useQuery({
    queryKey: ['case', caseId, 'documents'],
    queryFn: async () => data(await api.GET('/cases/{caseId}/documents', { params: { path: { caseId } } })),
  });
  const version = documents.data?.items.find((document) => document.kind === RECEIPT_KIND)?.versions.at(-1);
  if (!version) return null;
  return (
    <p className="d-print-none" data-testid="receipt-document">
      {t('submission.receipt.documentLabel')}{' '}
      <DownloadButton
        url={version.contentUrl}
        fileName={version.filename}
        label={t('submission.receipt.download', { name: version.filename })}
      />
    </p>
  );
}
