import { describe, expect, it } from 'vitest';
import { createGroupCommit, type PendingUpdate } from './createGroupCommit';

describe('group commit', () => {
  it('writes everything appended in one turn as one batch, in order', async () => {
    const batches: PendingUpdate[][] = [];
    let seq = 0;
    const commit = createGroupCommit(async (rows) => {
      batches.push(rows);
      return rows.map(() => ++seq);
    });
    const results = await Promise.all([
      commit.append('a', new Uint8Array([1])),
      commit.append('b', new Uint8Array([2])),
      commit.append('a', new Uint8Array([3])),
    ]);
    expect(results).toEqual([1, 2, 3]);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((r) => r.docName)).toEqual(['a', 'b', 'a']);
  });

  it('accumulates the next batch while one is in flight', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let seq = 0;
    const commit = createGroupCommit(async (rows) => {
      sizes.push(rows.length);
      if (sizes.length === 1) await gate;
      return rows.map(() => ++seq);
    });
    const first = commit.append('a', new Uint8Array([1]));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const later = [commit.append('a', new Uint8Array([2])), commit.append('a', new Uint8Array([3]))];
    release();
    await Promise.all([first, ...later]);
    expect(sizes).toEqual([1, 2]);
  });

  it('rejects every update of a failed batch and keeps working afterwards', async () => {
    let fail = true;
    const commit = createGroupCommit(async (rows) => {
      if (fail) throw new Error('disk full');
      return rows.map((_, i) => i + 1);
    });
    const failed = Promise.allSettled([
      commit.append('a', new Uint8Array([1])),
      commit.append('a', new Uint8Array([2])),
    ]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(commit.append('a', new Uint8Array([3]))).resolves.toBe(1);
    await commit.drained();
  });
});
