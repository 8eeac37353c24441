// Amounts are typed as people write euro in Italy (1.234,50) and sent to the API in cents,
// computed on the digits, never through a floating-point number that could lose a cent.

const CENTS_PER_EURO = 100;
const DECIMALS = 2;
// Digits with optional thousands dots in groups of three, or plain digits; at most two decimals after a comma.
const EURO_TEXT = /^(?:(\d{1,3}(?:\.\d{3})+)|(\d+))(?:,(\d{1,2}))?$/;

/** `1.234,50` → 123450; null when the text is not an amount in euro (blank, letters, three decimals, a minus). */
export function parseEuroCents(text: string): number | null {
  const compact = text.replace(/\s|€/g, '');
  const match = EURO_TEXT.exec(compact);
  if (!match) return null;
  const whole = (match[1] ?? match[2]).replace(/\./g, '');
  const fraction = (match[3] ?? '').padEnd(DECIMALS, '0');
  const cents = Number(`${whole}${fraction}`);
  return Number.isSafeInteger(cents) ? cents : null;
}

const inputFormat = new Intl.NumberFormat('it-IT', {
  minimumFractionDigits: DECIMALS,
  maximumFractionDigits: DECIMALS,
  useGrouping: 'always',
});

/** 123450 → `1.234,50`: cents shown in a field the way parseEuroCents reads them back. */
export function euroInputOf(cents: number): string {
  return inputFormat.format(cents / CENTS_PER_EURO);
}
