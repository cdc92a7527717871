import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { createCheckpointRepo } from './runCheckpoints';
import { createRunHistoryRepo } from './runHistory';
import { createRunsRepo } from './runsRepo';
import type { Database, Sql } from './Sql';
import { createVersionRepo } from './workflowVersions';
import { createWorkspacesRepo } from './workspacesRepo';

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const u = (...values: number[]) => new Uint8Array(values);

/** Migrations and repositories against a driver. `open` returns a fresh, empty database. */
export function defineRepoSuite(name: string, open: () => Promise<Database>): void {
  describe(`migrations and repositories: ${name}`, () => {
    let db: Database;
    let sql: Sql;
    let firstRun: { applied: string[] };

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      firstRun = await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    describe('migrate', () => {
      it('applies nothing of a run in which one migration fails', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'synapse-migrations-'));
        try {
          await cp(MIGRATIONS, dir, { recursive: true });
          await writeFile(join(dir, '9000_good.sql'), 'create table migrate_good (id int);');
          await writeFile(
            join(dir, '9002_broken.sql'),
            'create table migrate_broken (id int); select no_such_fn();',
          );
          await expect(migrate(sql, { migrationsDir: dir })).rejects.toThrow('no_such_fn');
          const [row] = await sql.query(
            `select to_regclass('migrate_good') is null and to_regclass('migrate_broken') is null as clean,
               (select count(*) from synapse_migrations where name like '900%') as recorded`,
          );
          expect(row).toEqual({ clean: true, recorded: 0 });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

      it('applies every migration once and records it', async () => {
        const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort();
        expect(firstRun.applied).toEqual(files.map((f) => f.replace(/\.sql$/, '')));
        expect(await migrate(sql)).toEqual({ applied: [] });
        const recorded = await sql.query('select name, applied_at_ms from synapse_migrations order by name');
        expect(recorded.map((r) => r.name)).toEqual(firstRun.applied);
        expect(typeof recorded[0]?.applied_at_ms).toBe('number');
      });

      it('applies only a new migration, and refuses an applied one that was edited', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'synapse-migrations-'));
        try {
          await cp(MIGRATIONS, dir, { recursive: true });
          await writeFile(join(dir, '9001_extra.sql'), 'create table migrate_extra (id int);');
          expect(await migrate(sql, { migrationsDir: dir })).toEqual({ applied: ['9001_extra'] });
          await writeFile(join(dir, '9001_extra.sql'), 'create table migrate_extra (id bigint);');
          await expect(migrate(sql, { migrationsDir: dir })).rejects.toThrow('synapse.db.migration_changed');
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    });

    describe('repositories', () => {
      async function createVersion(workflowId: string) {
        const version = {
          id: unique('ver'),
          workspaceId: 'ws-1',
          workflowId,
          state: u(5, 6, 7),
          graph: { nodes: [{ id: 'n1', kind: 'llm' }], edges: [] },
          reason: 'run' as const,
          createdBy: 'user-1',
          createdAt: 1_700_000_000_000,
        };
        await createVersionRepo(sql).create(version);
        return version;
      }

      /** A run claimed at `startedAt` and finished with `status`, and its one model node's checkpoint. */
      async function finishedRun(p: {
        workspaceId: string;
        versionId: string;
        workflowId: string;
        requestedBy?: string;
        createdAt: number;
        startedAt: number;
        finishedAt: number;
        nodeFinishedAt: number;
        status: 'succeeded' | 'failed';
        model: string;
      }): Promise<string> {
        const runs = createRunsRepo(sql);
        const id = unique('run');
        const { workspaceId, versionId, workflowId, createdAt, status } = p;
        await runs.create({
          id,
          workspaceId,
          workflowId,
          versionId,
          requestedBy: p.requestedBy ?? 'alice',
          inputs: {},
          createdAt,
        });
        const claim = await runs.claim(id, 'r', p.startedAt);
        const usage = { inputTokens: 10, outputTokens: 5, costUsd: 0.01 };
        await runs.updateFenced(id, claim!.token, { status, finishedAt: p.finishedAt, ...usage });
        await createCheckpointRepo(sql).save(id, claim!.token, {
          nodeId: 'n',
          status,
          output: 'x',
          branch: null,
          attempt: 1,
          provider: 'openai',
          model: p.model,
          ...usage,
          error: null,
          startedAt: createdAt,
          finishedAt: p.nodeFinishedAt,
        });
        return id;
      }

      it('stores and reads back workflow versions', async () => {
        const version = await createVersion(unique('wf'));
        const read = await createVersionRepo(sql).get(version.id);
        expect(read).toEqual(version);
        expect(read?.state.constructor).toBe(Uint8Array);
        expect(await createVersionRepo(sql).get('missing')).toBeNull();
      });

      it('creates, reads, patches and lists runs', async () => {
        const runs = createRunsRepo(sql);
        const workflowId = unique('wf');
        const version = await createVersion(workflowId);
        const base = { workspaceId: 'ws-1', workflowId, versionId: version.id, requestedBy: 'user-1' };
        const created = await runs.create({
          ...base,
          id: unique('run'),
          inputs: { topic: 'tides' },
          createdAt: 10,
        });
        expect(created).toEqual({
          ...base,
          id: created.id,
          status: 'queued',
          inputs: { topic: 'tides' },
          error: null,
          inputTokens: 0,
          outputTokens: 0,
          createdAt: 10,
          startedAt: null,
          finishedAt: null,
          fencingToken: 0,
          cancelRequestedAt: null,
          deadlineAt: null,
          costUsd: null,
          versionSource: null,
          versionName: null,
          trigger: null,
        });
        expect(await runs.get(created.id)).toEqual(created);
        const hooked = await runs.create({
          ...base,
          workspaceId: 'ws-trigger',
          id: unique('run'),
          inputs: {},
          createdAt: 10,
          trigger: 'webhook:h1',
        });
        expect((await runs.get(hooked.id))?.trigger).toBe('webhook:h1');
        expect(await runs.get('missing')).toBeNull();

        const started = await runs.update(created.id, { status: 'running', startedAt: 11 });
        expect(started).toEqual({ ...created, status: 'running', startedAt: 11 });
        const failed = await runs.update(created.id, {
          status: 'failed',
          error: 'provider down',
          inputTokens: 12,
          outputTokens: 3,
          finishedAt: 20,
        });
        expect(failed).toMatchObject({
          status: 'failed',
          error: 'provider down',
          inputTokens: 12,
          finishedAt: 20,
        });
        expect(await runs.update(created.id, { error: null })).toMatchObject({
          error: null,
          status: 'failed',
        });
        expect(await runs.update(created.id, {})).toEqual(await runs.get(created.id));
        expect(await runs.update('missing', { status: 'running' })).toBeNull();

        const second = await runs.create({ ...base, id: unique('run'), inputs: {}, createdAt: 30 });
        const third = await runs.create({ ...base, id: unique('run'), inputs: {}, createdAt: 20 });
        await runs.create({ ...base, workspaceId: 'ws-other', id: unique('run'), inputs: {}, createdAt: 40 });
        const listed = await runs.listByWorkflow('ws-1', workflowId);
        expect(listed.map((r) => r.id)).toEqual([second.id, third.id, created.id]);
        expect((await runs.listByWorkflow('ws-1', workflowId, 1)).map((r) => r.id)).toEqual([second.id]);
      });

      it('fences runners: each claim bumps the token, stale writers and checkpoints are refused', async () => {
        const runs = createRunsRepo(sql);
        const checkpoints = createCheckpointRepo(sql);
        const version = await createVersion(unique('wf'));
        const run = await runs.create({
          id: unique('run'),
          workspaceId: 'ws-1',
          workflowId: version.workflowId,
          versionId: version.id,
          requestedBy: 'u',
          inputs: {},
          createdAt: 1,
          deadlineAt: 100,
        });
        const first = await runs.claim(run.id, 'runner-a', 5);
        expect(first).toMatchObject({ token: 1, resumed: false, run: { status: 'running', startedAt: 5 } });
        const checkpoint = {
          nodeId: 'n1',
          status: 'succeeded' as const,
          output: 'done',
          branch: null,
          attempt: 1,
          provider: 'local',
          model: 'local-demo',
          inputTokens: 3,
          outputTokens: 4,
          costUsd: 0,
          error: null,
          startedAt: 5,
          finishedAt: 6,
        };
        expect(await checkpoints.save(run.id, 1, checkpoint)).toBe(true);
        const second = await runs.claim(run.id, 'runner-b', 7);
        expect(second).toMatchObject({ token: 2, resumed: true, run: { startedAt: 5 } });
        expect(await checkpoints.save(run.id, 1, { ...checkpoint, nodeId: 'n2' })).toBe(false);
        expect(await runs.updateFenced(run.id, 1, { status: 'failed' })).toBe(false);
        expect(await checkpoints.list(run.id)).toEqual([checkpoint]);
        expect((await runs.listOverdue(101)).map((r) => r.id)).toContain(run.id);
        expect(await runs.updateFenced(run.id, 2, { status: 'succeeded', finishedAt: 9, costUsd: 0.5 })).toBe(
          true,
        );
        expect(await runs.get(run.id)).toMatchObject({ status: 'succeeded', costUsd: 0.5 });
        expect(await runs.claim(run.id, 'runner-c', 10)).toBeNull();
        expect((await runs.listOverdue(101)).map((r) => r.id)).not.toContain(run.id);
      });

      it('cancels a queued run on the spot and only flags a running one', async () => {
        const runs = createRunsRepo(sql);
        const version = await createVersion(unique('wf'));
        const make = () =>
          runs.create({
            id: unique('run'),
            workspaceId: 'ws-1',
            workflowId: version.workflowId,
            versionId: version.id,
            requestedBy: 'u',
            inputs: {},
            createdAt: 1,
          });
        const queued = await make();
        expect(await runs.requestCancel(queued.id, 50)).toEqual({ status: 'cancelled' });
        expect(await runs.get(queued.id)).toMatchObject({ cancelRequestedAt: 50, finishedAt: 50 });
        expect(await runs.claim(queued.id, 'runner', 51)).toBeNull();
        expect(await runs.requestCancel(queued.id, 52)).toBeNull();
        const running = await make();
        await runs.claim(running.id, 'runner', 2);
        expect(await runs.requestCancel(running.id, 60)).toEqual({ status: 'running' });
        expect(await runs.get(running.id)).toMatchObject({ cancelRequestedAt: 60, finishedAt: null });
      });

      it('pages run history newest first with filters, and aggregates usage per workflow and model', async () => {
        const history = createRunHistoryRepo(sql);
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
        const history = createRunHistoryRepo(sql);
        const [ws, busy, quiet] = [unique('ws'), unique('wf'), unique('wf')];
        const day = 86_400_000;
        // busy: three runs on day 1 and one on day 3; quiet: one failed run. Durations in ms.
        const plan = [
          { workflowId: busy, at: day, ms: 100, model: 'm1' },
          { workflowId: busy, at: day + 10, ms: 200, model: 'm1' },
          { workflowId: busy, at: day + 20, ms: 300, model: 'm2' },
          { workflowId: busy, at: 3 * day, ms: 1000, model: 'm1' },
          { workflowId: quiet, at: day + 30, ms: 50, model: 'm2', failed: true },
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
      });

      it('finds every workflow’s newest run, however many runs of other workflows are newer', async () => {
        const history = createRunHistoryRepo(sql);
        const runs = createRunsRepo(sql);
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

      it('refuses a run whose version does not exist', async () => {
        await expect(
          createRunsRepo(sql).create({
            id: unique('run'),
            workspaceId: 'ws-1',
            workflowId: 'wf',
            versionId: 'no-such-version',
            requestedBy: 'user-1',
            inputs: {},
            createdAt: 1,
          }),
        ).rejects.toThrow();
      });

      it('ensures workspaces idempotently and lists them oldest first', async () => {
        let clock = 100;
        const workspaces = createWorkspacesRepo(sql, { now: () => clock++ });
        const [a, b] = [unique('ws'), unique('ws')];
        await workspaces.ensure({ id: b, name: 'B' });
        await workspaces.ensure({ id: a, name: 'A' });
        await workspaces.ensure({ id: b, name: 'renamed' });
        expect(await workspaces.get(b)).toEqual({ id: b, name: 'B', createdAt: 100 });
        expect(await workspaces.get('missing')).toBeNull();
        const listed = (await workspaces.list()).filter((w) => w.id === a || w.id === b);
        expect(listed).toEqual([
          { id: b, name: 'B', createdAt: 100 },
          { id: a, name: 'A', createdAt: 101 },
        ]);
      });
    });
  });
}
