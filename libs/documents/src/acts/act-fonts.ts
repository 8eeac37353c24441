import { dirname, join } from 'node:path';

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
