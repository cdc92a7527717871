import type { DocumentStore } from '@synapse/db';
import { describe, expect, it } from 'vitest';
import { instrumentDocumentStore } from './instrumentDocumentStore';

function fakeStore(append: DocumentStore['appendUpdates']): DocumentStore {
  return {
    appendUpdates: append,
    load: async () => ({ snapshot: null, snapshotVersion: null, updates: [] }),
    loadChanges: async () => ({ snapshot: null, snapshotVersion: null, updates: [] }),
    compact: async () => ({ snapshotStoredBytes: 0 }),
    stats: async () => ({ updateRows: 0, updateBytes: 0, snapshotBytes: 0 }),
  };
}

describe('instrumentDocumentStore', () => {
  it('reports rows in flight and the age of the oldest uncommitted batch, then the commit', async () => {
    let clock = 1000;
    let release: (seqs: number[]) => void = () => undefined;
    const inner = fakeStore(() => new Promise<number[]>((resolve) => (release = resolve)));
    const observed: [number, number][] = [];
    const { store, stats } = instrumentDocumentStore(inner, {
      now: () => clock,
      observer: { committed: (seconds, n) => observed.push([seconds, n]), failed: () => undefined },
    });
    const rows = [
      { docName: 'a', update: new Uint8Array([1]) },
      { docName: 'b', update: new Uint8Array([2]) },
    ];
    const pending = store.appendUpdates(rows);
    clock += 40;
    expect(stats()).toMatchObject({ inflightRows: 2, oldestInflightMs: 40, commits: 0 });
    release([1, 2]);
    expect(await pending).toEqual([1, 2]);
    const after = stats();
    expect(after).toMatchObject({
      inflightRows: 0,
      oldestInflightMs: 0,
      commits: 1,
      committedRows: 2,
      lastCommitMs: 40,
    });
    expect(after.commitSecondsSum).toBeCloseTo(0.04);
    expect(observed).toEqual([[0.04, 2]]);
  });

  it('counts a failed commit and passes the error on', async () => {
    let failed = 0;
    const { store, stats } = instrumentDocumentStore(
      fakeStore(async () => {
        throw new Error('disk full');
      }),
      { observer: { committed: () => undefined, failed: () => (failed += 1) } },
    );
    await expect(store.appendUpdates([{ docName: 'a', update: new Uint8Array([1]) }])).rejects.toThrow(
      'disk full',
    );
    expect(stats()).toMatchObject({ failures: 1, inflightRows: 0, commits: 0 });
    expect(failed).toBe(1);
  });
});
