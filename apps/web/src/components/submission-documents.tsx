import { useCallback, useId, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import type { components } from '../api/schema';
import { uploadWithProgress } from './document-upload';
import {
  type ChecklistItem,
  type DocumentSlot,
  type DraftField,
  type EvaluationDraft,
  type UploadedFile,
  UPLOAD_KIND,
  documentChecklist,
  formatSize,
  uploadTitle,
} from './evaluation-draft';

type UploadDto = components['schemas']['UploadDto'];
export type UploadTarget = DocumentSlot | 'attachments';

/** A file being sent, or that failed: kept in memory only (a File cannot be stored), so it can be sent again. */
export interface PendingUpload {
  key: string;
  target: UploadTarget;
  file: File;
  percent: number;
  status: 'uploading' | 'failed';
  error?: string;
}

/** Why an upload failed, in the reader's words: a refused type names what the API recognised and what it accepts. */
export function uploadFailureMessage(error: unknown, name: string, t: TFunction): string {
  if (error instanceof ApiProblem) {
    const detail = [error.detail ?? error.title, ...error.invalidParams.map((param) => `${param.name}: ${param.reason}`)].join(' — ');
    if (error.status === 415) {
      const detected = error.body['detected-type'];
      const accepted = error.body['accepted-types'];
      if (typeof detected === 'string' && Array.isArray(accepted)) {
        return t('submission.documents.refusedType', { name, detected, accepted: accepted.join(', ') });
      }
      return t('submission.documents.refused', { name, detail });
    }
    if (error.status === 413) {
      const max = error.body['max-bytes'];
      return typeof max === 'number'
        ? t('submission.documents.tooLarge', { name, max: formatSize(max) })
        : t('submission.documents.refused', { name, detail });
    }
    if (error.status === 422 || error.status === 400) return t('submission.documents.refused', { name, detail });
    return t('submission.documents.failed', { name, detail });
  }
  return t('submission.documents.network', { name });
}

let nextKey = 0;

/**
 * The uploads of the wizard, one request per file (POST /uploads, kind and title before the
 * file), each with its own progress; the page owns them so that moving between steps does
 * not lose a transfer in progress. A finished upload goes to the draft through `onUploaded`.
 */
export function useSubmissionUploads(onUploaded: (target: UploadTarget, file: UploadedFile) => void) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<PendingUpload[]>([]);
  // The keys still wanted: a slot's file replaced while its first upload runs must not land afterwards.
  const wanted = useRef(new Set<string>());

  const update = useCallback((key: string, change: Partial<PendingUpload>) => {
    setPending((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const send = useCallback(
    async (item: PendingUpload) => {
      const form = new FormData();
      form.append('kind', UPLOAD_KIND[item.target]);
      form.append('title', uploadTitle(item.target, item.file.name));
      form.append('file', item.file, item.file.name);
      try {
        const stored = (await uploadWithProgress('/uploads', form, (percent) => update(item.key, { percent }))) as UploadDto;
        if (!wanted.current.has(item.key)) return;
        wanted.current.delete(item.key);
        setPending((current) => current.filter((other) => other.key !== item.key));
        onUploaded(item.target, {
          uploadId: stored.uploadId,
          filename: stored.filename || item.file.name,
          sizeBytes: stored.sizeBytes,
          title: stored.title,
        });
      } catch (error) {
        if (!wanted.current.has(item.key)) return;
        update(item.key, { status: 'failed', error: uploadFailureMessage(error, item.file.name, t) });
      }
    },
    [onUploaded, t, update],
  );

  const choose = useCallback(
    (target: UploadTarget, files: readonly File[]) => {
      const items = files.map((file): PendingUpload => ({
        key: `upload-${(nextKey += 1)}`,
        target,
        file,
        percent: 0,
        status: 'uploading',
      }));
      setPending((current) => {
        // A named slot holds one file: a new choice replaces the one being sent or that failed.
        const kept = target === 'attachments' ? current : current.filter((item) => item.target !== target);
        for (const dropped of current.filter((item) => !kept.includes(item))) wanted.current.delete(dropped.key);
        return [...kept, ...items];
      });
      for (const item of items) {
        wanted.current.add(item.key);
        void send(item);
      }
    },
    [send],
  );

  const retry = useCallback(
    (key: string) => {
      const item = pending.find((candidate) => candidate.key === key);
      if (!item) return;
      const again = { ...item, status: 'uploading' as const, percent: 0, error: undefined };
      update(key, again);
      void send(again);
    },
    [pending, send, update],
  );

  const dismiss = useCallback((key: string) => {
    wanted.current.delete(key);
    setPending((current) => current.filter((item) => item.key !== key));
  }, []);

  const reset = useCallback(() => {
    wanted.current.clear();
    setPending([]);
  }, []);

  return { pending, choose, retry, dismiss, reset };
}

export const fieldOfTarget = (target: UploadTarget): DraftField => `uploads.${target}` as DraftField;

export interface SubmissionDocumentsProps {
  draft: EvaluationDraft;
  pending: readonly PendingUpload[];
  errors: Partial<Record<DraftField, string[]>>;
  fieldId: (field: DraftField) => string;
  onChoose: (target: UploadTarget, files: File[]) => void;
  onRetry: (key: string) => void;
  onDismiss: (key: string) => void;
  onRemove: (target: UploadTarget, uploadId: string) => void;
}

/** Step 3: the checklist of the documents the answers call for, and one upload area for each. */
export function SubmissionDocuments(props: SubmissionDocumentsProps) {
  const { t } = useTranslation();
  const checklist = documentChecklist(props.draft);
  return (
    <>
      <p>{t('submission.documents.instructions')}</p>
      <h3 className="h5" id="submission-checklist">
        {t('submission.documents.checklist')}
      </h3>
      <ul aria-labelledby="submission-checklist" className="mb-4">
        {checklist.map((item) => (
          <li key={item.slot}>
            <ChecklistLine item={item} pending={props.pending.filter((p) => p.target === item.slot)} adhesion={props.draft.adhesion} />
          </li>
        ))}
      </ul>
      {checklist.map((item) => (
        <UploadArea key={item.slot} item={item} {...props} />
      ))}
    </>
  );
}

function ChecklistLine({ item, pending, adhesion }: { item: ChecklistItem; pending: readonly PendingUpload[]; adhesion: string }) {
  const { t } = useTranslation();
  const name = t(`submission.documents.slot.${item.slot}`, { case: adhesion });
  const need = item.required ? t('submission.required') : t('submission.optional');
  const states = [
    ...item.uploaded.map((file) => t('submission.documents.state.uploaded', { name: file.filename, size: formatSize(file.sizeBytes) })),
    ...pending.map((p) =>
      p.status === 'failed'
        ? t('submission.documents.state.failed', { name: p.file.name })
        : t('submission.documents.state.uploading', { name: p.file.name }),
    ),
  ];
  const state =
    states.length > 0 ? states.join('; ') : item.required ? t('submission.documents.state.missing') : t('submission.documents.state.none');
  return (
    <>
      <strong>{name}</strong> ({need}): {state}
    </>
  );
}

function UploadArea({
  item,
  draft,
  pending,
  errors,
  fieldId,
  onChoose,
  onRetry,
  onDismiss,
  onRemove,
}: SubmissionDocumentsProps & { item: ChecklistItem }) {
  const { t } = useTranslation();
  const own = useId();
  const field = fieldOfTarget(item.slot);
  const inputId = fieldId(field);
  const mine = pending.filter((p) => p.target === item.slot);
  const fieldErrors = errors[field] ?? [];
  const name = t(`submission.documents.slot.${item.slot}`, { case: draft.adhesion });
  const many = item.slot === 'attachments';
  const hintId = `${own}-hint`;
  const errorId = `${own}-error`;
  const currentId = `${own}-current`;
  const describedBy = [hintId, !many ? currentId : '', fieldErrors.length > 0 ? errorId : ''].filter(Boolean).join(' ');
  const label = many
    ? t('submission.documents.addAttachments')
    : item.uploaded.length > 0
      ? t('submission.documents.replace', { slot: name })
      : t('submission.documents.choose', { slot: name });

  return (
    <section aria-labelledby={`${own}-title`} className="mb-4 border-top pt-3">
      <h3 className="h5" id={`${own}-title`}>
        {name} <span className="fw-normal">({item.required ? t('submission.required') : t('submission.optional')})</span>
      </h3>
      <p id={hintId} className="form-text">
        {t(`submission.documents.slotHint.${item.slot}`, { case: draft.adhesion })} {t('submission.documents.startsAtOnce')}
      </p>
      {many ? (
        item.uploaded.length > 0 && (
          <ul className="list-unstyled">
            {item.uploaded.map((file) => (
              <li key={file.uploadId} className="d-flex flex-wrap align-items-center gap-2 mb-1">
                <span>{t('submission.documents.current', { name: file.filename, size: formatSize(file.sizeBytes) })}</span>
                <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => onRemove(item.slot, file.uploadId)}>
                  {t('submission.documents.remove', { name: file.filename })}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : (
        <p id={currentId}>
          {item.uploaded[0]
            ? t('submission.documents.current', { name: item.uploaded[0].filename, size: formatSize(item.uploaded[0].sizeBytes) })
            : t('submission.documents.none')}
        </p>
      )}
      <label htmlFor={inputId} className="form-label fw-semibold d-block">
        {label}
      </label>
      <input
        id={inputId}
        type="file"
        className={`form-control${fieldErrors.length > 0 ? ' is-invalid' : ''}`}
        multiple={many}
        aria-describedby={describedBy}
        aria-invalid={fieldErrors.length > 0 || undefined}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Cleared so that choosing the same file again (after removing it) is a change too.
          event.target.value = '';
          if (files.length > 0) onChoose(item.slot, files);
        }}
      />
      {fieldErrors.length > 0 && (
        <div id={errorId} className="text-danger small mt-1" data-field-error={field}>
          {fieldErrors.join(' ')}
        </div>
      )}
      {mine.map((upload) => (
        <PendingLine key={upload.key} upload={upload} onRetry={onRetry} onDismiss={onDismiss} />
      ))}
    </section>
  );
}

function PendingLine({
  upload,
  onRetry,
  onDismiss,
}: {
  upload: PendingUpload;
  onRetry: (key: string) => void;
  onDismiss: (key: string) => void;
}) {
  const { t } = useTranslation();
  const progressId = `${upload.key}-progress`;
  if (upload.status === 'uploading') {
    return (
      <div className="mt-2" data-testid="upload-progress">
        <label htmlFor={progressId}>{t('submission.documents.progress', { name: upload.file.name, percent: upload.percent })}</label>
        <progress id={progressId} className="upload-progress d-block" max={100} value={upload.percent}>
          {upload.percent}%
        </progress>
      </div>
    );
  }
  return (
    <div className="alert alert-danger mt-2" role="alert">
      <p className="mb-2">{upload.error}</p>
      <div className="d-flex flex-wrap gap-2">
        <button type="button" className="btn btn-primary btn-sm" onClick={() => onRetry(upload.key)}>
          {t('submission.documents.retry', { name: upload.file.name })}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => onDismiss(upload.key)}>
          {t('submission.documents.dismiss', { name: upload.file.name })}
        </button>
      </div>
    </div>
  );
}
