import { jsonDepth, verifyBody } from './body-limits';

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[["}', 1],
    [`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 10_000],
  ])('%s is %i deep', (text, depth) => {
    expect(jsonDepth(Buffer.from(text))).toBe(depth);
  });
});

describe('verifyBody', () => {
  const verify = verifyBody(3);
  it('refuses invalid UTF-8 and JSON deeper than the limit, with a 400 the body parser keeps', () => {
    expect(() => verify({} as never, {}, Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(
      expect.objectContaining({ status: 400, type: 'encoding.invalid.utf8' }),
    );
    expect(() => verify({} as never, {}, Buffer.from('[[[[1]]]]'))).toThrow(
      expect.objectContaining({ status: 400, type: 'entity.too.deep' }),
    );
  });
  it('accepts UTF-8 within the limit', () => {
    expect(() => verify({} as never, {}, Buffer.from('{"città":[["è"]]}'))).not.toThrow();
  });
});
