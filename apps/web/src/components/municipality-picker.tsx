import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface PickableMunicipality {
  istatCode: string;
  name: string;
}

/** Case and accents do not matter when searching: "cusano" finds "Cusano Milanino", "paderno d" finds "Paderno Dugnano". */
const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function matchesSearch(municipality: PickableMunicipality, search: string): boolean {
  const wanted = folded(search.trim());
  return !wanted || folded(municipality.name).includes(wanted) || municipality.istatCode.startsWith(wanted);
}

export interface MunicipalityPickerProps {
  /** Id of the search box: the field the wizard focuses and the API's errors describe. */
  id: string;
  municipalities: readonly PickableMunicipality[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** Ids of hints and errors that describe the whole choice. */
  describedBy?: string;
  invalid?: boolean;
}

/**
 * A searchable multiple choice that stays native: a text box filters a list of checkboxes,
 * every checkbox keeps its own label, the number of matches is a polite status, and the
 * chosen municipalities are listed apart (each removable) so a filter never hides a choice.
 */
export function MunicipalityPicker({ id, municipalities, selected, onChange, describedBy, invalid }: MunicipalityPickerProps) {
  const { t } = useTranslation();
  const own = useId();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => municipalities.filter((m) => matchesSearch(m, search)), [municipalities, search]);
  const chosen = new Set(selected);
  const byCode = new Map(municipalities.map((m) => [m.istatCode, m]));
  const toggle = (code: string, on: boolean) => onChange(on ? [...selected, code] : selected.filter((c) => c !== code));
  const countId = `${own}-count`;
  const label = (m: PickableMunicipality) => t('submission.municipalities.option', { name: m.name, istat: m.istatCode });

  return (
    <div>
      <p className="fw-semibold mt-3 mb-1" id={`${own}-selected`}>
        {t('submission.municipalities.selected', { count: selected.length })}
      </p>
      {selected.length === 0 ? (
        <p>{t('submission.municipalities.selectedNone')}</p>
      ) : (
        <ul aria-labelledby={`${own}-selected`} className="list-unstyled d-flex flex-wrap gap-2">
          {selected.map((code) => {
            const municipality = byCode.get(code) ?? { istatCode: code, name: code };
            return (
              <li key={code} className="border rounded px-2 py-1 d-flex align-items-center gap-2">
                <span>{label(municipality)}</span>
                <button type="button" className="btn btn-link btn-sm p-0" onClick={() => toggle(code, false)}>
                  {t('submission.municipalities.remove', { name: municipality.name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <label htmlFor={id} className="form-label fw-semibold d-block mt-2">
        {t('submission.municipalities.search')}
      </label>
      <input
        id={id}
        type="search"
        className={`form-control${invalid ? ' is-invalid' : ''}`}
        value={search}
        autoComplete="off"
        aria-controls={`${own}-list`}
        aria-invalid={invalid || undefined}
        aria-describedby={[describedBy, countId].filter(Boolean).join(' ')}
        onChange={(event) => setSearch(event.target.value)}
      />
      <p id={countId} className="small mt-1" role="status" aria-live="polite">
        {t('submission.municipalities.matches', { count: shown.length })}
      </p>
      <div
        id={`${own}-list`}
        className="municipality-options border rounded p-2"
        role="group"
        aria-label={t('submission.municipalities.listLabel')}
      >
        {shown.map((municipality) => {
          const checkboxId = `${own}-${municipality.istatCode}`;
          return (
            <div className="form-check my-1" key={municipality.istatCode}>
              <input
                id={checkboxId}
                type="checkbox"
                className="form-check-input"
                checked={chosen.has(municipality.istatCode)}
                onChange={(event) => toggle(municipality.istatCode, event.target.checked)}
              />
              <label className="form-check-label" htmlFor={checkboxId}>
                {label(municipality)}
              </label>
            </div>
          );
        })}
      </div>
    </div>
  );
}
