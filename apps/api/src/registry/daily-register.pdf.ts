import { type Act, PROTOCOL_OFFICE, renderActPdf } from '@cmm/documents';
import { formatItalianDate, parseCivilDate, romeLocalTimeToEpochMs } from '@cmm/legal-calendar';
import type { RegistryEntryView } from '@cmm/persistence';
import { romeClockTime } from './daily-register.csv';

export const dailyRegisterPdfFilename = (day: string): string => `registro-giornaliero-${day}.pdf`;

/**
 * The act's date is the register's last change (a registration, or an annulment, which may come
 * later and stays visible: DPR 445/2000 art. 54), so the same register renders to the same bytes
 * and a changed one to new bytes; a day without registrations is dated at its start.
 */
function lastChange(day: string, entries: readonly RegistryEntryView[]): Date {
  const times = entries.flatMap((e) => [e.registeredAt.getTime(), ...(e.annulment ? [e.annulment.annulledAt.getTime()] : [])]);
  return new Date(times.length > 0 ? Math.max(...times) : romeLocalTimeToEpochMs(parseCivilDate(day), 0));
}

/** The registro giornaliero di protocollo of one day (DPCM 3/12/2013 art. 7 c.5) as an act, in number order. */
export function dailyRegisterAct(day: string, register: string, entries: readonly RegistryEntryView[]): Act {
  const annulled = entries.filter((e) => e.annulment).length;
  return {
    office: PROTOCOL_OFFICE,
    title: `Registro giornaliero di protocollo del ${formatItalianDate(day)}`,
    segnatura: null,
    issuedAt: lastChange(day, entries),
    layout: 'landscape',
    keywords: [`registro ${register}`, `registro giornaliero ${day}`],
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Registro', register],
          ['Giorno', formatItalianDate(day)],
          [
            'Registrazioni',
            entries.length === 0
              ? 'nessuna'
              : `${entries.length}, dal n. ${entries[0].protocolNumber} al n. ${entries[entries.length - 1].protocolNumber}` +
                (annulled > 0 ? ` (${annulled} annullate)` : ''),
          ],
        ],
      },
      {
        type: 'table',
        columns: [
          { header: 'Numero', weight: 1.7 },
          { header: 'Ora', weight: 1.1 },
          { header: 'Direzione', weight: 1.1 },
          { header: 'Corrispondente', weight: 2.4 },
          { header: 'Oggetto', weight: 3.4 },
          { header: 'Pratica', weight: 1.8 },
          { header: 'Impronta SHA-256', weight: 2.6 },
          { header: 'Annullamento', weight: 1.8 },
        ],
        rows: entries.map((entry) => [
          entry.protocolNumber,
          romeClockTime(entry.registeredAt),
          entry.direction === 'in' ? 'entrata' : 'uscita',
          entry.correspondent,
          entry.subject,
          entry.caseReference ?? entry.caseId ?? '',
          entry.documentSha256 ?? '—',
          entry.annulment ? `annullata: ${entry.annulment.reason}` : '—',
        ]),
        empty: 'Nessuna registrazione in questo giorno.',
      },
      {
        type: 'paragraph',
        text: 'Le registrazioni annullate restano nel registro con il motivo dell’annullamento (DPR 445/2000 art. 54).',
      },
    ],
  };
}

export const dailyRegisterPdf = (day: string, register: string, entries: readonly RegistryEntryView[]): Promise<Buffer> =>
  renderActPdf(dailyRegisterAct(day, register, entries));
