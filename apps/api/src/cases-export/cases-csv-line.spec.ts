import { casesCsvLine } from './cases-csv-line';

describe('casesCsvLine', () => {
  it('quotes a cell holding the separator, so a title with a comma keeps its columns', () => {
    expect(casesCsvLine(['VC-2026-000001', 'Variante PGT, ambito nord', null])).toBe('VC-2026-000001,"Variante PGT, ambito nord",\r\n');
  });

  it('leaves a semicolon bare (it is not this file separator) and doubles quotes', () => {
    expect(casesCsvLine(['a;b', 'il "centro"'])).toBe('a;b,"il ""centro"""\r\n');
  });

  it('defuses a cell a spreadsheet would read as a formula', () => {
    expect(casesCsvLine(['=SUM(A1)'])).toBe("'=SUM(A1)\r\n");
  });
});
