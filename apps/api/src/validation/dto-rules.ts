import { Transform } from 'class-transformer';
import { isValidCivilDate } from '@cmm/legal-calendar';
import { ValidateBy } from 'class-validator';

/** Text as typed by people: one Unicode form (NFC) and no surrounding blanks, before validation. */
export const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

/** A six-digit ISTAT municipality code (Milano 015146). */
export const ISTAT_CODE = /^\d{6}$/;

/** A civil date YYYY-MM-DD (whether the day exists is checked by the legal calendar). */
export const CIVIL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** 'YYYY-MM-DD' naming a day that exists (2027-02-30 does not). */
export const IsCivilDate = () =>
  ValidateBy({
    name: 'isCivilDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidCivilDate(value),
      defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar day that exists, as YYYY-MM-DD`,
    },
  });
