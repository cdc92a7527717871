import { describe, expect, it } from 'vitest';
import { createTestVersion, finishedRun as seedFinishedRun, unique } from './repoSuiteFixtures';
import { createRunHistoryRepo } from './runHistory';
import { createRunsRepo } from './runsRepo';
import type { Database } from './Sql';
import { useMigratedDatabase } from './useMigratedDatabase';

/** Run history: paging with filters, usage totals and percentiles, each workflow's newest run. */
export function defineRunHistorySuite(name: string, open: () => Promise<Database>): void {
  describe(`run history: ${name}`, () => {
    const db = useMigratedDatabase(open);
    const createVersion = (workflowId: string) => createTestVersion(db(), workflowId);
    const finishedRun = (p: Parameters<typeof seedFinishedRun>[1]) => seedFinishedRun(db(), p);

    it('pages run history newest first with filters, and aggregates usage per workflow and model', async () => {
      const history = createRunHistoryRepo(db());
      const ws = unique('ws');
      const [wfA, wfB] = [unique('wf'), unique('wf')];
      const versionA = await createVersion(wfA);
      const versionB = await createVersion(wfB);
      const day = 86_400_000;
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        const at = day + i * 1000;
        made.push(
          await finishedRun({
            workspaceId: ws,
            workflowId: i % 2 ? wfB : wfA,
            versionId: (i % 2 ? versionB : versionA).id,
            requestedBy: i < 5 ? 'alice' : 'bob',
            createdAt: at,
            startedAt: at + 10,
            finishedAt: at + 110 + i * 10,
            nodeFinishedAt: at + 100 * (i + 1),
            status: i === 3 ? 'failed' : 'succeeded',
            model: i < 4 ? 'gpt-4o-mini' : 'gpt-4o',
          }),
        );
      }
      const first = await history.list({ workspaceId: ws, limit: 3 });
      expect(first.runs.map((r) => r.id)).toEqual([made[6], made[5], made[4]]);
      const second = await history.list({ workspaceId: ws, limit: 3, before: first.next! });
      expect(second.runs.map((r) => r.id)).toEqual([made[3], made[2], made[1]]);
      const third = await history.list({ workspaceId: ws, limit: 3, before: second.next! });
      expect(third).toEqual({ runs: [expect.objectContaining({ id: made[0] })], next: null });
      expect((await history.list({ workspaceId: ws, workflowId: wfB })).runs).toHaveLength(3);
      expect((await history.list({ workspaceId: ws, status: 'failed' })).runs.map((r) => r.id)).toEqual([
        made[3],
      ]);
      expect((await history.list({ workspaceId: ws, requestedBy: 'bob' })).runs).toHaveLength(2);
      expect((await history.list({ workspaceId: ws, from: day + 2000, to: day + 4000 })).runs).toHaveLength(
        2,
      );
      expect((await history.list({ workspaceId: 'elsewhere' })).runs).toEqual([]);

      const byWorkflow = await history.byWorkflow({ workspaceId: ws, from: 0, to: 10 * day });
      expect(byWorkflow.find((b) => b.key === wfA)).toMatchObject({
        day,
        runs: 4,
        succeeded: 4,
        failed: 0,
        inputTokens: 40,
        outputTokens: 20,
      });
      expect(byWorkflow.find((b) => b.key === wfB)).toMatchObject({ runs: 3, succeeded: 2, failed: 1 });
      expect(byWorkflow.find((b) => b.key === wfA)!.costUsd).toBeCloseTo(0.04);
      const byModel = await history.byModel({ workspaceId: ws, from: 0, to: 10 * day });
      const mini = byModel.find((b) => b.key === 'openai/gpt-4o-mini')!;
      expect(mini).toMatchObject({ runs: 4, succeeded: 3, failed: 1, p50Ms: 250 });
      expect(mini.p95Ms).toBe(385);
    });

    it('totals usage per workflow and model over the whole range, percentiles over every run', async () => {
      const history = createRunHistoryRepo(db());
      const [ws, busy, quiet] = [unique('ws'), unique('wf'), unique('wf')];
      const day = 86_400_000;
      // busy: three runs on day 1 and one on day 3; quiet: one failed run. Durations in ms.
      const plan = [
        { workflowId: busy, at: day, ms: 100, model: 'm1' },
        { workflowId: busy, at: day + 10, ms: 200, model: 'm1' },
        { workflowId: busy, at: day + 20, ms: 300, model: 'm2' },
        { workflowId: busy, at: 3 * day, ms: 1000, model: 'm1', trigger: 'schedule:s1' },
        { workflowId: quiet, at: day + 30, ms: 50, model: 'm2', failed: true, trigger: 'webhook:w1' },
      ];
      for (const p of plan) {
        const { id: versionId } = await createVersion(p.workflowId);
        await finishedRun({
          workspaceId: ws,
          workflowId: p.workflowId,
          versionId,
          createdAt: p.at,
          startedAt: p.at,
          finishedAt: p.at + p.ms,
          nodeFinishedAt: p.at + p.ms,
          status: p.failed ? 'failed' : 'succeeded',
          model: p.model,
          ...(p.trigger ? { trigger: p.trigger } : {}),
        });
      }
      const q = { workspaceId: ws, from: 0, to: 10 * day };
      expect(await history.workflowTotals(q)).toEqual([
        {
          day: null,
          key: busy,
          runs: 4,
          succeeded: 4,
          failed: 0,
          inputTokens: 40,
          outputTokens: 20,
          costUsd: expect.closeTo(0.04),
          p50Ms: 250,
          p95Ms: 895,
        },
        {
          day: null,
          key: quiet,
          runs: 1,
          succeeded: 0,
          failed: 1,
          inputTokens: 10,
          outputTokens: 5,
          costUsd: expect.closeTo(0.01),
          p50Ms: 50,
          p95Ms: 50,
        },
      ]);
      // Daily buckets of the same runs split busy in two; the totals are not their sum of percentiles.
      expect((await history.byWorkflow(q)).filter((b) => b.key === busy).map((b) => b.day)).toEqual([
        day,
        3 * day,
      ]);
      const models = await history.modelTotals(q);
      expect(models.map((b) => [b.key, b.day, b.runs, b.succeeded, b.failed, b.p50Ms])).toEqual([
        ['openai/m1', null, 3, 3, 0, 200],
        ['openai/m2', null, 2, 1, 1, 175],
      ]);
      expect(await history.workflowTotals({ ...q, from: 2 * day })).toMatchObject([
        { key: busy, runs: 1, p50Ms: 1000 },
      ]);
      expect(await history.modelTotals({ ...q, workspaceId: 'elsewhere' })).toEqual([]);
      // By the kind of trigger: ids dropped, unrecorded triggers counted as manual.
      const triggers = await history.triggerTotals(q);
      expect(triggers.map((b) => [b.key, b.runs, b.succeeded, b.failed])).toEqual([
        ['manual', 3, 3, 0],
        ['schedule', 1, 1, 0],
        ['webhook', 1, 0, 1],
      ]);
    });

    it('finds every workflow’s newest run, however many runs of other workflows are newer', async () => {
      const history = createRunHistoryRepo(db());
      const runs = createRunsRepo(db());
      const [ws, old, busy] = [unique('ws'), unique('wf'), unique('wf')];
      const oldVersion = await createVersion(old);
      const busyVersion = await createVersion(busy);
      const create = (workflowId: string, versionId: string, createdAt: number, id = unique('run')) =>
        runs
          .create({
            id,
            workspaceId: ws,
            workflowId,
            versionId,
            requestedBy: 'alice',
            inputs: {},
            createdAt,
          })
          .then(() => id);
      await create(old, oldVersion.id, 1);
      // Two at the same millisecond: the larger id is the newer, as in the history's order.
      const [a, b] = [`${unique('run')}-a`, `${unique('run')}-b`];
      await create(old, oldVersion.id, 5, a);
      await create(old, oldVersion.id, 5, b);
      // More than a page of history (200) of another workflow, all newer than old's runs.
      for (let i = 0; i < 205; i++) await create(busy, busyVersion.id, 1000 + i);
      const newestPage = await history.list({ workspaceId: ws, limit: 200 });
      expect(newestPage.runs.some((r) => r.workflowId === old)).toBe(false);

      const latest = await history.latestPerWorkflow(ws);
      expect(latest.map((r) => [r.workflowId, r.id, r.createdAt]).sort()).toEqual(
        [
          [old, b, 5],
          [busy, newestPage.runs[0]!.id, 1204],
        ].sort(),
      );
      expect(await history.latestPerWorkflow('elsewhere')).toEqual([]);
    });
  });
}
