import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, isValidCivilDate } from '@cmm/legal-calendar';
import type { LocalizedInvalidParam } from '../problem-details/problem.exception';

const withinCalendarYears = (text: string): boolean => {
  const year = Number(text.slice(0, 4));
  return year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
};

// Where @nestjs/swagger keeps what @ApiProperty declares: the same declaration the OpenAPI
// document is built from, so what the document promises is what every route enforces.
const PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

interface DeclaredProperty {
  type?: unknown;
  required?: boolean;
  isArray?: boolean;
  nullable?: boolean;
  format?: string;
}

type Class = abstract new (...args: never[]) => unknown;

const SCALARS: unknown[] = [String, Number, Boolean, Date, Object, Array, BigInt, Symbol];

const declaredProperties = (type: Class): [string, DeclaredProperty][] => {
  const names = (Reflect.getMetadata(PROPERTIES_ARRAY, type.prototype) as string[] | undefined) ?? [];
  return names.map((entry) => {
    const name = entry.replace(/^:/, '');
    return [name, (Reflect.getMetadata(PROPERTY, type.prototype, name) as DeclaredProperty | undefined) ?? {}];
  });
};

/** The DTO class a property declares, if it is one (`type: X`, `type: [X]` or `type: () => X`). */
const nestedClassOf = (declared: DeclaredProperty): Class | null => {
  let type = declared.type;
  if (typeof type === 'function' && !(type as { prototype?: unknown }).prototype) type = (type as () => unknown)();
  if (Array.isArray(type)) type = type[0];
  if (typeof type !== 'function' || SCALARS.includes(type)) return null;
  return declaredProperties(type as Class).length > 0 ? (type as Class) : null;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RFC3339 = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-](\d{2}):(\d{2})))?$/;

/** A day that exists, optionally with a time of day and offset that exist (2027-13-01 and 2027-02-30 do not). */
export const isRealDateOrDateTime = (value: string): boolean => {
  const match = RFC3339.exec(value);
  if (!match || !isValidCivilDate(match[1])) return false;
  const [, , hours, minutes, seconds, , offsetHours, offsetMinutes] = match;
  if (hours === undefined) return true;
  return (
    Number(hours) < 24 &&
    Number(minutes) < 60 &&
    Number(seconds ?? 0) < 60 &&
    Number(offsetHours ?? 0) < 24 &&
    Number(offsetMinutes ?? 0) < 60
  );
};

const NUL = '\u0000';

const problem = (name: string, rule: string, it: string, en: string): LocalizedInvalidParam => ({ name, rule, reason: { it, en } });

/**
 * Every string anywhere in a request value: none may hold U+0000, which PostgreSQL cannot
 * store in text and no person types.
 */
export const nulProblems = (value: unknown, path: string): LocalizedInvalidParam[] => {
  if (typeof value === 'string') {
    return value.includes(NUL)
      ? [
          problem(
            path,
            'noNul',
            'contiene il carattere NUL (U+0000), non ammesso',
            'contains the NUL character (U+0000), which is not allowed',
          ),
        ]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => nulProblems(item, path ? `${path}.${index}` : String(index)));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([key, item]) => nulProblems(item, path ? `${path}.${key}` : key));
  return [];
};

/**
 * What class-validator does not check by itself in the request value, read from the DTO's
 * own declaration: a nested object that is required must be there, must be an object (an
 * array of objects when declared so), null only when nullable; a `date` or `date-time`
 * string must name a day that exists. Runs on the plain value, before transformation.
 */
export const contractProblems = (type: Class, value: unknown, prefix = ''): LocalizedInvalidParam[] => {
  if (!isPlainObject(value)) return [];
  return declaredProperties(type).flatMap(([name, declared]): LocalizedInvalidParam[] => {
    const path = prefix ? `${prefix}.${name}` : name;
    const item = value[name];
    const nested = nestedClassOf(declared);
    if (nested) {
      if (item === undefined) {
        return declared.required === false ? [] : [problem(path, 'isDefined', 'è obbligatorio', 'is required')];
      }
      if (item === null) return declared.nullable ? [] : [problem(path, 'isObject', 'non può essere null', 'must not be null')];
      if (declared.isArray) {
        if (!Array.isArray(item)) return [problem(path, 'isArray', 'deve essere un elenco di oggetti', 'must be an array of objects')];
        return item.flatMap((element, index) =>
          isPlainObject(element)
            ? contractProblems(nested, element, `${path}.${index}`)
            : [problem(`${path}.${index}`, 'isObject', 'deve essere un oggetto', 'must be an object')],
        );
      }
      if (!isPlainObject(item)) return [problem(path, 'isObject', 'deve essere un oggetto', 'must be an object')];
      return contractProblems(nested, item, path);
    }
    if (typeof item === 'string' && declared.format === 'date' && !isValidCivilDate(item)) {
      return [
        problem(
          path,
          'isCivilDate',
          'deve essere un giorno di calendario esistente, AAAA-MM-GG',
          'must be a calendar day that exists, as YYYY-MM-DD',
        ),
      ];
    }
    if (typeof item === 'string' && declared.format === 'date-time' && !isRealDateOrDateTime(item)) {
      return [
        problem(
          path,
          'isDateTime',
          'deve essere una data o un istante esistente (RFC 3339)',
          'must be a date or an instant that exists (RFC 3339)',
        ),
      ];
    }
    // A day the legal calendar cannot reckon with would fail every term computed from it, in an
    // activity retried for ever: refused here, before anything starts.
    if (typeof item === 'string' && (declared.format === 'date' || declared.format === 'date-time') && !withinCalendarYears(item)) {
      return [
        problem(
          path,
          'calendarYears',
          `deve cadere tra il ${FIRST_SUPPORTED_YEAR} e il ${LAST_SUPPORTED_YEAR}`,
          `must fall between ${FIRST_SUPPORTED_YEAR} and ${LAST_SUPPORTED_YEAR}`,
        ),
      ];
    }
    return [];
  });
};
