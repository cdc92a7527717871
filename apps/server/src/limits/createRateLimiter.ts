import { createTokenBucket, type TokenBucket, type TokenBucketOptions } from './createTokenBucket';

export interface RateLimiter {
  /** Counts one attempt for `key`; refused attempts report how long until the next is allowed. */
  attempt(key: string): { ok: true } | { ok: false; retryAfterMs: number };
}

/**
 * A token bucket per key (client address, account), for auth endpoints. Memory is bounded: past `maxKeys`
 * the oldest keys are forgotten (which can only make a limiter more lenient to them, never stricter).
 */
export function createRateLimiter(options: TokenBucketOptions & { maxKeys?: number }): RateLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, TokenBucket>();
  return {
    attempt(key) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        bucket = createTokenBucket(options);
        buckets.set(key, bucket);
      }
      if (bucket.take()) return { ok: true };
      return { ok: false, retryAfterMs: bucket.waitFor() };
    },
  };
}
