import { type ValidationError, getMetadataStorage } from 'class-validator';
import { CIVIL_DATE, ISTAT_CODE } from './dto-rules';

/** A reason in both languages: Italian for the clerk, English for a client that asks for it. */
export interface ReasonText {
  it: string;
  en: string;
}

interface ConstraintFacts {
  /** The decorator's arguments (MaxLength(200) → [200]); empty when unknown. */
  args: unknown[];
  /** The constraint applies to each item of an array (`{ each: true }`). */
  each: boolean;
}

const count = (n: unknown, one: string, many: string): string => `${String(n)} ${n === 1 ? one : many}`;
const chars = (n: unknown) => count(n, 'carattere', 'caratteri');
const items = (n: unknown) => count(n, 'elemento', 'elementi');

const list = (values: unknown): string => (Array.isArray(values) ? values.map(String).join(', ') : String(values));

// Patterns shared by many DTOs get their own words; any other pattern is "the required format".
const KNOWN_FORMATS: [RegExp, string][] = [
  [ISTAT_CODE, 'un codice ISTAT di sei cifre'],
  [CIVIL_DATE, 'una data nel formato AAAA-MM-GG'],
];

const formatIt = (pattern: unknown): string => {
  const known = pattern instanceof RegExp ? KNOWN_FORMATS.find(([p]) => p.source === pattern.source) : undefined;
  return known ? `deve essere ${known[1]}` : 'non è nel formato richiesto';
};

/**
 * The Italian reason of each class-validator constraint, by its name, with the decorator's
 * arguments: one table for every DTO, so no field error reaches a clerk in English only.
 */
const ITALIAN: Record<string, (args: unknown[]) => string> = {
  isDefined: () => 'è obbligatorio',
  isNotEmpty: () => 'non può essere vuoto',
  isString: () => 'deve essere un testo',
  isBoolean: () => 'deve essere true o false',
  isInt: () => 'deve essere un numero intero',
  isNumber: () => 'deve essere un numero',
  isPositive: () => 'deve essere un numero positivo',
  min: ([min]) => `non può essere inferiore a ${String(min)}`,
  max: ([max]) => `non può essere superiore a ${String(max)}`,
  isLength: ([min, max]) => (max === undefined ? `deve avere almeno ${chars(min)}` : `deve avere da ${String(min)} a ${chars(max)}`),
  minLength: ([min]) => `deve avere almeno ${chars(min)}`,
  maxLength: ([max]) => `non può superare ${chars(max)}`,
  matches: ([pattern]) => formatIt(pattern),
  isUuid: () => 'deve essere un identificativo UUID',
  isIn: ([values]) => `deve essere uno tra: ${list(values)}`,
  isNotIn: ([values]) => `non può essere uno tra: ${list(values)}`,
  isEnum: () => 'non è un valore ammesso',
  equals: ([value]) => `deve essere ${String(value)}`,
  isArray: () => 'deve essere un elenco',
  arrayNotEmpty: () => 'deve contenere almeno un elemento',
  arrayMinSize: ([min]) => `deve contenere almeno ${items(min)}`,
  arrayMaxSize: ([max]) => `non può contenere più di ${items(max)}`,
  arrayUnique: () => 'non può contenere elementi ripetuti',
  isObject: () => 'deve essere un oggetto',
  isNotEmptyObject: () => 'deve essere un oggetto non vuoto',
  isEmail: () => 'deve essere un indirizzo di posta elettronica',
  isUrl: () => 'deve essere un indirizzo web (URL)',
  isHexadecimal: () => 'deve essere un numero esadecimale',
  isIso8601: () => 'deve essere una data o data e ora ISO 8601, con il fuso orario',
  isDateString: () => 'deve essere una data ISO 8601',
  isCivilDate: () => 'deve essere un giorno esistente del calendario, nel formato AAAA-MM-GG',
  whitelistValidation: () => 'campo non previsto: verificare il nome',
  nestedValidation: () => 'deve essere un oggetto o un elenco di oggetti',
  unknownValue: () => 'valore non riconosciuto',
};

/** What the DTO declared for this property and constraint, read from class-validator's metadata. */
const factsOf = (error: ValidationError, rule: string): ConstraintFacts => {
  const target = error.target?.constructor;
  if (!target) return { args: [], each: false };
  const declared = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name === rule || m.type === rule));
  return { args: declared?.constraints ?? [], each: declared?.each ?? false };
};

/**
 * Both texts of a constraint's reason. The English one is class-validator's message (or the
 * DTO's own), which clients and tests already read; the Italian one comes from the table.
 * A constraint missing from the table keeps its English text in both: a gap, not a crash.
 */
export const constraintReason = (error: ValidationError, rule: string, english: string): ReasonText => {
  const italian = ITALIAN[rule];
  if (!italian) return { it: english, en: english };
  const { args, each } = factsOf(error, rule);
  const text = italian(args);
  return { it: each ? `ogni elemento: ${text}` : text, en: english };
};

/** The constraint names the table words in Italian (a test checks every DTO's constraints are among them). */
export const ITALIAN_CONSTRAINTS: readonly string[] = Object.keys(ITALIAN);
