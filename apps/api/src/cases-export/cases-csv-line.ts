import { csvField } from '@cmm/persistence';

const CRLF = '\r\n';

/** One RFC 4180 record of the cases export: comma-separated, so a comma in a cell quotes it. */
export const casesCsvLine = (cells: readonly (string | null)[]): string =>
  cells.map((cell) => csvField(cell, { separator: 'comma' })).join(',') + CRLF;
