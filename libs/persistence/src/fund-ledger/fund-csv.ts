import { formatItalianDate } from '@cmm/legal-calendar';
import { type CsvSeparator, DEFAULT_CSV_SEPARATOR, csvDecimal, toCsv } from '../csv/csv-table.writer';
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
const KIND_LABELS: Record<string, string> = {
  'fund-contribution': 'contributo al Fondo',
  'diffusion-balancing': 'riequilibrio delle diffusività',
  obligation: 'obbligo',
};

/** Dates as people read them in Italy; an empty cell for none. */
const italianDate = (iso: string | null) => (iso ? formatItalianDate(iso) : null);

/** Euro from cents, with the decimal mark of the separator's locale: 123456 → "1234,56" (`;`) or "1234.56" (`,`). */
const eurosIn = (separator: CsvSeparator) => (cents: number) =>
  csvDecimal(`${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`, separator);

export function balancesCsv(on: string, rows: BalanceRow[], separator: CsvSeparator = DEFAULT_CSV_SEPARATOR): string {
  const euros = eurosIn(separator);
  return toCsv(
    ['Data', 'Codice ISTAT', 'Titolare', 'Sezione', 'Conto', 'Unità', 'Saldo'],
    rows.map((r) => [
      italianDate(on),
      r.istatCode ?? 'CMM',
      r.municipality,
      SECTION_LABELS[r.section],
      PURPOSE_LABELS[r.purpose] ?? r.purpose,
      UNIT_LABELS[r.unit],
      r.unit === 'EUR-cent' ? euros(r.balance) : r.balance,
    ]),
    { numericColumns: new Set([6]), separator },
  );
}

export function overdueCommitmentsCsv(on: string, rows: OverdueCommitmentRow[], separator: CsvSeparator = DEFAULT_CSV_SEPARATOR): string {
  const euros = eurosIn(separator);
  return toCsv(
    [
      'Data',
      'Codice ISTAT',
      'Comune',
      'Tipo di impegno',
      'Base normativa',
      'Descrizione',
      'Scadenza',
      'Importo (EUR)',
      'Versato (EUR)',
      'Da versare (EUR)',
      'Atto',
    ],
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
    { numericColumns: new Set([7, 8, 9]), separator },
  );
}
