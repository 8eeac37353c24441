/*
 * The one CSV writer of the system (the Fund's reports, the daily protocol register).
 * RFC 4180 records ended by CRLF, UTF-8 with a byte order mark (Excel reads UTF-8 only after
 * one), and a separator the caller chooses: Excel in the Italian locale splits a file on `;`
 * and reads a comma-separated one as a single column, so `semicolon` is the default; `comma`
 * is there for tools that expect RFC 4180 literally. Decimal numbers follow the separator:
 * a decimal comma with `;` (what Italian Excel reads as a number), a point with `,`.
 */

export const CSV_SEPARATORS = ['semicolon', 'comma'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];
/** Italian users first: Excel with the Italian locale opens `;`-separated files in columns. */
export const DEFAULT_CSV_SEPARATOR: CsvSeparator = 'semicolon';

const SEPARATOR_CHAR: Record<CsvSeparator, string> = { semicolon: ';', comma: ',' };
const BOM = '\uFEFF';
const CRLF = '\r\n';

export type CsvCell = string | number | null;

export interface CsvOptions {
  readonly separator?: CsvSeparator;
  /** Columns holding numbers: they keep their sign (no formula guard). */
  readonly numericColumns?: ReadonlySet<number>;
}

/**
 * One field: quoted when it holds the active separator, a quote or a line break, quotes doubled.
 * Spreadsheets run a cell starting with = + - @ (or a tab or CR) as a formula (CSV injection):
 * such a text gets a leading apostrophe, OWASP's mitigation. Numbers (`text: false`) keep their sign.
 */
export function csvField(
  value: CsvCell,
  { text = true, separator = DEFAULT_CSV_SEPARATOR }: { text?: boolean; separator?: CsvSeparator } = {},
): string {
  let s = value === null ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  // Only the active separator needs quoting: a decimal comma in a `;` file stays a bare number.
  const mustQuote = s.includes(SEPARATOR_CHAR[separator]) || /["\r\n]/.test(s);
  return mustQuote ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole file: BOM, the header, then one CRLF-terminated record per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? DEFAULT_CSV_SEPARATOR;
  const numeric = options.numericColumns ?? new Set<number>();
  const line = (cells: readonly CsvCell[]) =>
    cells.map((cell, i) => csvField(cell, { text: !numeric.has(i), separator })).join(SEPARATOR_CHAR[separator]) + CRLF;
  return BOM + line(header) + rows.map(line).join('');
}

/** A decimal number for a spreadsheet of the chosen separator's locale: "1234,56" with `;`, "1234.56" with `,`. */
export function csvDecimal(text: string, separator: CsvSeparator = DEFAULT_CSV_SEPARATOR): string {
  return separator === 'semicolon' ? text.replace('.', ',') : text;
}

/** The Content-Type of these files: `header=present` (RFC 4180). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
