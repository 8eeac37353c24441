import type { RegistryEntryView } from '@cmm/persistence';
import { dailyRegisterCsv, dailyRegisterFilename, romeClockTime } from './daily-register.csv';

const entry = (overrides: Partial<RegistryEntryView>): RegistryEntryView => ({
  id: '00000000-0000-4000-8000-000000000001',
  register: 'generale',
  year: 2026,
  number: 1,
  protocolNumber: '2026/0000001',
  registeredAt: new Date('2026-03-02T08:15:30.000Z'),
  registeredOn: '2026-03-02',
  direction: 'in',
  correspondent: 'Comune di Abbiategrasso',
  subject: 'Trasmissione variante PGT',
  caseId: null,
  caseReference: null,
  documentSha256: null,
  registeredBy: 'officer-1',
  annulment: null,
  ...overrides,
});

/** A small RFC 4180 reader, to check that what is written parses back to the same fields. */
const parseCsv = (text: string, separator = ';'): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === separator) {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
};

describe('daily register CSV', () => {
  it('starts with a BOM and the Italian header, one CRLF-terminated line per entry, separated by ; for Italian Excel by default', () => {
    const csv = dailyRegisterCsv([entry({})]);
    expect(
      csv.startsWith(
        '\uFEFFnumero;data_registrazione;ora;direzione;corrispondente;oggetto;pratica;impronta_sha256;annullata;motivo_annullamento\r\n',
      ),
    ).toBe(true);
    expect(dailyRegisterCsv([entry({})], 'comma').startsWith('\uFEFFnumero,data_registrazione,ora,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv.slice(1))).toEqual([
      [
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
      ],
      ['2026/0000001', '02/03/2026', '09:15:30', 'entrata', 'Comune di Abbiategrasso', 'Trasmissione variante PGT', '', '', 'no', ''],
    ]);
  });

  it('writes only the header for a day without entries', () => {
    expect(parseCsv(dailyRegisterCsv([]).slice(1))).toHaveLength(1);
  });

  it('quotes commas, quotes and line breaks so that they parse back unchanged', () => {
    const tricky = entry({
      direction: 'out',
      correspondent: 'Studio "Rossi, Bianchi" & associati',
      subject: 'Parere\r\nseconda riga, con virgola',
      caseId: '00000000-0000-4000-8000-0000000000aa',
      caseReference: 'CE-2026-000123',
      documentSha256: 'a'.repeat(64),
      annulment: { reason: 'Errore di "registrazione"', annulledAt: new Date(), annulledBy: 'manager-1' },
    });
    const [, row] = parseCsv(dailyRegisterCsv([tricky]).slice(1));
    const [, commaRow] = parseCsv(dailyRegisterCsv([tricky], 'comma').slice(1), ',');
    expect(commaRow).toEqual(row);
    expect(row).toEqual([
      '2026/0000001',
      '02/03/2026',
      '09:15:30',
      'uscita',
      'Studio "Rossi, Bianchi" & associati',
      'Parere\r\nseconda riga, con virgola',
      'CE-2026-000123',
      'a'.repeat(64),
      'sì',
      'Errore di "registrazione"',
    ]);
  });

  it('gives the time of day in Rome in winter and in summer, whatever the server zone', () => {
    expect(romeClockTime(new Date('2026-01-15T23:30:00Z'))).toBe('00:30:00');
    expect(romeClockTime(new Date('2026-07-15T21:59:59Z'))).toBe('23:59:59');
    expect(romeClockTime(new Date('2026-03-29T01:00:00Z'))).toBe('03:00:00');
    expect(romeClockTime(new Date('2026-10-25T00:59:59Z'))).toBe('02:59:59');
    expect(romeClockTime(new Date('2026-10-25T01:00:00Z'))).toBe('02:00:00');
  });

  it('names the file after the day', () => {
    expect(dailyRegisterFilename('2026-03-02')).toBe('registro-giornaliero-2026-03-02.csv');
  });
});
