export interface TokenBucketOptions {
  /** Burst size. */
  capacity: number;
  /** Sustained rate. */
  refillPerSecond: number;
  now?: () => number;
}

export interface TokenBucket {
  /** Takes `cost` tokens if there are enough; otherwise takes nothing. */
  take(cost?: number): boolean;
  /** Milliseconds until `cost` tokens will be available. */
  waitFor(cost?: number): number;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const now = options.now ?? Date.now;
  let tokens = options.capacity;
  let updatedAt = now();
  function refill(): void {
    const at = now();
    tokens = Math.min(options.capacity, tokens + ((at - updatedAt) / 1000) * options.refillPerSecond);
    updatedAt = at;
  }
  return {
    take(cost = 1) {
      refill();
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
    waitFor(cost = 1) {
      refill();
      return tokens >= cost ? 0 : Math.ceil(((cost - tokens) / options.refillPerSecond) * 1000);
    },
  };
}
