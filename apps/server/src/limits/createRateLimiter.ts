import type { Redis } from '@synapse/db';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** `attempts` per window of `perSeconds`: a burst of all of them is allowed, then none until the window ends. */
export interface RateLimitRule {
  attempts: number;
  perSeconds: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Counts one attempt for `key`; refused attempts report how long until the next is allowed. */
  attempt(key: string): Promise<RateVerdict>;
}

/**
 * A fixed-window counter per key (client address, account) on rate-limiter-flexible. With `redis` every
 * server counts in the same Redis keys (`synapse:limit:<name>:<key>`), so N servers allow what one does.
 * Without it (embedded) the counters live in this process. If Redis fails mid-way the insurance limiter
 * answers: each server falls back to the same rule counted in its own memory (ADR 0016) — never fully open
 * to brute force, never locking everyone out of signing in because Redis blinked.
 */
export function createRateLimiter(name: string, rule: RateLimitRule, redis?: Redis | null): RateLimiter {
  const options = { points: rule.attempts, duration: rule.perSeconds, keyPrefix: `synapse:limit:${name}` };
  const memory = new RateLimiterMemory(options);
  const limiter = redis
    ? new RateLimiterRedis({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async attempt(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (refusal) {
        // A Redis error with no insurance would surface here; with insurance only refusals do.
        if (refusal instanceof RateLimiterRes) return { ok: false, retryAfterMs: refusal.msBeforeNext };
        throw refusal;
      }
    },
  };
}
