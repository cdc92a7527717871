/** A counting semaphore: at most `limit` holders; waiters are served first come, first served. */
export interface Semaphore {
  acquire(): Promise<() => void>;
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
  return {
    get inUse() {
      return inUse;
    },
    acquire() {
      let released = false;
      const once = () => {
        if (released) return;
        released = true;
        release();
      };
      if (inUse < limit) {
        inUse += 1;
        return Promise.resolve(once);
      }
      return new Promise((resolve) => waiters.push(() => resolve(once)));
    },
  };
}
