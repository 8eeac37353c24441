import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { useLocation, useMatch, useNavigate } from 'react-router';
import { api, data } from '../api/client';
import { ApiProblem, problemMessage } from '../api/problem';
import { listOf, useMunicipalities } from '../api/queries';
import { useAnnounce } from '../components/announcer';
import { ErrorNotice } from '../components/error-notice';
import {
  ACT_TYPES,
  DELIBERATION_NUMBER,
  DESCRIPTION_MAX_LENGTH,
  type DraftField,
  type DraftStep,
  type EvaluationDraft,
  type EvaluationReceipt,
  FIELD_STEPS,
  STEPS,
  type UploadedFile,
  clearDraft,
  documentChecklist,
  emptyDraft,
  fieldOfParam,
  formatSize,
  loadDraft,
  missingDocuments,
  saveDraft,
  submissionOf,
} from '../components/evaluation-draft';
import { EvaluationReceiptView } from '../components/evaluation-receipt';
import { Loading } from '../components/loading';
import { MunicipalityPicker } from '../components/municipality-picker';
import { PageHeading } from '../components/page-heading';
import { SubmissionDocuments, type UploadTarget, fieldOfTarget, useSubmissionUploads } from '../components/submission-documents';
import { formatDate } from '../format/format';

export const WIZARD_PATH = '/comune/nuova-valutazione';
const RECEIPT_PATH = `${WIZARD_PATH}/ricevuta/:caseId`;

type Errors = Partial<Record<DraftField, string[]>>;

const FIELD_ORDER = Object.keys(FIELD_STEPS) as DraftField[];
const FIELD_LABELS: Record<DraftField, string> = {
  actType: 'submission.act.type',
  'deliberation.number': 'submission.act.number',
  'deliberation.date': 'submission.act.date',
  description: 'submission.act.description',
  declaresSupraMunicipalRelevance: 'submission.relevance.short',
  affectedMunicipalities: 'submission.municipalities.short',
  adhesionCase: 'submission.adhesion.short',
  'uploads.adoptedAct': 'submission.documents.slot.adoptedAct',
  'uploads.diffusionBalance': 'submission.documents.slot.diffusionBalance',
  'uploads.adhesionDeliberation': 'submission.documents.slot.adhesionDeliberation',
  'uploads.attachments': 'submission.documents.slot.attachments',
};

/** The element the wizard focuses for a field: radio groups by their first choice. */
export const fieldId = (field: DraftField): string => `evaluation-${field.replace(/\./g, '-')}`;

const isEmpty = (draft: EvaluationDraft): boolean => JSON.stringify(draft) === JSON.stringify(emptyDraft());

function firstInvalid(errors: Errors): DraftField | undefined {
  return FIELD_ORDER.find((field) => (errors[field]?.length ?? 0) > 0);
}

function receiptOf(state: unknown): EvaluationReceipt | undefined {
  const receipt = (state as { receipt?: EvaluationReceipt } | null)?.receipt;
  return receipt && typeof receipt.caseId === 'string' ? receipt : undefined;
}

/**
 * The municipality files a compatibility evaluation (role comune): the act, its relevance and
 * adhesion, the documents these answers call for, a review, then the receipt. The answers and
 * the ids of files already uploaded stay in this tab's sessionStorage (per user) until sent.
 */
