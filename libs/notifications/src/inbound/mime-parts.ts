/**
 * The top-level parts of a PEC envelope, as bytes. A general mail parser flattens an attached
 * message (message/rfc822) into its parent, while the protocol must keep postacert.eml byte
 * for byte (it is the certified original): so the envelope's MIME tree is walked here, down
 * through multipart containers (multipart/signed → multipart/mixed) but never into an
 * attached message.
 */
export interface MimePart {
  contentType: string;
  filename: string | null;
  /** The decoded body (transfer encoding removed). */
  body: Buffer;
}

export class MalformedMimeError extends Error {
  override readonly name = 'MalformedMimeError';
}

const HEADER_END = /\r?\n\r?\n/;

function splitHead(raw: Buffer): { headers: Map<string, string>; body: Buffer } {
  const text = raw.toString('latin1');
  const match = HEADER_END.exec(text);
  const headText = match ? text.slice(0, match.index) : text;
  const bodyStart = match ? match.index + match[0].length : raw.length;
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 §2.2.3).
  for (const line of headText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body: raw.subarray(bodyStart) };
}

const parameter = (header: string, name: string): string | null => {
  const match = new RegExp(`;\\s*${name}\\*?\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  if (!match) return null;
  const value = match[1] ?? match[2];
  // RFC 2231 extended value (charset''percent-encoded): only the name is needed here.
  const extended = /^[\w-]*'[\w-]*'(.*)$/.exec(value);
  return extended ? decodeURIComponent(extended[1]) : value;
};

function decodeBody(body: Buffer, encoding: string): Buffer {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': {
      const text = body.toString('latin1').replace(/=\r?\n/g, '');
      return Buffer.from(
        text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    }
    default:
      return body;
  }
}

function multipartBodies(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let at = text.indexOf(delimiter);
  if (at < 0) throw new MalformedMimeError(`multipart boundary "${boundary}" not found`);
  for (;;) {
    const lineEnd = text.indexOf('\n', at);
    if (text.startsWith('--', at + delimiter.length)) return parts;
    if (lineEnd < 0) throw new MalformedMimeError('multipart ends without its closing boundary');
    const next = text.indexOf(`\n${delimiter}`, lineEnd);
    if (next < 0) throw new MalformedMimeError('multipart ends without its closing boundary');
    const end = text[next - 1] === '\r' ? next - 1 : next;
    parts.push(body.subarray(lineEnd + 1, end));
    at = next + 1;
  }
}

/** The leaf parts of a message, multipart containers opened, attached messages kept whole. */
export function mimeParts(raw: Buffer, depth = 0): MimePart[] {
  if (depth > 8) throw new MalformedMimeError('MIME nesting deeper than 8 levels');
  const { headers, body } = splitHead(raw);
  const contentTypeHeader = headers.get('content-type') ?? 'text/plain';
  const contentType = contentTypeHeader.split(';')[0].trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = parameter(contentTypeHeader, 'boundary');
    if (!boundary) throw new MalformedMimeError(`${contentType} without a boundary`);
    return multipartBodies(body, boundary).flatMap((part) => mimeParts(part, depth + 1));
  }
  const filename = parameter(headers.get('content-disposition') ?? '', 'filename') ?? parameter(contentTypeHeader, 'name');
  return [{ contentType, filename, body: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit') }];
}
