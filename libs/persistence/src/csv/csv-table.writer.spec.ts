import { csvDecimal, csvField, DEFAULT_CSV_SEPARATOR, toCsv } from './csv-table.writer';

describe('CSV table writer', () => {
  it('defaults to ; for Excel in the Italian locale, with a BOM and CRLF records', () => {
    expect(DEFAULT_CSV_SEPARATOR).toBe('semicolon');
    expect(toCsv(['a', 'b'], [['x', 1]])).toBe('\uFEFFa;b\r\nx;1\r\n');
    expect(toCsv(['a', 'b'], [['x', 1]], { separator: 'comma' })).toBe('\uFEFFa,b\r\nx,1\r\n');
  });

  it('quotes a field holding the active separator, a quote or a line break, and guards formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['Via "Roma", 1', 'riga\nnuova'],
          ['=SUM(A1)', -5],
        ],
        { numericColumns: new Set([1]), separator: 'comma' },
      ),
    ).toBe('\uFEFFa,b\r\n"Via ""Roma"", 1","riga\nnuova"\r\n\'=SUM(A1),-5\r\n');
    expect(csvField('Rho; Pero')).toBe('"Rho; Pero"');
    expect(csvField('Rho; Pero', { separator: 'comma' })).toBe('Rho; Pero');
    expect(csvField('1,5')).toBe('1,5');
    expect(csvField('1,5', { separator: 'comma' })).toBe('"1,5"');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+39 02 1234')).toBe("'+39 02 1234");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5, { text: false })).toBe('-5');
    expect(csvField('Comune di Milano')).toBe('Comune di Milano');
  });

  it('writes decimals with the mark of the separator locale', () => {
    expect(csvDecimal('1234.56')).toBe('1234,56');
    expect(csvDecimal('1234.56', 'comma')).toBe('1234.56');
  });
});
