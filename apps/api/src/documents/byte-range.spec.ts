import { parseRange } from './byte-range';

describe('parseRange', () => {
  const size = 1000;

  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=-10', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes = 1-1', { kind: 'partial', start: 1, end: 1 }],
  ])('%s → the bytes asked for, clipped to the content', (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([['bytes=1000-'], ['bytes=1000-1001'], ['bytes=-0']])('%s is unsatisfiable', (header) => {
    expect(parseRange(header, size)).toEqual({ kind: 'unsatisfiable' });
  });

  it('finds every range unsatisfiable on an empty content', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([[undefined], ['items=0-1'], ['bytes=5-1'], ['bytes=0-1,5-6'], ['bytes=-'], ['bytes=a-b']])(
    '%s gets the whole content (absent, invalid or multi-range)',
    (header) => {
      expect(parseRange(header, size)).toEqual({ kind: 'full' });
    },
  );
});
