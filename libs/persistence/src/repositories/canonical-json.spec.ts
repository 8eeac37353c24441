import { canonicalJson } from './canonical-json';

/** What the database gives back: the payload is stored with JSON.stringify and parsed on read. */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: null } })).toBe('{"a":{"c":null,"d":[3,1,2]},"b":1}');
  });

  it('gives the same text whatever the insertion order of the keys (jsonb does not keep it)', () => {
    const one = { protocol: '2026/0000001', actor: { role: 'officer', subject: 'u1' }, list: [{ y: 2, x: 1 }] };
    const other = { list: [{ x: 1, y: 2 }], actor: { subject: 'u1', role: 'officer' }, protocol: '2026/0000001' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('orders keys by UTF-16 code unit, independent of the locale', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"Z":3,"a":4,"z":2,"é":1}');
  });

  it('writes scalars exactly as JSON.stringify does', () => {
    for (const value of ['città "metropolitana"\n\t\\', 0.1 + 0.2, -0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, true, false, null, '', '€ 𝄞']) {
      expect(canonicalJson(value)).toBe(JSON.stringify(value));
    }
    expect(canonicalJson(Number.NaN)).toBe('null');
    expect(canonicalJson(Number.POSITIVE_INFINITY)).toBe('null');
  });

  it('writes a Date as its ISO string, as stored', () => {
    expect(canonicalJson({ at: new Date('2026-03-02T08:00:00.123Z') })).toBe('{"at":"2026-03-02T08:00:00.123Z"}');
  });

  it('drops undefined, function and symbol members like JSON.stringify, and writes them as null in arrays', () => {
    const value = { keep: 1, none: undefined, fn: () => 1, sym: Symbol('s'), list: [undefined, () => 1, Symbol('t'), 2] };
    expect(canonicalJson(value)).toBe('{"keep":1,"list":[null,null,null,2]}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('honours toJSON and boxed primitives like JSON.stringify', () => {
    const money = { amount: 12.5, toJSON: () => ({ eur: '12.50' }) };
    const boxed = { n: new Number(3), s: new String('x'), b: new Boolean(false) };
    expect(canonicalJson({ money })).toBe('{"money":{"eur":"12.50"}}');
    expect(canonicalJson(boxed)).toBe('{"b":false,"n":3,"s":"x"}');
    expect(canonicalJson(Buffer.from('ab'))).toBe(canonicalJson(roundTrip(Buffer.from('ab'))));
  });

  it('is unchanged by a JSON round trip, so a hash over it survives storage', () => {
    const payloads: unknown[] = [
      { nested: { deeper: { list: [1, 'two', { three: 3, a: [] }] } }, empty: {} },
      { at: new Date('2026-12-31T23:00:00.000Z'), maybe: undefined, map: new Map([['k', 1]]), set: new Set([1]) },
      [{ b: 1, a: 2 }, [], null, 'x'],
      { text: 'Comune di Cassano d\u2019Adda — «oggetto»', emoji: '📄', control: '\u0001\u001f' },
      { big: 1.7976931348623157e308, small: 5e-324, negative: -12.75, integer: 42 },
    ];
    for (const payload of payloads) {
      expect(canonicalJson(roundTrip(payload))).toBe(canonicalJson(payload));
    }
  });
});
