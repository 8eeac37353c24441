import { useId, useState } from 'react';
import { type FieldValues, get, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type InvalidParam, problemMessage } from '../api/problem';
import { formatDate } from '../format/format';

type Text = string | { it: string; en?: string | null };

/** One input of an action, as `GET /cases/:caseId/actions` describes it. */
export interface ActionFieldView {
  name: string;
  label: Text;
  type: string;
  required?: boolean | null;
  description?: Text | null;
  options?: ReadonlyArray<{ value: string; label: Text }> | null;
  /** The dates the API allows (e.g. an STTM step's window), shown before the user picks one. */
  allowedFrom?: string | null;
  allowedTo?: string | null;
  min?: number | null;
  max?: number | null;
  /** For `list` fields (one item per line): the type of each item. */
  itemType?: string;
}

export interface ActionView {
  id: string;
  label: Text;
  description?: Text | null;
  fields: readonly ActionFieldView[];
}

export interface ActionFormProps {
  action: ActionView;
  /** The case's documents, offered for fields that cite one (e.g. the signed act of an opinion). */
  documents?: ReadonlyArray<{ id: string; label: string }>;
  /** Sends the values; rejects with an ApiProblem when the API refuses them. */
  submit: (values: Record<string, unknown>) => Promise<unknown>;
  /** Values the action already fixes (its target), sent as they are. */
  fixed?: Record<string, unknown>;
  onDone?: (label: string) => void;
}

export function textOf(text: Text | null | undefined, language: string): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return (language === 'en' && text.en) || text.it;
}

/** `body.plan.date`, `plan.date` or `date` all name the field `date` of the form, when it has one. */
export function fieldOfParam(param: InvalidParam, fields: readonly ActionFieldView[]): string | undefined {
  const names = new Set(fields.map((field) => field.name));
  const segments = param.name
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment));
  for (let start = 0; start < segments.length; start += 1) {
    const candidate = segments.slice(start).join('.');
    if (names.has(candidate)) return candidate;
  }
  return undefined;
}

class JsonFieldError extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

const NUMERIC = new Set(['number', 'integer', 'amount']);

/** Puts a value at a dotted name: `act.date` → { act: { date } }. */
function place(payload: Record<string, unknown>, name: string, value: unknown): void {
  const path = name.split('.');
  let node = payload;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** The form's values as the API wants them: numbers as numbers, lists as arrays, nested names as objects, empty optional fields left out. */
export function payloadOf(
  values: FieldValues,
  fields: readonly ActionFieldView[],
  fixed: Record<string, unknown> = {},
): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...fixed };
  for (const field of fields) {
    // react-hook-form keeps a dotted name (delegate.name) as a nested object, as the API wants it.
    const value: unknown = get(values, field.name);
    if (field.type === 'boolean') place(payload, field.name, Boolean(value));
    // Checkboxes sharing a name: an array when several exist, a lone value or false otherwise.
    else if (field.type === 'documents')
      place(payload, field.name, (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).filter(Boolean));
    else if (value === '' || value === undefined || value === null) continue;
    else if (NUMERIC.has(field.type)) place(payload, field.name, Number(value));
    else if (field.type === 'list') {
      const items = String(value)
        .split('\n')
        .map((item) => item.trim())
        .filter(Boolean);
      place(payload, field.name, NUMERIC.has(field.itemType ?? '') ? items.map(Number) : items);
    } else if (field.type === 'json') {
      try {
        place(payload, field.name, JSON.parse(String(value)));
      } catch {
        throw new JsonFieldError(field.name);
      }
    } else place(payload, field.name, value);
  }
  return payload;
}

/**
 * A generic form for one action the signed-in user may take now. What the action needs comes
 * from the API; whether the values are acceptable is the API's decision too: its problem+json
 * `invalid-params` are shown next to the fields they name, in the language of the request.
 */