export default function EvaluationWizardPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const location = useLocation();
  const receiptMatch = useMatch(RECEIPT_PATH);
  const subject = auth.user?.profile.sub ?? 'anonymous';
  const ownIstat = typeof auth.user?.profile.istat === 'string' ? auth.user.profile.istat : undefined;

  const [draft, setDraft] = useState<EvaluationDraft>(() => loadDraft(window.sessionStorage, subject) ?? emptyDraft());
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusTarget = useRef<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  const step = receiptMatch ? 5 : draft.step;
  const stepName = STEPS[step - 1];

  useEffect(() => {
    if (isEmpty(draft)) clearDraft(window.sessionStorage, subject);
    else saveDraft(window.sessionStorage, subject, draft);
  }, [draft, subject]);

  useEffect(() => {
    document.title = `${t('submission.stepOf', { current: step, total: STEPS.length })}: ${t(`submission.steps.${stepName}`)} — ${t('submission.title')} — ${t('app.title')}`;
  }, [step, stepName, t]);

  // Focus follows the step: its heading, or the first field to correct. Never on first load.
  useEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    const element = target === 'heading' ? headingRef.current : document.getElementById(target);
    element?.focus();
  }, [focusTick, step]);

  const requestFocus = useCallback((target: string) => {
    focusTarget.current = target;
    setFocusTick((tick) => tick + 1);
  }, []);

  const goTo = useCallback(
    (next: DraftStep, focus: string = 'heading') => {
      setFormError(null);
      setDraft((current) => ({ ...current, step: next }));
      requestFocus(focus);
    },
    [requestFocus],
  );

  const change = useCallback((patch: Partial<EvaluationDraft>, fields: DraftField[] = []) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (fields.length > 0) {
      setErrors((current) => {
        const next = { ...current };
        for (const field of fields) delete next[field];
        return next;
      });
    }
  }, []);

  const onUploaded = useCallback(
    (target: UploadTarget, file: UploadedFile) => {
      setDraft((current) => ({
        ...current,
        documents:
          target === 'attachments'
            ? { ...current.documents, attachments: [...current.documents.attachments, file] }
            : { ...current.documents, [target]: file },
      }));
      setErrors((current) => {
        const next = { ...current };
        delete next[fieldOfTarget(target)];
        return next;
      });
      announce(t('submission.documents.uploaded', { name: file.filename }));
    },
    [announce, t],
  );
  const uploads = useSubmissionUploads(onUploaded);

  const removeUpload = (target: UploadTarget, uploadId: string) => {
    setDraft((current) => {
      const documents = { ...current.documents };
      if (target === 'attachments') documents.attachments = documents.attachments.filter((file) => file.uploadId !== uploadId);
      else delete documents[target];
      return { ...current, documents };
    });
    requestFocus(fieldId(fieldOfTarget(target)));
  };

  /** What the current step lacks before the next one; the API checks the rest when the request is sent. */
  const validate = (current: DraftStep): Errors => {
    const found: Errors = {};
    const add = (field: DraftField, message: string) => (found[field] = [...(found[field] ?? []), message]);
    if (current === 1) {
      if (!draft.actType) add('actType', t('submission.errors.chooseActType'));
      if (!draft.deliberationNumber.trim()) add('deliberation.number', t('submission.errors.required'));
      else if (!DELIBERATION_NUMBER.test(draft.deliberationNumber.trim())) add('deliberation.number', t('submission.errors.numberPattern'));
      if (!draft.deliberationDate) add('deliberation.date', t('submission.errors.required'));
      if (!draft.description.trim()) add('description', t('submission.errors.required'));
    }
    if (current === 2 && !draft.relevance) add('declaresSupraMunicipalRelevance', t('submission.errors.answerRelevance'));
    if (current === 3) {
      for (const upload of uploads.pending) {
        add(
          fieldOfTarget(upload.target),
          upload.status === 'uploading'
            ? t('submission.errors.uploadRunning', { name: upload.file.name })
            : t('submission.errors.uploadFailed', { name: upload.file.name }),
        );
      }
      for (const slot of missingDocuments(draft)) {
        if (!found[fieldOfTarget(slot)])
          add(fieldOfTarget(slot), t('submission.documents.missing', { slot: t(`submission.documents.slot.${slot}`) }));
      }
    }
    return found;
  };

  const onNext = (event: FormEvent) => {
    event.preventDefault();
    if (step > 3) return;
    const found = validate(step as DraftStep);
    const first = firstInvalid(found);
    setErrors((current) => ({ ...current, ...found }));
    if (first) {
      requestFocus(fieldId(first));
      return;
    }
    goTo((step + 1) as DraftStep);
  };

  const onSend = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setFormError(null);
    try {
      const receipt = data(await api.POST('/compatibility-evaluations', { body: submissionOf(draft) }));
      clearDraft(window.sessionStorage, subject);
      uploads.reset();
      setErrors({});
      setDraft(emptyDraft());
      requestFocus('heading');
      navigate(`${WIZARD_PATH}/ricevuta/${encodeURIComponent(receipt.caseId)}`, { state: { receipt } });
    } catch (error) {
      if (error instanceof ApiProblem && error.invalidParams.length > 0) {
        const found: Errors = {};
        const unplaced: string[] = [];
        for (const param of error.invalidParams) {
          const field = fieldOfParam(param.name);
          if (field) found[field] = [...(found[field] ?? []), param.reason];
          else unplaced.push(`${param.name}: ${param.reason}`);
        }
        setErrors(found);
        const first = firstInvalid(found);
        if (first) {
          setDraft((current) => ({ ...current, step: FIELD_STEPS[first] }));
          requestFocus(fieldId(first));
        }
        if (unplaced.length > 0) setFormError(t('submission.errors.rejected', { detail: unplaced.join('; ') }));
      } else if (error instanceof ApiProblem && error.status === 409) {
        setFormError(t('submission.errors.conflict', { detail: problemMessage(error) }));
      } else {
        setFormError(t('submission.errors.failed', { detail: error instanceof TypeError ? t('problem.network') : problemMessage(error) }));
      }
    } finally {
      setSending(false);
    }
  };

  const startAnother = () => {
    setDraft(emptyDraft());
    setErrors({});
    requestFocus('heading');
    navigate(WIZARD_PATH);
  };

  return (
    <>
      <PageHeading title={t('submission.title')}>{t('submission.title')}</PageHeading>
      <p className="d-print-none">{t('submission.intro')}</p>
      <Stepper current={step} />
      <h2 ref={headingRef} tabIndex={-1} className="h3 mb-3 step-heading" id="evaluation-step-heading">
        <span className="d-block fs-6 fw-normal">{t('submission.stepOf', { current: step, total: STEPS.length })}</span>
        {t(`submission.steps.${stepName}`)}
      </h2>
      {step < 5 && <ErrorSummary errors={errors} onGo={(field) => goTo(FIELD_STEPS[field], fieldId(field))} />}
      {formError && (
        <div className="alert alert-danger" role="alert">
          <p className="mb-0">{formError}</p>
        </div>
      )}
      {step === 5 && receiptMatch?.params.caseId ? (
        <EvaluationReceiptView caseId={receiptMatch.params.caseId} receipt={receiptOf(location.state)} onAnother={startAnother} />
      ) : (
        <form noValidate onSubmit={step === 4 ? (event) => void onSend(event) : onNext} aria-labelledby="evaluation-step-heading">
          {step === 1 && <ActStep draft={draft} errors={errors} change={change} />}
          {step === 2 && <RelevanceStep draft={draft} errors={errors} change={change} ownIstat={ownIstat} />}
          {step === 3 && (
            <SubmissionDocuments
              draft={draft}
              pending={uploads.pending}
              errors={errors}
              fieldId={fieldId}
              onChoose={(target, files) => {
                setErrors((current) => {
                  const next = { ...current };
                  delete next[fieldOfTarget(target)];
                  return next;
                });
                uploads.choose(target, files);
              }}
              onRetry={uploads.retry}
              onDismiss={uploads.dismiss}
              onRemove={removeUpload}
            />
          )}
          {step === 4 && <ReviewStep draft={draft} ownIstat={ownIstat} onEdit={(target) => goTo(target)} />}
          <div className="d-flex flex-wrap gap-3 mt-4">
            {step > 1 && (
              <button type="button" className="btn btn-outline-primary" onClick={() => goTo((step - 1) as DraftStep)} disabled={sending}>
                {t('submission.back')}
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={sending}>
              {step === 4 ? (sending ? t('submission.review.sending') : t('submission.review.send')) : t('submission.next')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function Stepper({ current }: { current: number }) {
  const { t } = useTranslation();
  return (
    <div className="steppers mb-4 d-print-none">
      <div className="steppers-header">
        <ul aria-label={t('submission.stepsLabel')}>
          {STEPS.map((name, index) => {
            const number = index + 1;
            const state = number === current ? 'active' : number < current ? 'confirmed' : '';
            return (
              <li key={name} className={state} aria-current={number === current ? 'step' : undefined}>
                <span className="steppers-number">{number}</span>
                {t(`submission.steps.${name}`)}
                {state === 'confirmed' && <span aria-hidden="true">&nbsp;✓</span>}
                {state && (
                  <span className="visually-hidden"> ({state === 'active' ? t('submission.stepCurrent') : t('submission.stepDone')})</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

function ErrorSummary({ errors, onGo }: { errors: Errors; onGo: (field: DraftField) => void }) {
  const { t } = useTranslation();
  const fields = FIELD_ORDER.filter((field) => (errors[field]?.length ?? 0) > 0);
  if (fields.length === 0) return null;
  return (
    <div className="alert alert-danger" data-testid="error-summary">
      <p className="fw-semibold">{t('submission.errors.summary')}</p>
      <ul className="mb-0">
        {fields.map((field) => (
          <li key={field}>
            <button type="button" className="btn btn-link p-0 text-start" onClick={() => onGo(field)}>
              {t('submission.errors.item', {
                step: t('submission.stepOf', { current: FIELD_STEPS[field], total: STEPS.length }),
                field: t(FIELD_LABELS[field]),
                reason: (errors[field] ?? []).join(' '),
              })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldAria {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

/** A labelled field with its hint and its errors, both tied to the control by aria-describedby. */
function Field(props: {
  field: DraftField;
  label: string;
  hint?: string;
  errors: Errors;
  required?: boolean;
  children: (aria: FieldAria) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = fieldId(props.field);
  const messages = props.errors[props.field] ?? [];
  const describedBy = [props.hint ? `${id}-hint` : '', messages.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="form-label fw-semibold d-block">
        {props.label}
        {props.required && <span className="fw-normal"> ({t('submission.required')})</span>}
      </label>
      {props.children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': messages.length > 0 ? true : undefined,
        'aria-required': props.required ? true : undefined,
      })}
      {props.hint && (
        <small className="form-text d-block" id={`${id}-hint`}>
          {props.hint}
        </small>
      )}
      {messages.length > 0 && (
        <div className="text-danger small mt-1" id={`${id}-error`} data-field-error={props.field}>
          {messages.join(' ')}
        </div>
      )}
    </div>
  );
}

type Change = (patch: Partial<EvaluationDraft>, fields?: DraftField[]) => void;

function ActStep({ draft, errors, change }: { draft: EvaluationDraft; errors: Errors; change: Change }) {
  const { t } = useTranslation();
  const invalid = (field: DraftField) => ((errors[field]?.length ?? 0) > 0 ? ' is-invalid' : '');
  return (
    <>
      <Field field="actType" label={t('submission.act.type')} errors={errors} required>
        {(aria) => (
          <select
            className={`form-select${invalid('actType')}`}
            {...aria}
            value={draft.actType}
            onChange={(e) => change({ actType: e.target.value as EvaluationDraft['actType'] }, ['actType'])}
          >
            <option value="">{t('submission.act.choose')}</option>
            {ACT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`values.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="row">
        <div className="col-md-6">
          <Field
            field="deliberation.number"
            label={t('submission.act.number')}
            hint={t('submission.act.numberHint')}
            errors={errors}
            required
          >
            {(aria) => (
              <input
                type="text"
                className={`form-control${invalid('deliberation.number')}`}
                {...aria}
                value={draft.deliberationNumber}
                maxLength={20}
                autoComplete="off"
                onChange={(e) => change({ deliberationNumber: e.target.value }, ['deliberation.number'])}
              />
            )}
          </Field>
        </div>
        <div className="col-md-6">
          <Field field="deliberation.date" label={t('submission.act.date')} hint={t('submission.act.dateHint')} errors={errors} required>
            {(aria) => (
              <input
                type="date"
                className={`form-control${invalid('deliberation.date')}`}
                {...aria}
                value={draft.deliberationDate}
                onChange={(e) => change({ deliberationDate: e.target.value }, ['deliberation.date'])}
              />
            )}
          </Field>
        </div>
      </div>
      <Field
        field="description"
        label={t('submission.act.description')}
        hint={t('submission.act.descriptionHint', { max: DESCRIPTION_MAX_LENGTH })}
        errors={errors}
        required
      >
        {(aria) => (
          <textarea
            className={`form-control${invalid('description')}`}
            rows={4}
            maxLength={DESCRIPTION_MAX_LENGTH}
            {...aria}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value }, ['description'])}
          />
        )}
      </Field>
    </>
  );
}

/** A fieldset of radio buttons; the first one carries the field's id (what error links focus). */
function RadioGroup<V extends string>(props: {
  field: DraftField;
  name: string;
  legend: string;
  hint?: string;
  required?: boolean;
  errors: Errors;
  value: V | '';
  options: ReadonlyArray<{ value: V; label: string; description?: string }>;
  onChange: (value: V) => void;
}) {
  const { t } = useTranslation();
  const id = fieldId(props.field);
  const messages = props.errors[props.field] ?? [];
  return (
    <fieldset className="mb-4">
      <legend className="fs-6 fw-semibold mb-2 px-0">
        {props.legend}
        {props.required && <span className="fw-normal"> ({t('submission.required')})</span>}
      </legend>
      {props.hint && (
        <p className="form-text mt-0" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        const describedBy = [
          props.hint ? `${id}-hint` : '',
          option.description ? `${optionId}-description` : '',
          messages.length > 0 ? `${id}-error` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div className="form-check" key={option.value}>
            <input
              className="form-check-input"
              type="radio"
              name={props.name}
              id={optionId}
              value={option.value}
              checked={props.value === option.value}
              aria-describedby={describedBy || undefined}
              aria-invalid={messages.length > 0 || undefined}
              onChange={() => props.onChange(option.value)}
            />
            <label className="form-check-label" htmlFor={optionId}>
              {option.label}
            </label>
            {option.description && (
              <p className="form-text mt-0 mb-2 ms-5" id={`${optionId}-description`}>
                {option.description}
              </p>
            )}
          </div>
        );
      })}
      {messages.length > 0 && (
        <div className="text-danger small mt-1" id={`${id}-error`} data-field-error={props.field}>
          {messages.join(' ')}
        </div>
      )}
    </fieldset>
  );
}

function RelevanceStep({ draft, errors, change, ownIstat }: { draft: EvaluationDraft; errors: Errors; change: Change; ownIstat?: string }) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  // The API drops the filing municipality from its own list: it is not offered.
  const others = useMemo(
    () => (listOf(municipalities.data) ?? []).filter((m) => m.istatCode !== ownIstat),
    [municipalities.data, ownIstat],
  );
  const messages = errors.affectedMunicipalities ?? [];
  const pickerId = fieldId('affectedMunicipalities');
  return (
    <>
      <RadioGroup
        field="declaresSupraMunicipalRelevance"
        name="relevance"
        legend={t('submission.relevance.legend')}
        hint={t('submission.relevance.hint')}
        required
        errors={errors}
        value={draft.relevance}
        options={[
          { value: 'yes', label: t('submission.relevance.yes') },
          { value: 'no', label: t('submission.relevance.no') },
        ]}
        onChange={(relevance) => change({ relevance }, ['declaresSupraMunicipalRelevance', 'affectedMunicipalities'])}
      />
      {draft.relevance === 'yes' && (
        <fieldset className="mb-4">
          <legend className="fs-6 fw-semibold mb-2 px-0">
            {t('submission.municipalities.legend')} <span className="fw-normal">({t('submission.optional')})</span>
          </legend>
          <p className="form-text mt-0" id={`${pickerId}-hint`}>
            {t('submission.municipalities.hint')}
          </p>
          {municipalities.isPending && <Loading />}
          {municipalities.isError && <ErrorNotice error={municipalities.error} onRetry={() => void municipalities.refetch()} />}
          {municipalities.isSuccess && (
            <MunicipalityPicker
              id={pickerId}
              municipalities={others}
              selected={draft.affectedMunicipalities}
              onChange={(affectedMunicipalities) => change({ affectedMunicipalities }, ['affectedMunicipalities'])}
              describedBy={[`${pickerId}-hint`, messages.length > 0 ? `${pickerId}-error` : ''].filter(Boolean).join(' ')}
              invalid={messages.length > 0}
            />
          )}
          {messages.length > 0 && (
            <div className="text-danger small mt-1" id={`${pickerId}-error`} data-field-error="affectedMunicipalities">
              {messages.join(' ')}
            </div>
          )}
        </fieldset>
      )}
      <RadioGroup
        field="adhesionCase"
        name="adhesion"
        legend={t('submission.adhesion.legend')}
        errors={errors}
        value={draft.adhesion}
        options={(['none', 'a', 'b'] as const).map((value) => ({
          value,
          label: t(`submission.adhesion.${value}`),
          description: t(`submission.adhesion.${value}Description`),
        }))}
        onChange={(adhesion) => change({ adhesion }, ['adhesionCase', 'uploads.adhesionDeliberation'])}
      />
    </>
  );
}

function ReviewStep({ draft, ownIstat, onEdit }: { draft: EvaluationDraft; ownIstat?: string; onEdit: (step: DraftStep) => void }) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const names = new Map((listOf(municipalities.data) ?? []).map((m) => [m.istatCode, m.name]));
  const affected = draft.affectedMunicipalities.filter((code) => code !== ownIstat);
  return (
    <>
      <p>{t('submission.review.intro')}</p>
      <ReviewSection step={1} onEdit={onEdit}>
        <ReviewItem term={t('submission.act.type')}>{draft.actType ? t(`values.${draft.actType}`) : '—'}</ReviewItem>
        <ReviewItem term={t('submission.act.number')}>{draft.deliberationNumber.trim() || '—'}</ReviewItem>
        <ReviewItem term={t('submission.act.date')}>{formatDate(draft.deliberationDate)}</ReviewItem>
        <ReviewItem term={t('submission.act.description')}>
          <span className="text-break" style={{ whiteSpace: 'pre-wrap' }}>
            {draft.description.trim() || '—'}
          </span>
        </ReviewItem>
      </ReviewSection>
      <ReviewSection step={2} onEdit={onEdit}>
        <ReviewItem term={t('submission.relevance.short')}>
          {draft.relevance === 'yes' ? t('actions.yes') : draft.relevance === 'no' ? t('actions.no') : '—'}
        </ReviewItem>
        {draft.relevance === 'yes' && (
          <ReviewItem term={t('submission.municipalities.short')}>
            {affected.length === 0
              ? t('submission.review.none')
              : affected.map((code) => t('submission.municipalities.option', { name: names.get(code) ?? code, istat: code })).join(', ')}
          </ReviewItem>
        )}
        <ReviewItem term={t('submission.adhesion.short')}>
          {t(`submission.adhesion.${draft.adhesion}`)} — {t(`submission.adhesion.${draft.adhesion}Description`)}
        </ReviewItem>
      </ReviewSection>
      <ReviewSection step={3} onEdit={onEdit}>
        {documentChecklist(draft).map((item) => (
          <ReviewItem key={item.slot} term={t(`submission.documents.slot.${item.slot}`)}>
            {item.uploaded.length === 0 ? (
              item.required ? (
                t('submission.documents.state.missing')
              ) : (
                t('submission.review.none')
              )
            ) : (
              <ul className="list-unstyled mb-0">
                {item.uploaded.map((file) => (
                  <li key={file.uploadId}>
                    {file.filename} ({formatSize(file.sizeBytes)})
                  </li>
                ))}
              </ul>
            )}
          </ReviewItem>
        ))}
      </ReviewSection>
    </>
  );
}

function ReviewSection({ step, onEdit, children }: { step: DraftStep; onEdit: (step: DraftStep) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const title = t(`submission.steps.${STEPS[step - 1]}`);
  return (
    <section className="mb-4 border-bottom pb-3" aria-labelledby={`review-${step}`}>
      <h3 className="h5" id={`review-${step}`}>
        {title}
      </h3>
      <dl className="row mb-2">{children}</dl>
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => onEdit(step)}>
        {t('submission.review.edit', { section: title })}
      </button>
    </section>
  );
}

function ReviewItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="col-sm-4">{term}</dt>
      <dd className="col-sm-8">{children}</dd>
    </>
  );
}
