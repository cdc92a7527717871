import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { createTestVersion, unique } from './repoSuiteFixtures';
import { createCheckpointRepo } from './runCheckpoints';
import { createRunsRepo } from './runsRepo';
import type { Database, Sql } from './Sql';
import { createVersionRepo } from './workflowVersions';
import { createWorkspacesRepo } from './workspacesRepo';

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

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
      const createVersion = (workflowId: string) => createTestVersion(sql, workflowId);

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
          outputs: null,
          parentRunId: null,
          parentNodeId: null,
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
        expect(run.outputs).toBeNull();
        const outputs = { Result: 'the brief', Notes: '' };
        expect(
          await runs.updateFenced(run.id, 2, { status: 'succeeded', finishedAt: 9, costUsd: 0.5, outputs }),
        ).toBe(true);
        expect(await runs.get(run.id)).toMatchObject({ status: 'succeeded', costUsd: 0.5, outputs });
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
