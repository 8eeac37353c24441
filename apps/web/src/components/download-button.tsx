import { useState } from 'react';
import { downloadWithToken } from './csv-download';
import { ErrorNotice } from './error-notice';

/** A document of a case as a button that downloads it with the user's token, its failure said next to it. */
export function DownloadButton({ url, fileName, label }: { url: string; fileName: string; label: string }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-link p-0 text-start text-break"
        aria-label={label}
        onClick={() => {
          setError(null);
          downloadWithToken(url, fileName).catch(setError);
        }}
      >
        {fileName}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </>
  );
}
