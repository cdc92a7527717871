import { describe, expect, it } from 'vitest';
import { createLoadCache } from './createLoadCache';

/** A fetch whose answers the test gives by hand, counting calls per key. */
function manualFetch() {
  const waiting: { key: string; resolve(v: string): void; reject(e: Error): void }[] = [];
  const fetch = (key: string) =>
    new Promise<string>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
    });
  return { fetch, waiting };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLoadCache', () => {
  it('loads a key once for every asker and tells subscribers when it arrives', async () => {
    const f = manualFetch();
    const cache = createLoadCache(f.fetch);
    let changes = 0;
    cache.subscribe(() => {
      changes += 1;
    });
    cache.load('a');
    cache.load('a');
    expect(cache.get('a')).toEqual({ state: 'loading' });
    expect(f.waiting).toHaveLength(1);
    f.waiting[0]?.resolve('A');
    await settle();
    expect(cache.get('a')).toEqual({ state: 'ready', data: 'A' });
    expect(changes).toBe(1);
    cache.load('a');
    expect(f.waiting).toHaveLength(1);
  });

  it('keeps an error until asked again, and a fresh load that fails keeps the data it had', async () => {
    const f = manualFetch();
    const cache = createLoadCache(f.fetch);
    cache.load('a');
    f.waiting[0]?.reject(new Error('offline'));
    await settle();
    expect(cache.get('a')).toEqual({ state: 'error', message: 'offline' });
    cache.load('a');
    expect(cache.get('a')).toEqual({ state: 'loading' });
    f.waiting[1]?.resolve('A');
    await settle();
    cache.load('a', true);
    expect(cache.get('a')).toEqual({ state: 'ready', data: 'A' });
    f.waiting[2]?.reject(new Error('offline'));
    await settle();
    expect(cache.get('a')).toEqual({ state: 'ready', data: 'A' });
  });
});
