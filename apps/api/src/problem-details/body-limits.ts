import type { IncomingMessage } from 'node:http';
import type { LocalizedText } from './problem-details';

const TOO_DEEP = 'entity.too.deep';
const INVALID_UTF8 = 'encoding.invalid.utf8';

/** The words of the body checks below; the filter answers with them. */
export const BODY_PROBLEMS: Record<string, LocalizedText> = {
  [TOO_DEEP]: { it: 'il corpo JSON è annidato troppo in profondità', en: 'the JSON body is nested too deeply' },
  [INVALID_UTF8]: { it: 'il corpo della richiesta non è UTF-8 valido', en: 'the request body is not valid UTF-8' },
};

/** body-parser keeps the status and type of an error thrown by its verify hook. */
class BodyRefused extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Deepest nesting of objects and arrays in JSON text, read byte by byte (brackets inside
 * strings do not count). It never recurses, so any depth is measured without a stack.
 */
export const jsonDepth = (bytes: Uint8Array): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) deepest = Math.max(deepest, ++depth);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return deepest;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body parser's verify hook: the raw bytes must be UTF-8 (the parser would otherwise
 * replace invalid sequences with U+FFFD and store text the client never sent) and JSON no
 * deeper than `maxDepth` when given (validation recurses into every level and would exhaust the stack).
 */
export const verifyBody =
  (maxDepth: number | null) =>
  (_request: IncomingMessage, _response: unknown, body: Buffer): void => {
    try {
      utf8.decode(body);
    } catch {
      throw new BodyRefused(400, INVALID_UTF8, 'the request body is not valid UTF-8');
    }
    if (maxDepth !== null && jsonDepth(body) > maxDepth)
      throw new BodyRefused(400, TOO_DEEP, `the JSON body is nested deeper than ${maxDepth} levels`);
  };
