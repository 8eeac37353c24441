import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { ApiProblem, problemMessage } from '../api/problem';
import type { components } from '../api/schema';
import { euroInputOf, parseEuroCents } from '../format/euro-input';
import { UploadProgress, uploadWithProgress } from './document-upload';

type Proposal = components['schemas']['ProposalViewDto'];
type Fields = components['schemas']['AmendProposalDto'];
type Kind = Fields['kind'];
export type ProposalAnswer =
  | { kind: 'submitted'; receipt: components['schemas']['ProposalReceiptDto'] }
  | { kind: 'corrected'; call: components['schemas']['CallViewDto'] };

const KINDS: Kind[] = ['intervention', 'building-regeneration'];
const STTM = [1, 2, 3] as const;
// The uploads' kind for POST /uploads: the API files them on the call as the proposal's documents.
const UPLOAD_KIND = 'proposal';
const TEXT_FIELDS = ['title', 'description', 'location'] as const;
const AMOUNT_FIELDS = ['costCents', 'cofinancingCents'] as const;
const FIELDS: readonly string[] = ['kind', ...TEXT_FIELDS, ...AMOUNT_FIELDS, 'sttm', 'uploadIds'];
// A refusal of the procedure's rules says its field first ("costCents: ..."), without invalid-params.
const FIELD_FIRST = /^([A-Za-z]+)(?:\.\d+)?: (.+)$/;

/** Each problem of the API under the field it names (`uploadIds.0` → `uploadIds`); what names no field is left to the page. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const placed: Record<string, string> = {};
  for (const param of error.invalidParams) {
    const field = param.name.replace(/^body\./, '').replace(/[.[].*$/, '');
    if (FIELDS.includes(field)) placed[field] ??= param.reason;
  }
  const named = FIELD_FIRST.exec(error.detail ?? '');
  if (Object.keys(placed).length === 0 && named && FIELDS.includes(named[1])) placed[named[1]] = named[2];
  return placed;
}

/**
 * A proposal to the annual call, new (POST /annual-calls/proposals) or the correction of one
 * (PUT /annual-calls/{caseId}/proposals/{proposalId}): amounts typed in euro and sent in cents,
 * documents uploaded first (POST /uploads), every problem shown next to its field.
 */
