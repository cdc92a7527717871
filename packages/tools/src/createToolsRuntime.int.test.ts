import { createMemoryUsageRepo, createWorkspacesRepo, type Database, migrate, openPglite } from '@synapse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolsRuntime } from './createToolsRuntime';

describe('createToolsRuntime memory bank', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db.sql);
    await createWorkspacesRepo(db.sql).ensure({ id: 'ws', name: 'ws' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('records every agent read (with what it found) and write for the usage analytics', async () => {
    const runtime = createToolsRuntime({
      sql: db.sql,
      keyStore: null,
      stdioServers: [],
      addressPolicy: { allowPrivate: false, allow: [] },
    });
    try {
      const memory = runtime.memoryFor('ws', 'run-1');
      const id = await memory.write('writer', 'Refunds take five business days');
      expect((await memory.search('refunds', 3)).map((h) => h.id)).toEqual([id]);
      expect(await memory.search('unrelated words', 3)).toEqual([]);
      const report = await createMemoryUsageRepo(db.sql).report('ws', { from: 0, to: Date.now() + 1 });
      expect(
        report.daily.map(({ reads, readsWithHits, writes }) => ({ reads, readsWithHits, writes })),
      ).toEqual([{ reads: 2, readsWithHits: 1, writes: 1 }]);
      expect(report.topEntries).toEqual([
        { entryId: id, uses: 1, preview: 'Refunds take five business days' },
      ]);
    } finally {
      await runtime.close();
    }
  });
});