export function ActionForm({ action, submit, onDone, documents = [], fixed }: ActionFormProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const formId = useId();
  const [formError, setFormError] = useState<{ message: string; params: InvalidParam[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<FieldValues>({ mode: 'onSubmit' });
  const label = textOf(action.label, language);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    let payload: Record<string, unknown>;
    try {
      payload = payloadOf(values, action.fields, fixed);
    } catch (error) {
      if (error instanceof JsonFieldError)
        setError(error.field, { type: 'client', message: t('actions.jsonInvalid') }, { shouldFocus: true });
      return;
    }
    try {
      await submit(payload);
      reset();
      onDone?.(label);
    } catch (error) {
      if (error instanceof ApiProblem && error.invalidParams.length > 0) {
        const unplaced: InvalidParam[] = [];
        let first = true;
        for (const param of error.invalidParams) {
          const field = fieldOfParam(param, action.fields);
          if (field) {
            setError(field, { type: 'server', message: param.reason }, { shouldFocus: first });
            first = false;
          } else unplaced.push(param);
        }
        setFormError({ message: unplaced.length > 0 ? (error.detail ?? error.title) : t('actions.fixErrors'), params: unplaced });
      } else {
        setFormError({ message: t('actions.failed', { detail: problemMessage(error) }), params: [] });
      }
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={`${formId}-title`} className="mb-4">
      <h3 className="h5" id={`${formId}-title`}>
        {label}
      </h3>
      {action.description && <p>{textOf(action.description, language)}</p>}
      {formError && (
        <div className="alert alert-danger" role="alert">
          <p className="mb-0">{formError.message}</p>
          {formError.params.length > 0 && (
            <ul className="mb-0">
              {formError.params.map((param) => (
                <li key={`${param.name}-${param.rule}`}>
                  {param.name}: {param.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {action.fields.map((field) => {
        const id = `${formId}-${field.name}`;
        const error = (get(errors, field.name) as { message?: string } | undefined)?.message;
        const hintId = `${id}-hint`;
        const errorId = `${id}-error`;
        const window = dateWindow(field, t);
        const hint = [textOf(field.description, language), window].filter(Boolean).join(' — ');
        const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          'aria-required': field.required ? true : undefined,
          ...register(field.name, { required: field.required && field.type !== 'boolean' ? t('actions.required') : false }),
        };
        const fieldLabel = (
          <>
            {textOf(field.label, language)}
            {field.required && field.type !== 'boolean' && <span aria-hidden="true"> *</span>}
          </>
        );
        if (field.type === 'documents') {
          return (
            <fieldset className="mb-4" key={field.name} id={id} aria-describedby={describedBy}>
              <legend className="form-label fw-semibold fs-6">{fieldLabel}</legend>
              {documents.length === 0 && <p className="mb-1">{t('actions.noDocuments')}</p>}
              {documents.map((document) => (
                <div className="form-check" key={document.id}>
                  <input
                    type="checkbox"
                    className="form-check-input"
                    id={`${id}-${document.id}`}
                    value={document.id}
                    aria-invalid={error ? true : undefined}
                    {...register(field.name, { required: field.required ? t('actions.required') : false })}
                  />
                  <label className="form-check-label" htmlFor={`${id}-${document.id}`}>
                    {document.label}
                  </label>
                </div>
              ))}
              {hint && (
                <small className="form-text d-block" id={hintId}>
                  {hint}
                </small>
              )}
              {error && (
                <div className="text-danger small mt-1" id={errorId} data-field-error={field.name}>
                  {String(error)}
                </div>
              )}
            </fieldset>
          );
        }
        return (
          <div className="mb-4" key={field.name}>
            {field.type === 'boolean' ? (
              <div className="form-check">
                <input type="checkbox" className="form-check-input" {...common} />
                <label className="form-check-label" htmlFor={id}>
                  {fieldLabel}
                </label>
              </div>
            ) : (
              <>
                <label className="form-label d-block fw-semibold" htmlFor={id}>
                  {fieldLabel}
                </label>
                {field.type === 'document' ? (
                  <select className={`form-select${error ? ' is-invalid' : ''}`} {...common}>
                    <option value="">{t('actions.choose')}</option>
                    {documents.map((document) => (
                      <option key={document.id} value={document.id}>
                        {document.label}
                      </option>
                    ))}
                  </select>
                ) : field.type === 'select' ? (
                  <select className={`form-select${error ? ' is-invalid' : ''}`} {...common}>
                    <option value="">{t('actions.choose')}</option>
                    {(field.options ?? []).map((option) => (
                      <option key={option.value} value={option.value}>
                        {textOf(option.label, language)}
                      </option>
                    ))}
                  </select>
                ) : field.type === 'textarea' || field.type === 'list' || field.type === 'json' ? (
                  <textarea className={`form-control${error ? ' is-invalid' : ''}`} rows={3} {...common} />
                ) : (
                  <input
                    className={`form-control${error ? ' is-invalid' : ''}`}
                    type={inputType(field.type)}
                    step={field.type === 'amount' ? '0.01' : field.type === 'integer' ? '1' : undefined}
                    min={field.type === 'date' ? (field.allowedFrom ?? undefined) : (field.min ?? undefined)}
                    max={field.type === 'date' ? (field.allowedTo ?? undefined) : (field.max ?? undefined)}
                    {...common}
                  />
                )}
              </>
            )}
            {hint && (
              <small className="form-text d-block" id={hintId}>
                {hint}
              </small>
            )}
            {error && (
              <div className="text-danger small mt-1" id={errorId} data-field-error={field.name}>
                {String(error)}
              </div>
            )}
          </div>
        );
      })}
      <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
        {isSubmitting ? t('actions.submitting') : t('actions.submit')}
      </button>
    </form>
  );
}

function inputType(type: string): string {
  switch (type) {
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime-local';
    case 'number':
    case 'integer':
    case 'amount':
      return 'number';
    case 'email':
      return 'email';
    case 'uuid':
    default:
      return 'text';
  }
}

function dateWindow(field: ActionFieldView, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (field.allowedFrom && field.allowedTo)
    return t('actions.allowedWindow', { from: formatDate(field.allowedFrom), to: formatDate(field.allowedTo) });
  if (field.allowedFrom) return t('actions.allowedFrom', { from: formatDate(field.allowedFrom) });
  if (field.allowedTo) return t('actions.allowedTo', { to: formatDate(field.allowedTo) });
  return '';
}