export function ProposalForm({
  year,
  caseId,
  proposal,
  onDone,
  onCancel,
}: {
  year: number;
  caseId: string;
  proposal?: Proposal;
  onDone: (answer: ProposalAnswer) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const filesRef = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const fieldId = (field: string) => `${id}-${field}`;

  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    const first = FIELDS.find((field) => found[field]);
    if (first) document.getElementById(fieldId(first))?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const local: Record<string, string> = {};
    for (const field of ['kind', ...TEXT_FIELDS, ...AMOUNT_FIELDS]) if (!text(field)) local[field] = t('actions.required');
    const cents = Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, parseEuroCents(text(field))]));
    for (const field of AMOUNT_FIELDS) if (text(field) && cents[field] === null) local[field] = t('annualCall.notEuro');
    const sttm = form.getAll('sttm').map(Number);
    if (sttm.length === 0) local.sttm = t('actions.required');
    const files = [...(filesRef.current?.files ?? [])];
    if (!proposal && files.length === 0) local.uploadIds = t('actions.required');
    setFailure(null);
    if (Object.keys(local).length > 0) {
      showErrors(local);
      return;
    }
    setErrors({});
    try {
      const uploadIds: string[] = [];
      for (const file of files) {
        const upload = new FormData();
        upload.append('kind', UPLOAD_KIND);
        upload.append('title', file.name.replace(/\.[^.]+$/, ''));
        upload.append('file', file, file.name);
        setPercent(0);
        uploadIds.push(((await uploadWithProgress('/uploads', upload, setPercent)) as { uploadId: string }).uploadId);
      }
      setPercent(null);
      const body: Fields = {
        kind: text('kind') as Kind,
        title: text('title'),
        description: text('description'),
        location: text('location'),
        costCents: cents.costCents as number,
        cofinancingCents: cents.cofinancingCents as number,
        sttm,
        uploadIds,
      };
      if (proposal) {
        const call = data(
          await api.PUT('/annual-calls/{caseId}/proposals/{proposalId}', { params: { path: { caseId, proposalId: proposal.id } }, body }),
        );
        onDone({ kind: 'corrected', call });
      } else {
        onDone({ kind: 'submitted', receipt: data(await api.POST('/annual-calls/proposals', { body: { ...body, year } })) });
      }
    } catch (error) {
      setPercent(null);
      showErrors(fieldErrorsOf(error));
      setFailure(t('actions.failed', { detail: problemMessage(error) }));
    }
  };

  const describedBy = (field: string, hint = false) =>
    [hint ? `${fieldId(field)}-hint` : '', errors[field] ? `${fieldId(field)}-error` : ''].filter(Boolean).join(' ') || undefined;
  const invalid = (field: string) => (errors[field] ? true : undefined);
  const error = (field: string) =>
    errors[field] ? (
      <div className="text-danger small mt-1" id={`${fieldId(field)}-error`}>
        {errors[field]}
      </div>
    ) : null;
  const required = <span aria-hidden="true">*</span>;
  const heading = proposal ? t('annualCall.correctTitle', { id: proposal.id }) : t('annualCall.newProposal');

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={`${id}-heading`} className="border rounded p-3 mb-4">
      <h3 className="h4" id={`${id}-heading`}>
        {heading}
      </h3>
      {proposal && <p>{t('annualCall.correctIntro')}</p>}
      <p className="small">{t('annualCall.formIntro')}</p>
      {failure && (
        <div className="alert alert-danger" role="alert">
          {failure}
        </div>
      )}
      <fieldset className="mb-3" aria-describedby={describedBy('kind')}>
        <legend className="form-label fw-semibold fs-6">
          {t('annualCall.kind')} {required}
        </legend>
        {KINDS.map((kind, index) => (
          <div className="form-check" key={kind}>
            <input
              className="form-check-input"
              type="radio"
              name="kind"
              value={kind}
              id={index === 0 ? fieldId('kind') : `${fieldId('kind')}-${kind}`}
              defaultChecked={proposal?.kind === kind}
              aria-invalid={invalid('kind')}
            />
            <label className="form-check-label" htmlFor={index === 0 ? fieldId('kind') : `${fieldId('kind')}-${kind}`}>
              {t(`values.${kind}`)}
            </label>
          </div>
        ))}
        {error('kind')}
      </fieldset>
      <div className="mb-3">
        <label htmlFor={fieldId('title')} className="form-label fw-semibold">
          {t('annualCall.proposalTitle')} {required}
        </label>
        <input
          id={fieldId('title')}
          name="title"
          className="form-control"
          maxLength={300}
          defaultValue={proposal?.title}
          aria-required
          aria-invalid={invalid('title')}
          aria-describedby={describedBy('title')}
        />
        {error('title')}
      </div>
      <div className="mb-3">
        <label htmlFor={fieldId('description')} className="form-label fw-semibold">
          {t('annualCall.description')} {required}
        </label>
        <textarea
          id={fieldId('description')}
          name="description"
          className="form-control"
          rows={4}
          maxLength={20000}
          defaultValue={proposal?.description}
          aria-required
          aria-invalid={invalid('description')}
          aria-describedby={describedBy('description')}
        />
        {error('description')}
      </div>
      <div className="row g-3 mb-3">
        {AMOUNT_FIELDS.map((field) => (
          <div className="col-md-6" key={field}>
            <label htmlFor={fieldId(field)} className="form-label fw-semibold">
              {t(field === 'costCents' ? 'annualCall.costEuro' : 'annualCall.cofinancingEuro')} {required}
            </label>
            <input
              id={fieldId(field)}
              name={field}
              inputMode="decimal"
              autoComplete="off"
              className="form-control"
              defaultValue={proposal ? euroInputOf(proposal[field]) : undefined}
              aria-required
              aria-invalid={invalid(field)}
              aria-describedby={describedBy(field, true)}
            />
            <small className="form-text d-block" id={`${fieldId(field)}-hint`}>
              {t('annualCall.euroHint')}
            </small>
            {error(field)}
          </div>
        ))}
      </div>
      <div className="mb-3">
        <label htmlFor={fieldId('location')} className="form-label fw-semibold">
          {t('annualCall.location')} {required}
        </label>
        <input
          id={fieldId('location')}
          name="location"
          className="form-control"
          maxLength={1000}
          defaultValue={proposal?.location}
          aria-required
          aria-invalid={invalid('location')}
          aria-describedby={describedBy('location', true)}
        />
        <small className="form-text d-block" id={`${fieldId('location')}-hint`}>
          {t('annualCall.locationHint')}
        </small>
        {error('location')}
      </div>
      <fieldset className="mb-3" aria-describedby={describedBy('sttm')}>
        <legend className="form-label fw-semibold fs-6">
          {t('annualCall.sttm')} {required}
        </legend>
        {STTM.map((number, index) => (
          <div className="form-check" key={number}>
            <input
              className="form-check-input"
              type="checkbox"
              name="sttm"
              value={number}
              id={index === 0 ? fieldId('sttm') : `${fieldId('sttm')}-${number}`}
              defaultChecked={proposal?.sttm.includes(number)}
              aria-invalid={invalid('sttm')}
            />
            <label className="form-check-label" htmlFor={index === 0 ? fieldId('sttm') : `${fieldId('sttm')}-${number}`}>
              {t(`values.${number}`)}
            </label>
          </div>
        ))}
        {error('sttm')}
      </fieldset>
      <div className="mb-3">
        <label htmlFor={fieldId('uploadIds')} className="form-label fw-semibold">
          {proposal ? t('annualCall.filesMore') : t('annualCall.files')} {!proposal && required}
        </label>
        <input
          ref={filesRef}
          id={fieldId('uploadIds')}
          type="file"
          multiple
          className="form-control"
          aria-required={!proposal}
          aria-invalid={invalid('uploadIds')}
          aria-describedby={describedBy('uploadIds', true)}
        />
        <small className="form-text d-block" id={`${fieldId('uploadIds')}-hint`}>
          {t('annualCall.filesHint')}
        </small>
        {error('uploadIds')}
      </div>
      {percent !== null && <UploadProgress id={`${id}-progress`} percent={percent} className="mb-3" />}
      <button type="submit" className="btn btn-primary me-2" disabled={percent !== null}>
        {proposal ? t('annualCall.submitCorrection') : t('annualCall.submit')}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          {t('annualCall.cancel')}
        </button>
      )}
    </form>
  );
}
