import { formatItalianDate, romeOffsetHoursAt } from '@cmm/legal-calendar';
import { type CsvSeparator, DEFAULT_CSV_SEPARATOR, type RegistryEntryView, toCsv } from '@cmm/persistence';

export const DAILY_REGISTER_COLUMNS = [
  'numero',
  'data_registrazione',
  'ora',
  'direzione',
  'corrispondente',
  'oggetto',
  'pratica',
  'impronta_sha256',
  'annullata',
  'motivo_annullamento',
] as const;

export const dailyRegisterFilename = (day: string): string => `registro-giornaliero-${day}.csv`;

const two = (n: number) => String(n).padStart(2, '0');

/** Wall-clock time in Rome, whatever the server's zone. */
export function romeClockTime(instant: Date): string {
  const ms = instant.getTime() + romeOffsetHoursAt(instant.getTime()) * 3_600_000;
  const ofDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  const seconds = Math.floor(ofDay / 1000);
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** The registro giornaliero di protocollo of one day, in number order, through the system's one CSV writer. */
export function dailyRegisterCsv(entries: readonly RegistryEntryView[], separator: CsvSeparator = DEFAULT_CSV_SEPARATOR): string {
  const rows = entries.map((entry) => [
    entry.protocolNumber,
    formatItalianDate(entry.registeredOn),
    romeClockTime(entry.registeredAt),
    entry.direction === 'in' ? 'entrata' : 'uscita',
    entry.correspondent,
    entry.subject,
    entry.caseReference ?? entry.caseId ?? '',
    entry.documentSha256 ?? '',
    entry.annulment ? 'sì' : 'no',
    entry.annulment?.reason ?? '',
  ]);
  return toCsv(DAILY_REGISTER_COLUMNS, rows, { separator });
}
