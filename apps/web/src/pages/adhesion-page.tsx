import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { ApiProblem, type InvalidParam, problemMessage } from '../api/problem';
import type { components } from '../api/schema';
import { useAnnounce } from '../components/announcer';
import { UploadProgress, uploadWithProgress } from '../components/document-upload';
import { PageHeading } from '../components/page-heading';
import { ReceiptDownload } from '../components/receipt-download';
import { formatDateTime } from '../format/format';

type Receipt = components['schemas']['AdhesionReceiptDto'];
type AdhesionCase = components['schemas']['SubmitAdhesionDto']['adhesionCase'];

const CASES: AdhesionCase[] = ['a', 'b', 'c', 'd'];
const STTM: (1 | 2 | 3)[] = [1, 2, 3];
// What adhering opens to a municipality (NdA PTM art. 11, 14; Relazione generale §4.5), said before it files.
const ADVANTAGES = ['annualCall', 'soilExchange', 'financing', 'partnership'] as const;

/**
 * Adhesion to the STTM and to the Fund (Relazione generale §4.5, cases a–d): the deliberation,
 * the STTM, the case and the Fund, with what each case is and what adhering opens shown before
 * sending. The API validates everything; its problems are shown next to their fields.
 */
export default function AdhesionPage() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [chosenCase, setChosenCase] = useState<AdhesionCase | ''>('');
  const [percent, setPercent] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const local: Record<string, string> = {};
    const file = fileRef.current?.files?.[0];
    if (!file) local['uploads.deliberation'] = t('actions.required');
    if (!form.get('adhesionCase')) local.adhesionCase = t('actions.required');
    if (form.getAll('sttm').length === 0) local.sttm = t('actions.required');
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0 || !file) {
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    try {
      const upload = new FormData();
      upload.append('kind', 'adhesion-deliberation');
      upload.append('title', t('adhesion.deliberationTitle', { number: String(form.get('number') ?? '') }));
      upload.append('file', file);
      setPercent(0);
      const stored = (await uploadWithProgress('/uploads', upload, setPercent)) as { uploadId: string };
      setPercent(null);
      const body = {
        deliberation: { number: String(form.get('number') ?? '').trim(), date: String(form.get('date') ?? '') },
        sttm: form.getAll('sttm').map(Number) as (1 | 2 | 3)[],
        adhesionCase: String(form.get('adhesionCase')) as AdhesionCase,
        fund: form.get('fund') === 'on',
        uploads: { deliberation: stored.uploadId },
      };
      const answer = data(await api.POST('/adhesions', { body }));
      setReceipt(answer);
      announce(t('adhesion.sent', { reference: answer.reference }));
    } catch (error) {
      setPercent(null);
      if (error instanceof ApiProblem && error.invalidParams.length > 0) {
        const placed: Record<string, string> = {};
        for (const param of error.invalidParams as InvalidParam[]) placed[fieldOf(param.name)] = param.reason;
        setErrors(placed);
        document.getElementById(`${id}-${Object.keys(placed)[0]}`)?.focus();
      }
      setFailure(t('actions.failed', { detail: problemMessage(error) }));
    }
  };

  if (receipt) {
    return (
      <>
        <PageHeading>{t('adhesion.receiptTitle')}</PageHeading>
        <p className="lead">{receipt.created ? t('adhesion.receiptIntro') : t('adhesion.duplicate')}</p>
        <dl className="row">
          <dt className="col-sm-3">{t('deadlines.reference')}</dt>
          <dd className="col-sm-9" data-testid="adhesion-reference">
            {receipt.reference}
          </dd>
          <dt className="col-sm-3">{t('case.protocols')}</dt>
          <dd className="col-sm-9">{receipt.protocolNumber}</dd>
          <dt className="col-sm-3">{t('adhesion.receivedAt')}</dt>
          <dd className="col-sm-9">{formatDateTime(receipt.receivedAt)}</dd>
        </dl>
        <ReceiptDownload caseId={receipt.caseId} />
        <Link className="btn btn-primary" to={`/pratiche/${receipt.caseId}`}>
          {t('adhesion.openCase', { reference: receipt.reference })}
        </Link>
      </>
    );
  }

  const describedBy = (field: string, hint?: boolean) =>
    [hint ? `${id}-${field}-hint` : '', errors[field] ? `${id}-${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const error = (field: string) =>
    errors[field] ? (
      <div className="text-danger small mt-1" id={`${id}-${field}-error`}>
        {errors[field]}
      </div>
    ) : null;

  return (
    <>
      <PageHeading>{t('adhesion.title')}</PageHeading>
      <p className="lead">{t('adhesion.intro')}</p>
      <section aria-labelledby={`${id}-advantages`} className="callout mb-4 p-3 border rounded">
        <h2 className="h5" id={`${id}-advantages`}>
          {t('adhesion.advantagesTitle')}
        </h2>
        <ul>
          {ADVANTAGES.map((advantage) => (
            <li key={advantage}>{t(`adhesion.advantages.${advantage}`)}</li>
          ))}
        </ul>
        <p className="small mb-0">{t('adhesion.advantagesSource')}</p>
      </section>
      {failure && (
        <div className="alert alert-danger" role="alert">
          {failure}
        </div>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label={t('adhesion.title')}>
        <div className="row g-3 mb-3">
          <div className="col-md-4">
            <label htmlFor={`${id}-deliberation.number`} className="form-label fw-semibold">
              {t('adhesion.number')} <span aria-hidden="true">*</span>
            </label>
            <input
              id={`${id}-deliberation.number`}
              name="number"
              className="form-control"
              required
              aria-required
              aria-invalid={errors['deliberation.number'] ? true : undefined}
              aria-describedby={describedBy('deliberation.number')}
            />
            {error('deliberation.number')}
          </div>
          <div className="col-md-4">
            <label htmlFor={`${id}-deliberation.date`} className="form-label fw-semibold">
              {t('adhesion.date')} <span aria-hidden="true">*</span>
            </label>
            <input
              id={`${id}-deliberation.date`}
              name="date"
              type="date"
              className="form-control"
              required
              aria-required
              aria-invalid={errors['deliberation.date'] ? true : undefined}
              aria-describedby={describedBy('deliberation.date')}
            />
            {error('deliberation.date')}
          </div>
        </div>
        <fieldset className="mb-3" aria-describedby={describedBy('sttm')}>
          <legend className="form-label fw-semibold fs-6">
            {t('adhesion.sttm')} <span aria-hidden="true">*</span>
          </legend>
          {STTM.map((number, index) => (
            <div className="form-check" key={number}>
              <input
                className="form-check-input"
                type="checkbox"
                name="sttm"
                value={number}
                id={index === 0 ? `${id}-sttm` : `${id}-sttm-${number}`}
                aria-invalid={errors.sttm ? true : undefined}
              />
              <label className="form-check-label" htmlFor={index === 0 ? `${id}-sttm` : `${id}-sttm-${number}`}>
                {t(`values.${number}`)}
              </label>
            </div>
          ))}
          {error('sttm')}
        </fieldset>
        <fieldset className="mb-3" aria-describedby={describedBy('adhesionCase')}>
          <legend className="form-label fw-semibold fs-6">
            {t('adhesion.case')} <span aria-hidden="true">*</span>
          </legend>
          {CASES.map((value, index) => (
            <div className="form-check" key={value}>
              <input
                className="form-check-input"
                type="radio"
                name="adhesionCase"
                value={value}
                id={index === 0 ? `${id}-adhesionCase` : `${id}-adhesionCase-${value}`}
                checked={chosenCase === value}
                onChange={() => setChosenCase(value)}
                aria-invalid={errors.adhesionCase ? true : undefined}
              />
              <label className="form-check-label" htmlFor={index === 0 ? `${id}-adhesionCase` : `${id}-adhesionCase-${value}`}>
                {t(`values.${value}`)}: {t(`adhesion.cases.${value}`)}
              </label>
            </div>
          ))}
          {error('adhesionCase')}
          {/* What the chosen case sets in motion, read before sending (polite: it follows the choice). */}
          <p className="small mt-2 mb-0" id={`${id}-adhesionCase-effect`} aria-live="polite" data-testid="adhesion-case-effect">
            {chosenCase ? t(`adhesion.caseEffects.${chosenCase}`) : ''}
          </p>
        </fieldset>
        <div className="form-check mb-3">
          <input className="form-check-input" type="checkbox" name="fund" id={`${id}-fund`} defaultChecked />
          <label className="form-check-label" htmlFor={`${id}-fund`}>
            {t('fields.fund')}
          </label>
        </div>
        <div className="mb-3">
          <label htmlFor={`${id}-uploads.deliberation`} className="form-label fw-semibold">
            {t('adhesion.file')} <span aria-hidden="true">*</span>
          </label>
          <input
            ref={fileRef}
            id={`${id}-uploads.deliberation`}
            type="file"
            className="form-control"
            required
            aria-required
            aria-invalid={errors['uploads.deliberation'] ? true : undefined}
            aria-describedby={describedBy('uploads.deliberation', true)}
          />
          <small className="form-text d-block" id={`${id}-uploads.deliberation-hint`}>
            {t('adhesion.fileHint')}
          </small>
          {error('uploads.deliberation')}
        </div>
        {percent !== null && <UploadProgress id={`${id}-progress`} percent={percent} className="mb-3" />}
        <button type="submit" className="btn btn-primary" disabled={percent !== null}>
          {t('adhesion.submit')}
        </button>
      </form>
    </>
  );
}

/** The form's name for a problem's field: `deliberation.number`, `sttm[0]` → `sttm`, `uploads.deliberation`. */
function fieldOf(name: string): string {
  const plain = name
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+$/, '')
    .replace(/^body\./, '');
  return plain;
}
