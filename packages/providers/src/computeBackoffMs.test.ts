import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBackoffMs, DEFAULT_BACKOFF } from './computeBackoffMs';

const policy = { baseMs: 500, maxMs: 8_000, maxRetryAfterMs: 60_000 };

describe('computeBackoffMs', () => {
  it('draws from a window that doubles per retry and stops at maxMs', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 9].map((retry) => computeBackoffMs(retry, policy, top))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 7_999, 7_999,
    ]);
    expect(computeBackoffMs(3, policy, () => 0)).toBe(0);
  });

  it('never waits less than retry-after', () => {
    expect(computeBackoffMs(0, policy, () => 0.5, 3_000)).toBe(3_000);
    expect(computeBackoffMs(4, policy, () => 0.9, 10)).toBe(7_200);
  });

  it('refuses to wait (null) when retry-after is beyond maxRetryAfterMs', () => {
    expect(computeBackoffMs(0, policy, () => 0.5, 60_001)).toBeNull();
    expect(computeBackoffMs(0, policy, () => 0.5, 60_000)).toBe(60_000);
  });

  it('stays within [max(retryAfter, 0), max(retryAfter, window)) for any retry and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
        (retry, draw, retryAfter) => {
          const delay = computeBackoffMs(retry, DEFAULT_BACKOFF, () => draw, retryAfter);
          const window = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** retry);
          expect(delay).not.toBeNull();
          expect(delay!).toBeGreaterThanOrEqual(retryAfter ?? 0);
          expect(delay!).toBeLessThanOrEqual(Math.max(retryAfter ?? 0, window));
        },
      ),
    );
  });
});
