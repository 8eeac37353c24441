import { useTranslation } from 'react-i18next';

// The procedure types the API accepts (CaseQueryDto.type), labelled in the reader's language.
export const PROCEDURE_TYPES = [
  'compatibility-evaluation',
  'concertation-conference',
  'territorial-agreement',
  'sttm-approval',
  'vas-screening',
  'adhesion',
  'annual-call',
] as const;

export function ProcedureOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('filters.anyProcedure')}</option>
      {PROCEDURE_TYPES.map((type) => (
        <option key={type} value={type}>
          {t(`procedures.${type}`)}
        </option>
      ))}
    </>
  );
}

export function MunicipalityOptions({ municipalities }: { municipalities: ReadonlyArray<{ istatCode: string; name: string }> }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('filters.anyMunicipality')}</option>
      {[...municipalities]
        .sort((a, b) => a.name.localeCompare(b.name, 'it'))
        .map((m) => (
          <option key={m.istatCode} value={m.istatCode}>
            {m.name} ({m.istatCode})
          </option>
        ))}
    </>
  );
}
