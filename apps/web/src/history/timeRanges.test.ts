import { describe, expect, it } from 'vitest';
import { dayWindow, rangeStart } from './timeRanges';

describe('time ranges', () => {
  const now = Date.UTC(2026, 2, 15, 13, 30);

  it('starts a relative range that long before now, and "all" has no start', () => {
    expect(rangeStart('24h', now)).toBe(now - 86_400_000);
    expect(rangeStart('7d', now)).toBe(now - 7 * 86_400_000);
    expect(rangeStart('all', now)).toBeUndefined();
  });

  it('covers whole UTC days up to the end of today', () => {
    expect(dayWindow(7, now)).toEqual({ from: Date.UTC(2026, 2, 9), to: Date.UTC(2026, 2, 16) });
  });
});
