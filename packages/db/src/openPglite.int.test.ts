import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './dataDirLock';
import { createDocumentStore } from './documentStore';
import { migrate } from './migrate';
import { openDatabase } from './openDatabase';
import { openPglite } from './openPglite';

describe('openPglite on a data directory', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-pglite-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen', async () => {
    const first = await openPglite({ dataDir: dir });
    expect(first.sql.driver).toBe('pglite');
    expect(first.pglite).toBeDefined();
    await migrate(first.sql);
    const seqs = await createDocumentStore(first.sql).appendUpdates([
      { docName: 'doc', update: new Uint8Array([1, 2]) },
      { docName: 'doc', update: new Uint8Array(1 << 20).fill(3) },
    ]);
    await createDocumentStore(first.sql).compact('doc', () => new Uint8Array([9]), [seqs[0]!]);
    await first.close();
    await first.close();
    await expect(stat(join(dir, 'synapse.lock'))).rejects.toMatchObject({ code: 'ENOENT' });

    const second = await openPglite({ dataDir: dir });
    try {
      expect(await migrate(second.sql)).toEqual({ applied: [] });
      const loaded = await createDocumentStore(second.sql).load('doc');
      expect(loaded.snapshot).toEqual(new Uint8Array([9]));
      expect(loaded.updates).toEqual([{ seq: seqs[1], update: new Uint8Array(1 << 20).fill(3) }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second open of the same directory while the first is open', async () => {
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openPglite({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      // The refused open must not have disturbed the first.
      expect(await first.sql.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await first.close();
    }
    await (await openPglite({ dataDir: dir })).close();
  });

  it('opens in memory without a data directory', async () => {
    const db = await openDatabase({});
    try {
      expect(db.sql.driver).toBe('pglite');
      expect(db.pglite?.dataDir).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
