import type { SystemHealth } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { createHealthFeed } from './createHealthFeed';
import { toSystemHealth } from './systemHealthRoutes';
import { exampleSystemStatus } from './test/exampleSystemStatus';

/** A feed whose sampler ticks by hand and whose reads answer what the test sets. */
function harness() {
  let tick: (() => void) | null = null;
  let current = toSystemHealth(exampleSystemStatus());
  let reads = 0;
  const feed = createHealthFeed({
    read: async () => {
      reads++;
      return current;
    },
    sampleMs: 1000,
    refreshMs: 15_000,
    setInterval: (fn) => {
      tick = fn;
      return 'timer';
    },
    clearInterval: () => {
      tick = null;
    },
  });
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return {
    feed,
    set(change: Partial<SystemHealth>) {
      current = { ...current, ...change };
    },
    async tick() {
      tick?.();
      await flush();
    },
    flush,
    running: () => tick !== null,
    reads: () => reads,
  };
}

describe('createHealthFeed', () => {
  it('sends the status at once, then only when it changes or the refresh time passed', async () => {
    const h = harness();
    const seen: SystemHealth[] = [];
    const unsubscribe = h.feed.subscribe((health) => seen.push(health));
    await h.flush();
    expect(seen).toHaveLength(1);
    const first = seen[0]!;
    h.set({ checkedAt: first.checkedAt + 1000 });
    await h.tick();
    expect(seen).toHaveLength(1); // only the time moved
    h.set({ checkedAt: first.checkedAt + 2000, sync: { connections: 9, documents: 4 } });
    await h.tick();
    expect(seen.map((s) => s.sync.connections)).toEqual([first.sync.connections, 9]);
    h.set({ checkedAt: first.checkedAt + 2000 + 15_000 });
    await h.tick();
    expect(seen).toHaveLength(3); // unchanged, but "checked …" must stay current
    unsubscribe();
  });

  it('samples once for every watcher, gives a late one the latest at once, and stops with the last', async () => {
    const h = harness();
    const a: SystemHealth[] = [];
    const b: SystemHealth[] = [];
    const offA = h.feed.subscribe((health) => a.push(health));
    await h.flush();
    const offB = h.feed.subscribe((health) => b.push(health));
    expect(b).toHaveLength(1);
    h.set({ status: 'degraded' });
    await h.tick();
    expect(h.reads()).toBe(2);
    expect([a.at(-1)?.status, b.at(-1)?.status]).toEqual(['degraded', 'degraded']);
    offA();
    expect(h.running()).toBe(true);
    offB();
    expect(h.running()).toBe(false);
  });
});
