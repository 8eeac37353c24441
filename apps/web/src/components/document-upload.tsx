import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, authorizationHeaders, data } from '../api/client';
import { ApiProblem, type ProblemBody } from '../api/problem';

/**
 * Sends a multipart upload with XMLHttpRequest, the only browser API that reports upload
 * progress. Resolves with the API's answer; rejects with an ApiProblem (e.g. 415 naming the
 * recognised type) or a TypeError when the network fails.
 */
export function uploadWithProgress(path: string, form: FormData, onProgress: (percent: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', apiUrl(path));
    for (const [name, value] of Object.entries(authorizationHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onerror = () => reject(new TypeError('network error'));
    request.onload = () => {
      let body: unknown = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body);
      else
        reject(
          new ApiProblem(request.status, { status: request.status, title: request.statusText, ...((body as ProblemBody | null) ?? {}) }),
        );
    };
    request.send(form);
  });
}

/** How much of a file has gone up, labelled in words (the bar alone says nothing to a screen reader user). */
export function UploadProgress({ id, percent, className }: { id: string; percent: number; className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={className}>
      <label htmlFor={id}>{t('upload.progress', { percent })}</label>
      <progress id={id} className="upload-progress d-block" max={100} value={percent}>
        {percent}%
      </progress>
    </div>
  );
}

export function DocumentUpload({ caseId, onUploaded }: { caseId: string; onUploaded: (title: string) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The kinds and their words are the API's (GET /document-kinds); the list rarely changes.
  const kinds = useQuery({
    queryKey: ['document-kinds'],
    queryFn: async () => data(await api.GET('/document-kinds')),
    staleTime: Infinity,
  });
  const language = i18n.language === 'en' ? 'en' : 'it';
  const kindOptions = [...(kinds.data?.items ?? [])].sort((a, b) => a.label[language].localeCompare(b.label[language], language));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const source = new FormData(event.currentTarget);
    // The API reads kind and title before the file part (it streams the file).
    const form = new FormData();
    form.append('kind', String(source.get('kind') ?? '').trim());
    form.append('title', String(source.get('title') ?? '').trim());
    form.append('file', source.get('file') as Blob);
    setError(null);
    setPercent(0);
    try {
      await uploadWithProgress(`/cases/${encodeURIComponent(caseId)}/documents`, form, setPercent);
      formRef.current?.reset();
      onUploaded(String(source.get('title')));
    } catch (failure) {
      const detail =
        failure instanceof ApiProblem
          ? [failure.detail ?? failure.title, ...failure.invalidParams.map((p) => `${p.name}: ${p.reason}`)].join(' — ')
          : t('problem.network');
      setError(failure instanceof ApiProblem && failure.status === 415 ? t('upload.refused', { detail }) : t('upload.failed', { detail }));
    } finally {
      setPercent(null);
    }
  };

  return (
    <form ref={formRef} onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-title`} className="mb-4">
      <h3 className="h5" id={`${id}-title`}>
        {t('upload.title')}
      </h3>
      <div className="row g-3">
        <div className="col-md-4">
          <label htmlFor={`${id}-kind`} className="form-label fw-semibold">
            {t('upload.kind')}
          </label>
          <select id={`${id}-kind`} name="kind" className="form-select" required defaultValue="attachment" key={kindOptions.length}>
            {kindOptions.length === 0 && <option value="attachment">{t('upload.attachment')}</option>}
            {kindOptions.map((option) => (
              <option key={option.kind} value={option.kind}>
                {option.label[language]}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-4">
          <label htmlFor={`${id}-title-input`} className="form-label fw-semibold">
            {t('case.subject')}
          </label>
          <input id={`${id}-title-input`} name="title" type="text" className="form-control" required maxLength={300} />
        </div>
        <div className="col-md-4">
          <label htmlFor={`${id}-file`} className="form-label fw-semibold">
            {t('upload.file')}
          </label>
          <input id={`${id}-file`} name="file" type="file" className="form-control" required />
        </div>
      </div>
      {percent !== null && <UploadProgress id={`${id}-progress`} percent={percent} className="mt-3" />}
      {error && (
        <div className="alert alert-danger mt-3" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-primary mt-3" disabled={percent !== null}>
        {t('upload.submit')}
      </button>
    </form>
  );
}
