export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before letting one probe through. */
  cooldownMs?: number;
  now?: () => number;
}

export interface CircuitBreaker {
  /**
   * Whether a call to `key` may go ahead now. An open breaker whose cooldown has passed turns
   * half-open and admits exactly one probe; everyone else is refused until the probe reports.
   */
  tryAcquire(key: string): boolean;
  recordSuccess(key: string): void;
  recordFailure(key: string): void;
  /** The acquired call ended without saying anything about health (cancelled, bad request). */
  release(key: string): void;
  state(key: string): BreakerState;
  /** Milliseconds until an open breaker admits a probe (0 when not open). */
  retryInMs(key: string): number;
}

type MaybePromise<T> = T | Promise<T>;

/** What the router needs of a breaker: the in-memory one below, or one whose state is shared (Redis). */
export interface CircuitBreakerLike {
  tryAcquire(key: string): MaybePromise<boolean>;
  recordSuccess(key: string): MaybePromise<void>;
  recordFailure(key: string): MaybePromise<void>;
  release(key: string): MaybePromise<void>;
  state(key: string): MaybePromise<BreakerState>;
  retryInMs(key: string): MaybePromise<number>;
}

interface Entry {
  failures: number;
  openedAt?: number;
  probing: boolean;
}

/** A per key (provider/model) consecutive-failure breaker: closed → open → half-open → closed/open. */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const entry = (key: string) => {
    let value = entries.get(key);
    if (!value) {
      value = { failures: 0, probing: false };
      entries.set(key, value);
    }
    return value;
  };
  const state = (key: string): BreakerState => {
    const value = entries.get(key);
    if (value?.openedAt === undefined) return 'closed';
    return now() - value.openedAt >= cooldownMs ? 'half_open' : 'open';
  };

  return {
    tryAcquire(key) {
      const current = state(key);
      if (current === 'closed') return true;
      if (current === 'open') return false;
      const value = entry(key);
      if (value.probing) return false;
      value.probing = true;
      return true;
    },
    recordSuccess(key) {
      entries.delete(key);
    },
    recordFailure(key) {
      const value = entry(key);
      const wasProbe = value.probing;
      value.probing = false;
      value.failures += 1;
      if (wasProbe || value.failures >= threshold) value.openedAt = now();
    },
    release(key) {
      const value = entries.get(key);
      if (value) value.probing = false;
    },
    state,
    retryInMs(key) {
      const openedAt = entries.get(key)?.openedAt;
      if (openedAt === undefined) return 0;
      return Math.max(0, openedAt + cooldownMs - now());
    },
  };
}
