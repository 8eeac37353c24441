/**
 * JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order,
 * so a hash over the stored payload is reproducible only over a canonical form.
 *
 * Apart from key order it follows JSON.stringify exactly (toJSON, dropped members, null in
 * arrays), because the payload is stored with JSON.stringify: the hash computed when an
 * event is appended must equal the one recomputed from the row read back.
 */
export function canonicalJson(value: unknown): string {
  return encode(value) ?? 'null';
}

const hasToJson = (value: object): value is { toJSON(key?: string): unknown } =>
  typeof (value as { toJSON?: unknown }).toJSON === 'function';

/** Undefined where JSON.stringify would omit the member (undefined, functions, symbols). */
function encode(input: unknown): string | undefined {
  let value = input !== null && typeof input === 'object' && hasToJson(input) ? input.toJSON() : input;
  // Boxed primitives are written as their primitive by JSON.stringify.
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => encode(item) ?? 'null').join(',')}]`;
  const members = Object.keys(value)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap((key) => {
      const encoded = encode((value as Record<string, unknown>)[key]);
      return encoded === undefined ? [] : [`${JSON.stringify(key)}:${encoded}`];
    });
  return `{${members.join(',')}}`;
}
