/** A counting semaphore: at most `limit` holders; waiters are served first come, first served. */
export interface Semaphore {
  acquire(): Promise<() => void>;
  /** A slot now if one is free and nobody waits, else null (so a caller need not yield to get one). */
  tryAcquire(): (() => void) | null;
  readonly inUse: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('semaphore limit must be a positive integer');
  let inUse = 0;
  const waiters: (() => void)[] = [];
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else inUse -= 1;
  };
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  const tryAcquire = () => {
    if (inUse >= limit) return null;
    inUse += 1;
    return releaser();
  };
  return {
    get inUse() {
      return inUse;
    },
    tryAcquire,
    acquire() {
      const now = tryAcquire();
      if (now) return Promise.resolve(now);
      const once = releaser();
      return new Promise((resolve) => waiters.push(() => resolve(once)));
    },
  };
}
