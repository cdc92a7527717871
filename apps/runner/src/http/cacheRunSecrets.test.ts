import { MissingSecretsError } from '@synapse/db';
import { describe, expect, it } from 'vitest';
import { cacheRunSecrets } from './cacheRunSecrets';

/** Reads like the database vault (packages/db secretsVault): a missing name refuses the whole read. */
function vaultHolding(values: Record<string, string>, reads: string[][]) {
  return async (names: string[]) => {
    reads.push(names);
    const missing = names.filter((n) => !Object.hasOwn(values, n));
    if (missing.length > 0) throw new MissingSecretsError(missing);
    return new Map(names.map((n) => [n, values[n] as string]));
  };
}

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

  it('fails a node only for its own missing secret, not for one a node sharing the read references', async () => {
    const reads: string[][] = [];
    const read = cacheRunSecrets(vaultHolding({ A: 'value of A' }, reads));
    // Node 1 references A and the missing B; node 2, running at once, only A.
    const [first, second] = await Promise.allSettled([read(['A', 'B']), read(['A'])]);
    expect(first.status === 'rejected' && first.reason).toBeInstanceOf(MissingSecretsError);
    expect(first.status === 'rejected' && (first.reason as MissingSecretsError).names).toEqual(['B']);
    expect(second).toEqual({ status: 'fulfilled', value: new Map([['A', 'value of A']]) });
    expect(reads).toEqual([['A', 'B'], ['A']]);
    // A node reading its own missing name fails after one read of its own names, not two.
    await expect(read(['C'])).rejects.toThrow('not in the workspace vault: C');
    expect(reads).toEqual([['A', 'B'], ['A'], ['C']]);
  });
});
