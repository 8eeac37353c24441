// RFC 5987 attr-char: encodeURIComponent leaves these four unescaped but the grammar does not allow them.
const encodeExtValue = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** "Città" → "Citta": for the rare client that reads only the plain parameter. */
const asciiFallback = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');

/**
 * `attachment` with both parameters (RFC 6266 §4.3): the UTF-8 `filename*` that every
 * current browser prefers, and an ASCII `filename` for the others.
 */
export const attachmentDisposition = (filename: string): string =>
  `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;

const FALLBACK_FILENAME = 'documento';
const MAX_FILENAME_CHARS = 255;

/**
 * The name a client gave its file, made safe to store and to send back: no directories
 * (some browsers send a full Windows path), no control characters, NFC so that "à" typed
 * on a Mac and on Windows is the same string, at most 255 characters.
 */
export const cleanFilename = (raw: string | undefined): string => {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const limited = Array.from(printable).slice(0, MAX_FILENAME_CHARS).join('');
  return limited === '' || limited === '.' || limited === '..' ? FALLBACK_FILENAME : limited;
};

// C0 and C1 controls and DEL: never part of a name a person gave a file.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional formatting (LRM/RLM, ALM, embeddings and overrides, isolates): "fdp.exe" shown
// backwards as "exe.pdf" is how a faked extension is made, so a name carrying them is refused.
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Why a client's filename is refused, or null when it may be stored (after cleanFilename).
 * Refused rather than cleaned: silently removing a right-to-left override would store a name
 * that differs from the one the user saw, and a control character means a broken client.
 */
export const filenameProblem = (raw: string | undefined): { it: string; en: string } | null => {
  if (raw === undefined) return null;
  if (CONTROL.test(raw)) return { it: 'il nome del file contiene caratteri di controllo', en: 'the filename contains control characters' };
  if (BIDI_CONTROL.test(raw)) {
    return {
      it: 'il nome del file contiene caratteri che invertono la direzione del testo (estensione mascherata)',
      en: 'the filename contains bidirectional control characters (a disguised extension)',
    };
  }
  return null;
};
