import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQueuedRun } from './insertQueuedRun';
import { createMemoryRepo } from './memoryRepo';
import { createMemoryUsageRepo } from './memoryUsageRepo';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

/** Memory bank usage events and the Analytics report over them. */
export function defineMemoryUsageSuite(name: string, open: () => Promise<Database>): void {
  describe(`memory usage repository: ${name}`, () => {
    let db: Database;
    let sql: Sql;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    async function workspace() {
      const id = unique('ws');
      await createWorkspacesRepo(sql).ensure({ id, name: id });
      return id;
    }

    const runOf = (workspaceId: string, workflowId: string) => insertQueuedRun(sql, workspaceId, workflowId);

    it('counts reads, reads that found something and writes per UTC day and per workflow', async () => {
      const ws = await workspace();
      const usage = createMemoryUsageRepo(sql);
      const [a, b] = [await runOf(ws, 'wf-a'), await runOf(ws, 'wf-b')];
      const ev = (runId: string, kind: 'read' | 'write', entryIds: string[], now: number) =>
        usage.record({ workspaceId: ws, runId, nodeId: 'n', kind, entryIds, now });
      await ev(a, 'read', ['e1', 'e2'], T0 + 1000);
      await ev(a, 'read', [], T0 + 2000);
      await ev(a, 'write', ['e3'], T0 + 3000);
      await ev(b, 'read', ['e1'], T0 + DAY + 5);
      await ev(b, 'read', ['e1'], T0 + 3 * DAY); // outside the range
      const other = await workspace();
      await usage.record({
        workspaceId: other,
        runId: null,
        nodeId: null,
        kind: 'read',
        entryIds: ['e1'],
        now: T0,
      });

      const report = await usage.report(ws, { from: T0, to: T0 + 2 * DAY });
      expect(report.daily).toEqual([
        { day: T0, workflowId: 'wf-a', reads: 2, readsWithHits: 1, writes: 1 },
        { day: T0 + DAY, workflowId: 'wf-b', reads: 1, readsWithHits: 1, writes: 0 },
      ]);
      expect(report.topEntries.map((e) => [e.entryId, e.uses])).toEqual([
        ['e1', 2],
        ['e2', 1],
      ]);
      // One workflow's usage alone, its most used entries included.
      const onlyA = await usage.report(ws, { from: T0, to: T0 + 2 * DAY, workflowId: 'wf-a' });
      expect(onlyA.daily.map((d) => d.workflowId)).toEqual(['wf-a']);
      expect(onlyA.topEntries.map((e) => [e.entryId, e.uses])).toEqual([
        ['e1', 1],
        ['e2', 1],
      ]);
    });

    it('shows the start of a used entry, and null once it is deleted', async () => {
      const ws = await workspace();
      const memory = createMemoryRepo(sql);
      const usage = createMemoryUsageRepo(sql);
      const kept = await memory.add({
        workspaceId: ws,
        content: 'Customers prefer short answers',
        createdBy: 'ada',
        now: 1,
      });
      const gone = await memory.add({ workspaceId: ws, content: 'Old note', createdBy: 'ada', now: 1 });
      await usage.record({
        workspaceId: ws,
        runId: null,
        nodeId: null,
        kind: 'read',
        entryIds: [kept.id, gone.id],
        now: T0,
      });
      await usage.record({
        workspaceId: ws,
        runId: null,
        nodeId: null,
        kind: 'read',
        entryIds: [kept.id],
        now: T0,
      });
      await memory.remove(ws, gone.id);
      const report = await usage.report(ws, { from: T0, to: T0 + DAY, top: 5 });
      expect(report.topEntries).toEqual([
        { entryId: kept.id, uses: 2, preview: 'Customers prefer short answers' },
        { entryId: gone.id, uses: 1, preview: null },
      ]);
      expect(report.daily).toEqual([{ day: T0, workflowId: '', reads: 2, readsWithHits: 2, writes: 0 }]);
    });
  });
}
