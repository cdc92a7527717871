import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './createRateLimiter';
import { createTokenBucket } from './createTokenBucket';

describe('rate limits', () => {
  it('a token bucket allows a burst, then the sustained rate', () => {
    let t = 0;
    const bucket = createTokenBucket({ capacity: 3, refillPerSecond: 2, now: () => t });
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.waitFor()).toBe(500);
    t = 500;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    t = 10_000;
    expect(bucket.take(3)).toBe(true);
    expect(bucket.take(4)).toBe(false);
  });

  it('limits each key separately and reports when to retry', () => {
    let t = 0;
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1, now: () => t });
    expect(limiter.attempt('a')).toEqual({ ok: true });
    expect(limiter.attempt('a')).toEqual({ ok: true });
    expect(limiter.attempt('a')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limiter.attempt('b')).toEqual({ ok: true });
    t = 1000;
    expect(limiter.attempt('a')).toEqual({ ok: true });
  });

  it('forgets the oldest keys past its size bound', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.001, maxKeys: 2, now: () => 0 });
    limiter.attempt('a');
    limiter.attempt('b');
    limiter.attempt('c');
    expect(limiter.attempt('a')).toEqual({ ok: true });
    expect(limiter.attempt('c').ok).toBe(false);
  });
});
