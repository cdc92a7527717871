import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { createPublishedVersionRepo } from './publishedVersions';
import { createRunsRepo } from './runsRepo';
import type { Database, Sql } from './Sql';
import { createVersionRepo } from './workflowVersions';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Published versions: one per workflow, publishing again is a no-op, listings and runs show it. */
export function definePublishedVersionsSuite(name: string, open: () => Promise<Database>): void {
  describe(`published versions: ${name}`, () => {
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

    async function saveVersion(workspaceId: string, workflowId: string, versionName: string, at: number) {
      const id = unique('v');
      await createVersionRepo(sql).create({
        id,
        workspaceId,
        workflowId,
        state: new Uint8Array([1]),
        graph: { nodes: [] },
        reason: 'manual',
        name: versionName,
        createdBy: 'ada',
        createdAt: at,
      });
      return id;
    }

    it('keeps one published version per workflow; publishing the same one again changes nothing', async () => {
      const [ws, wf] = [unique('ws'), unique('wf')];
      const repo = createPublishedVersionRepo(sql);
      const v1 = await saveVersion(ws, wf, 'one', 1000);
      const v2 = await saveVersion(ws, wf, 'two', 2000);
      expect(await repo.get(ws, wf)).toBeNull();

      const first = await repo.publish({
        workspaceId: ws,
        workflowId: wf,
        versionId: v1,
        publishedBy: 'ada',
        publishedAt: 10,
      });
      expect(first).toEqual({
        changed: true,
        published: { workspaceId: ws, workflowId: wf, versionId: v1, publishedBy: 'ada', publishedAt: 10 },
      });
      const again = await repo.publish({
        workspaceId: ws,
        workflowId: wf,
        versionId: v1,
        publishedBy: 'bo',
        publishedAt: 20,
      });
      expect(again.changed).toBe(false);
      expect(again.published).toMatchObject({ versionId: v1, publishedBy: 'ada', publishedAt: 10 });

      await repo.publish({
        workspaceId: ws,
        workflowId: wf,
        versionId: v2,
        publishedBy: 'bo',
        publishedAt: 30,
      });
      expect((await repo.get(ws, wf))?.versionId).toBe(v2);
      const listed = await createVersionRepo(sql).listByWorkflow(ws, wf);
      expect(listed.map((v) => [v.name, v.published])).toEqual([
        ['two', true],
        ['one', false],
      ]);
    });

    it('records on a run how its version was chosen, and a manual version shows no run', async () => {
      const [ws, wf] = [unique('ws'), unique('wf')];
      const versionId = await saveVersion(ws, wf, 'release', 1000);
      const runs = createRunsRepo(sql);
      const created = await runs.create({
        id: unique('run'),
        workspaceId: ws,
        workflowId: wf,
        versionId,
        requestedBy: 'ada',
        inputs: {},
        createdAt: 2000,
        versionSource: 'published',
        versionName: 'release',
      });
      expect(created).toMatchObject({ versionSource: 'published', versionName: 'release' });
      expect((await runs.listByWorkflow(ws, wf))[0]).toMatchObject({ versionSource: 'published' });
      // Running a saved version does not make it a run's frozen snapshot.
      expect((await createVersionRepo(sql).listByWorkflow(ws, wf))[0]?.runId).toBeNull();
    });
  });
}
