import { slidingMinuteLimiter } from './notifier';

describe('provider rate limit', () => {
  it.each([1, 2, 30, 59, 60, 61, 100, 600, 1000, 6000])('%i per minute never exceeds the limit in any sliding minute', (perMinute) => {
    const { max, duration } = slidingMinuteLimiter(perMinute);
    // Worst case: a full window starts at the beginning of the minute and one more ends it.
    expect(max * (Math.floor(60_000 / duration) + 1)).toBeLessThanOrEqual(perMinute);
    // …and does not waste much of it.
    expect(max * Math.floor(60_000 / duration)).toBeGreaterThanOrEqual(Math.floor(perMinute * 0.9) - max);
  });
});
