import { describe, expect, it } from 'vitest';
import { cacheRunSecrets } from './cacheRunSecrets';

describe('cacheRunSecrets', () => {
  it('reads each name once, sharing a read in flight between nodes running at once', async () => {
    const reads: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const read = cacheRunSecrets(async (names) => {
      reads.push(names);
      await gate;
      return new Map(names.map((n) => [n, `value of ${n}`]));
    });
    const both = Promise.all([read(['A']), read(['A', 'B']), read(['B', 'A'])]);
    release();
    const [a, ab, ba] = await both;
    expect(reads).toEqual([['A'], ['B']]);
    expect(a).toEqual(new Map([['A', 'value of A']]));
    expect(ab).toEqual(
      new Map([
        ['A', 'value of A'],
        ['B', 'value of B'],
      ]),
    );
    expect(ba.get('A')).toBe('value of A');
    await read(['A', 'B']);
    expect(reads).toHaveLength(2);
  });

  it('keeps neither a failed read nor a name the vault does not hold: the next node asks again', async () => {
    const reads: string[][] = [];
    let fail = true;
    const read = cacheRunSecrets(async (names) => {
      reads.push(names);
      if (fail) throw new Error('vault down');
      return new Map(names.filter((n) => n !== 'ABSENT').map((n) => [n, 'v']));
    });
    await expect(read(['A'])).rejects.toThrow('vault down');
    fail = false;
    expect(await read(['A', 'ABSENT'])).toEqual(new Map([['A', 'v']]));
    expect(await read(['A', 'ABSENT'])).toEqual(new Map([['A', 'v']]));
    expect(reads).toEqual([['A'], ['A', 'ABSENT'], ['ABSENT']]);
  });
});
