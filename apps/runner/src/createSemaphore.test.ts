import { describe, expect, it } from 'vitest';
import { createSemaphore } from './createSemaphore';

describe('createSemaphore', () => {
  it('admits up to the limit and hands slots to waiters in order', async () => {
    const s = createSemaphore(2);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const c = s.acquire().then((r) => {
      order.push('c');
      return r;
    });
    const d = s.acquire().then((r) => {
      order.push('d');
      return r;
    });
    expect(s.inUse).toBe(2);
    a();
    a();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    b();
    await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    expect(s.inUse).toBe(1);
  });

  it('gives a free slot at once with tryAcquire, and none while the slots are taken', async () => {
    const s = createSemaphore(1);
    const a = s.tryAcquire();
    expect(a).toBeTypeOf('function');
    expect(s.tryAcquire()).toBeNull();
    const waiting = s.acquire();
    a?.();
    // The slot went to the waiter, not back to the pool.
    expect(s.tryAcquire()).toBeNull();
    (await waiting)();
    expect(s.inUse).toBe(0);
    expect(s.tryAcquire()).toBeTypeOf('function');
  });

  it('refuses a non-positive limit', () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });
});
