import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDecodePool, type DecodePool } from './createDecodePool';

describe('decode pool', () => {
  let pool: DecodePool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('decodes a real update in a worker into item summaries', async () => {
    pool = createDecodePool({ size: 1 });
    const doc = new Y.Doc();
    doc.getMap('meta').set('name', 'Hello');
    doc.getMap('nodes').set('a', new Y.Map());
    const result = await pool.decode(Y.encodeStateAsUpdate(doc));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items.map((i) => [i.parent, i.parentSub, i.content])).toEqual([
      ['meta', 'name', 'any'],
      ['nodes', 'a', 'map'],
    ]);
    expect(result.items[0]?.values).toEqual(['Hello']);
  });

  it('starts no worker until the first decode', async () => {
    pool = createDecodePool({ size: 1 });
    expect(pool.started).toBe(false);
    await pool.decode(new Uint8Array([0, 0]));
    expect(pool.started).toBe(true);
  });

  it('answers garbage with a reason instead of throwing', async () => {
    pool = createDecodePool({ size: 1 });
    const result = await pool.decode(new Uint8Array([1, 2, 3, 4, 5, 6]));
    expect(result).toMatchObject({ ok: false });
  });

  it('kills a decode that hangs at the deadline, and keeps serving other updates meanwhile', async () => {
    pool = createDecodePool({
      size: 2,
      timeoutMs: 300,
      workerUrl: new URL('./hangingDecodeWorker.fixture.ts', import.meta.url),
    });
    await pool.whenReady();
    const order: string[] = [];
    const hung = pool.decode(new Uint8Array([0xff, 1])).then((r) => {
      order.push('hung');
      return r;
    });
    // The other worker answers while the first one spins.
    const fine = await Promise.all([1, 2, 3].map((n) => pool!.decode(new Uint8Array([n, n]))));
    order.push('fine');
    expect(fine.every((r) => r.ok)).toBe(true);
    expect(await hung).toEqual({ ok: false, reason: 'decoding took longer than 300 ms' });
    expect(order).toEqual(['fine', 'hung']);
    expect(pool.stats.timeouts).toBe(1);
    // The killed worker was replaced: the pool still has two working decoders.
    const after = await Promise.all([1, 2, 3, 4].map((n) => pool!.decode(new Uint8Array([n, n]))));
    expect(after.every((r) => r.ok)).toBe(true);
  });

  it('replaces a worker that dies', async () => {
    pool = createDecodePool({
      size: 1,
      workerUrl: new URL('./hangingDecodeWorker.fixture.ts', import.meta.url),
    });
    expect(await pool.decode(new Uint8Array([0xfe, 0]))).toMatchObject({ ok: false });
    expect(await pool.decode(new Uint8Array([1, 1]))).toMatchObject({ ok: true });
  });
});
