import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';

/** A failed request, said in words with the API's own problem detail. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message =
    error instanceof ApiProblem
      ? error.detail
        ? `${error.title}: ${error.detail}`
        : t('problem.generic', { status: error.status, title: error.title })
      : error instanceof TypeError
        ? t('problem.network')
        : String((error as Error)?.message ?? error);
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-0">{message}</p>
      {onRetry && (
        <button type="button" className="btn btn-outline-primary btn-sm mt-2" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
