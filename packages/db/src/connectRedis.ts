import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/** ioredis (~40 modules) is required on the first connection, not by importing this package (issue #18). */
const requireLazily = createRequire(import.meta.url);

export interface ConnectRedisOptions {
  /** Told once when the connection is lost (and again after each recovery), not on every retry. */
  onDown?: (error: Error) => void;
  onUp?: () => void;
}

/**
 * A Redis client for shared limits and breaker state. Commands fail at once while Redis is unreachable
 * (no offline queue): every caller has a per-process fallback, and a queued command would only hang the
 * request that sent it. The client keeps reconnecting in the background.
 */
export function connectRedis(url: string, options: ConnectRedisOptions = {}): Redis {
  const { Redis: RedisClient } = requireLazily('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  let reported = false;
  client.on('ready', () => {
    reported = false;
    options.onUp?.();
  });
  // An 'error' event without a listener would crash the process; each outage is reported once.
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    options.onDown?.(error);
  });
  return client;
}
