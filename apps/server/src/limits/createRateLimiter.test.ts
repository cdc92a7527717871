import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

  describe('per-key limiter (memory store)', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: 0 });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('limits each key separately and reports when to retry', async () => {
      const limiter = createRateLimiter('test', { attempts: 2, perSeconds: 2 });
      expect(await limiter.attempt('a')).toEqual({ ok: true });
      expect(await limiter.attempt('a')).toEqual({ ok: true });
      vi.advanceTimersByTime(500);
      expect(await limiter.attempt('a')).toEqual({ ok: false, retryAfterMs: 1500 });
      expect(await limiter.attempt('b')).toEqual({ ok: true });
      vi.advanceTimersByTime(1500);
      expect(await limiter.attempt('a')).toEqual({ ok: true });
    });

    it('refused attempts do not extend the wait', async () => {
      const limiter = createRateLimiter('test', { attempts: 1, perSeconds: 60 });
      await limiter.attempt('a');
      for (let i = 0; i < 10; i++) await limiter.attempt('a');
      vi.advanceTimersByTime(60_000);
      expect(await limiter.attempt('a')).toEqual({ ok: true });
    });
  });
});
