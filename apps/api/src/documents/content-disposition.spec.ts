import { attachmentDisposition, cleanFilename, filenameProblem } from './content-disposition';

describe('attachmentDisposition', () => {
  it('sends the UTF-8 name percent-encoded (RFC 5987) and an ASCII fallback', () => {
    expect(attachmentDisposition('Delibera – Città di Cassano d’Adda.pdf')).toBe(
      `attachment; filename="Delibera _ Citta di Cassano d_Adda.pdf"; ` +
        `filename*=UTF-8''Delibera%20%E2%80%93%20Citt%C3%A0%20di%20Cassano%20d%E2%80%99Adda.pdf`,
    );
  });

  it("escapes the characters RFC 5987 forbids but encodeURIComponent keeps: ' ( ) *", () => {
    expect(attachmentDisposition("l'atto (bozza)*.pdf")).toBe(
      `attachment; filename="l'atto (bozza)*.pdf"; filename*=UTF-8''l%27atto%20%28bozza%29%2A.pdf`,
    );
  });

  it('never lets a quote or backslash break the plain parameter', () => {
    expect(attachmentDisposition('a"b\\c.pdf')).toMatch(/^attachment; filename="a_b_c\.pdf"; /);
  });
});

describe('cleanFilename', () => {
  it('keeps only the last path segment, without control characters, in NFC', () => {
    expect(cleanFilename('C:\\Users\\ufficio\\Variante perequazione.pdf')).toBe('Variante perequazione.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('rel\u0000azione\n.pdf')).toBe('relazione.pdf');
    expect(cleanFilename('Citta\u0300.pdf')).toBe('Città.pdf');
  });

  it('names a file without a usable name "documento"', () => {
    expect(cleanFilename(undefined)).toBe('documento');
    expect(cleanFilename('  ')).toBe('documento');
    expect(cleanFilename('dir/..')).toBe('documento');
  });

  it('keeps at most 255 characters', () => {
    expect(Array.from(cleanFilename(`${'à'.repeat(300)}.pdf`))).toHaveLength(255);
  });
});

describe('filenameProblem', () => {
  it.each(['delibera.pdf', 'Delibera – Città.pdf', 'C:\\Documenti\\atto.pdf', 'مرسوم.pdf'])('accepts %s', (name) => {
    expect(filenameProblem(name)).toBeNull();
  });
  it.each([
    'delibera\u0001.pdf',
    'delibera\t.pdf',
    'a\u007f.pdf',
    'a\u0085.pdf',
    'atto\u202Efdp.exe',
    'atto\u2067fdp.exe',
    'atto\u200F.pdf',
  ])('refuses %j', (name) => {
    expect(filenameProblem(name)).toEqual({ it: expect.any(String), en: expect.any(String) });
  });
});
