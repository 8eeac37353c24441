import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * Titillium Web, the typeface of the Italian public administration's design system, from the
 * Bootstrap Italia package the web app already depends on (SIL Open Font License, which allows
 * embedding). PDF/A requires every font to be embedded: the 14 standard PDF fonts are never used.
 */
export interface ActFonts {
  regular: string;
  semibold: string;
  bold: string;
}

let resolved: ActFonts | undefined;

export function actFonts(): ActFonts {
  if (!resolved) {
    const dir = join(dirname(require.resolve('bootstrap-italia/package.json')), 'src', 'fonts', 'Titillium_Web');
    const file = (weight: string) => join(dir, `titillium-web-v10-latin-ext_latin-${weight}.ttf`);
    resolved = { regular: file('regular'), semibold: file('600'), bold: file('700') };
  }
  return resolved;
}

/** A typeface as fontkit parsed it: pdfkit takes one where it takes a file name (its types do not say so). */
export type ParsedActFont = PDFKit.Mixins.PDFFontSource;

let parsed: Record<keyof ActFonts, ParsedActFont> | undefined;

/**
 * The typefaces parsed once per process. Parsing a TrueType file anew (its tables, glyph
 * substitution and positioning data) took most of an act's rendering: about 100 ms of a
 * filing's receipt, inside the registration transaction that holds the register. A parsed font
 * is only read by the documents that use it; each document still embeds its own subset, so an
 * act renders to the same bytes. pdfkit parses through fontkit and keeps the result on the font
 * it opened: a throw-away document opens each file once and hands that parsed font over.
 */
export function parsedActFonts(): Record<keyof ActFonts, ParsedActFont> {
  if (!parsed) {
    const files = actFonts();
    const loader = new PDFDocument({ autoFirstPage: false });
    const parse = (file: string): ParsedActFont => {
      loader.font(file);
      return (loader as unknown as { _font: { font: ParsedActFont } })._font.font;
    };
    parsed = { regular: parse(files.regular), semibold: parse(files.semibold), bold: parse(files.bold) };
  }
  return parsed;
}
