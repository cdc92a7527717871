export interface BackoffPolicy {
  /** Ceiling of the first retry's delay window. */
  baseMs: number;
  /** Largest delay window, however many retries came before. */
  maxMs: number;
  /** A server asking for a longer wait than this is not waited for: the router fails over instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * Delay before retry number `retry` (0 = the first retry): full jitter, a uniform draw from
 * [0, min(maxMs, baseMs·2^retry)), but never shorter than the server's `retry-after`. Returns null
 * when the server asks for more than `maxRetryAfterMs`, meaning "do not wait for this model".
 */
export function computeBackoffMs(
  retry: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number | null {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return null;
  const window = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry));
  const jitter = Math.floor(random() * window);
  return Math.max(jitter, retryAfterMs ?? 0);
}
