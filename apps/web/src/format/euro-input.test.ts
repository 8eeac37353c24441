import { describe, expect, it } from 'vitest';
import { euroInputOf, parseEuroCents } from './euro-input';

describe('euro typed as in Italy, sent as cents', () => {
  it.each([
    ['1.234,50', 123_450],
    ['1234,5', 123_450],
    ['2.500.000', 250_000_000],
    ['0,07', 7],
    [' 1 234,00 € ', 123_400],
    ['0', 0],
  ])('reads %j as %d cents', (text, cents) => {
    expect(parseEuroCents(text)).toBe(cents);
  });

  it.each(['', 'mille', '12,345', '-5', '1.23,00', '1,234.50', '12.5'])('refuses %j', (text) => {
    expect(parseEuroCents(text)).toBeNull();
  });

  it('refuses an amount beyond what the API counts exactly in cents', () => {
    expect(parseEuroCents('99999999999999999')).toBeNull();
  });

  it('shows cents as the field reads them back, without losing a cent', () => {
    expect(euroInputOf(250_000_000)).toBe('2.500.000,00');
    expect(euroInputOf(7)).toBe('0,07');
    for (const cents of [1, 99, 10_01, 123_456_789_01]) expect(parseEuroCents(euroInputOf(cents))).toBe(cents);
  });
});
