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

  it('refuses a non-positive limit', () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });
});
