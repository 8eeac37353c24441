import type { BalanceRow, OverdueCommitmentRow } from './fund-reports';

const SECTION_LABELS: Record<string, string> = { financial: 'finanziaria', 'real-estate': 'immobiliare', soil: 'consumo di suolo' };
const PURPOSE_LABELS: Record<string, string> = {
  commitments: 'impegni da versare',
  pledges: 'impegni assunti verso il Fondo',
  cash: 'disponibilità del Fondo',
  disbursements: 'erogazioni a interventi',
  buildings: 'immobili del Fondo',
  'buildings-conferred': 'immobili conferiti',
  'soil-quota': 'quota di consumo di suolo',
  'soil-allocations': 'quote assegnate',
};
const UNIT_LABELS: Record<string, string> = { 'EUR-cent': 'EUR', building: 'immobili', m2: 'm²' };
const KIND_LABELS: Record<string, string> = { 'fund-contribution': 'contributo al Fondo', 'diffusion-balancing': 'riequilibrio delle diffusività', obligation: 'obbligo' };

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break, quotes doubled.
 * Spreadsheets run a cell starting with = + - @ (or a tab or CR) as a formula (CSV injection):
 * such a text gets a leading apostrophe, OWASP's mitigation. Numbers (`text: false`) keep their sign.
 */
export function csvField(value: string | number | null, { text = true } = {}): string {
  let s = value === null ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180: CRLF after every record, the header first. */
export function toCsv(header: string[], rows: (string | number | null)[][], numericColumns: ReadonlySet<number> = new Set()): string {
  const line = (cells: (string | number | null)[]) => cells.map((cell, i) => csvField(cell, { text: !numericColumns.has(i) })).join(',') + '\r\n';
  return line(header) + rows.map(line).join('');
}

/** Dates as people read them in Italy (DESIGN.md §6). */
const italianDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : null);

/** Euro from cents with a point (machine-readable in every locale): 123456 → "1234.56". */
const euros = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function balancesCsv(on: string, rows: BalanceRow[]): string {
  return toCsv(
    ['Data', 'Codice ISTAT', 'Titolare', 'Sezione', 'Conto', 'Unità', 'Saldo'],
    rows.map((r) => [italianDate(on), r.istatCode ?? 'CMM', r.municipality, SECTION_LABELS[r.section], PURPOSE_LABELS[r.purpose] ?? r.purpose, UNIT_LABELS[r.unit], r.unit === 'EUR-cent' ? euros(r.balance) : r.balance]),
    new Set([6]),
  );
}

export function overdueCommitmentsCsv(on: string, rows: OverdueCommitmentRow[]): string {
  return toCsv(
    ['Data', 'Codice ISTAT', 'Comune', 'Tipo di impegno', 'Base normativa', 'Descrizione', 'Scadenza', 'Importo (EUR)', 'Versato (EUR)', 'Da versare (EUR)', 'Atto'],
    rows.map((r) => [
      italianDate(on),
      r.istatCode ?? 'CMM',
      r.municipality,
      KIND_LABELS[r.kind] ?? r.kind,
      r.legalBasis,
      r.description,
      italianDate(r.dueDate),
      euros(r.amountCents),
      euros(r.paidCents),
      euros(r.outstandingCents),
      r.actReference,
    ]),
    new Set([7, 8, 9]),
  );
}
