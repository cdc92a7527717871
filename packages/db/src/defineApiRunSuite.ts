import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiTokensRepo } from './apiTokensRepo';
import { insertQueuedRun } from './insertQueuedRun';
import {
  createRunIdempotencyRepo,
  IDEMPOTENCY_PENDING_MS,
  IDEMPOTENCY_WINDOW_MS,
} from './runIdempotencyRepo';
import type { Database } from './Sql';
import { useMigratedDatabase } from './useMigratedDatabase';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Scoped API tokens and run idempotency keys ([run-api]), against a driver. */
export function defineApiRunSuite(name: string, open: () => Promise<Database>): void {
  describe(`API tokens and idempotency keys: ${name}`, () => {
    const db = useMigratedDatabase(open);

    async function workspace() {
      const id = unique('ws');
      await createWorkspacesRepo(db()).ensure({ id, name: id });
      return id;
    }

    it('stores the scope, finds a live token by id and stops finding it once revoked', async () => {
      const repo = createApiTokensRepo(db());
      const ws = await workspace();
      const read = await repo.create({ workspaceId: ws, name: 'r', createdBy: 'ada', scope: 'read', now: 1 });
      const run = await repo.create({ workspaceId: ws, name: 'x', createdBy: 'ada', scope: 'run', now: 2 });
      expect(read.info.scope).toBe('read');
      expect((await repo.verify(run.token, 5))?.scope).toBe('run');
      expect((await repo.list(ws)).map((t) => [t.name, t.scope, t.lastUsedAt])).toEqual([
        ['r', 'read', null],
        ['x', 'run', 5],
      ]);
      expect((await repo.getLive(read.info.id))?.createdBy).toBe('ada');
      await repo.revoke(ws, read.info.id, 9);
      expect(await repo.getLive(read.info.id)).toBeNull();
      expect(await repo.verify(read.token, 10)).toBeNull();
    });

    it('gives a key to one caller once per window: claimed with its reserved run id, pending, then the run it started', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:a', key: 'order-1', workflowId: 'wf' };
      expect(await repo.claim({ ...k, now: 1000, runId: 'run-1' })).toEqual({
        kind: 'claimed',
        runId: 'run-1',
        claimedAt: 1000,
      });
      expect(await repo.claim({ ...k, now: 1001, runId: 'run-x' })).toEqual({
        kind: 'pending',
        workflowId: 'wf',
      });
      // Another caller's key of the same spelling is its own.
      expect(await repo.claim({ ...k, caller: 'token:b', now: 1001, runId: 'run-b' })).toMatchObject({
        kind: 'claimed',
        runId: 'run-b',
      });
      await repo.complete({ ...k, runId: 'run-1' });
      expect(await repo.claim({ ...k, now: 2000, runId: 'run-x' })).toEqual({
        kind: 'existing',
        runId: 'run-1',
        workflowId: 'wf',
      });
      // A started key is not released, nor taken over after the pending time.
      await repo.release({ ...k, claimedAt: 1000 });
      expect(await repo.claim({ ...k, now: 1000 + IDEMPOTENCY_PENDING_MS, runId: 'run-x' })).toMatchObject({
        kind: 'existing',
      });
      // After the window the key reserves a new run id, for whichever workflow.
      expect(
        await repo.claim({ ...k, workflowId: 'wf-2', now: 1000 + IDEMPOTENCY_WINDOW_MS, runId: 'run-2' }),
      ).toEqual({ kind: 'claimed', runId: 'run-2', claimedAt: 1000 + IDEMPOTENCY_WINDOW_MS });
    });

    it('prunes the keys past their window, and only those', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:p', workflowId: 'wf' };
      const day = IDEMPOTENCY_WINDOW_MS;
      // Later than the other tests' keys, which share this database: pruning here removes those too.
      const t0 = 1000 * day;
      await repo.claim({ ...k, key: 'old-done', now: t0 + 1000, runId: 'run-1' });
      await repo.complete({ ...k, key: 'old-done', runId: 'run-1' });
      await repo.claim({ ...k, key: 'old-abandoned', now: t0 + 2000, runId: 'run-2' });
      await repo.claim({ ...k, key: 'fresh', now: t0 + day, runId: 'run-3' });
      const keys = async () =>
        (
          await db().query<{ key: string }>(
            `select idempotency_key as key from run_idempotency_keys where workspace_id = $1 order by 1`,
            [ws],
          )
        ).map((r) => r.key);
      expect(await repo.prune(t0 + 1999 + day)).toBeGreaterThanOrEqual(1);
      expect(await keys()).toEqual(['fresh', 'old-abandoned']);
      expect(await repo.prune(t0 + 2000 + day)).toBe(1);
      expect(await repo.prune(t0 + 2000 + day)).toBe(0);
      expect(await keys()).toEqual(['fresh']);
      // A pruned key is simply new again.
      expect(await repo.claim({ ...k, key: 'old-done', now: t0 + 3000 + day, runId: 'run-4' })).toEqual({
        kind: 'claimed',
        runId: 'run-4',
        claimedAt: t0 + 3000 + day,
      });
    });

    it('keeps the reserved run id when a retry takes over a slow or dead claim, so both start one run', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:a', key: 'slow', workflowId: 'wf' };
      expect(await repo.claim({ ...k, now: 1000, runId: 'run-first' })).toMatchObject({ kind: 'claimed' });
      expect(await repo.claim({ ...k, now: 999 + IDEMPOTENCY_PENDING_MS, runId: 'run-2' })).toEqual({
        kind: 'pending',
        workflowId: 'wf',
      });
      // Another workflow never takes the key over: it is refused as the key's misuse.
      expect(
        await repo.claim({
          ...k,
          workflowId: 'wf-other',
          now: 1000 + IDEMPOTENCY_PENDING_MS,
          runId: 'run-o',
        }),
      ).toEqual({ kind: 'pending', workflowId: 'wf' });
      // The first request outlasts IDEMPOTENCY_PENDING_MS: the retry takes the key over with its run id.
      expect(await repo.claim({ ...k, now: 1000 + IDEMPOTENCY_PENDING_MS, runId: 'run-retry' })).toEqual({
        kind: 'claimed',
        runId: 'run-first',
        claimedAt: 1000 + IDEMPOTENCY_PENDING_MS,
      });
      // The first's late release leaves the retry's claim alone.
      await repo.release({ ...k, claimedAt: 1000 });
      expect(await repo.claim({ ...k, now: 1001 + IDEMPOTENCY_PENDING_MS, runId: 'run-3' })).toMatchObject({
        kind: 'pending',
      });
      // The first completing late names the same run the retry answers with.
      await repo.complete({ ...k, runId: 'run-first' });
      expect(await repo.claim({ ...k, now: 1000 + 3 * IDEMPOTENCY_PENDING_MS, runId: 'run-4' })).toEqual({
        kind: 'existing',
        runId: 'run-first',
        workflowId: 'wf',
      });
    });

    it('frees a released claim at once, with its run id unless that run exists and failed', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:a', workflowId: 'wf' };
      await repo.claim({ ...k, key: 'refused', now: 10, runId: 'run-r' });
      await repo.release({ ...k, key: 'refused', claimedAt: 10 });
      expect(await repo.claim({ ...k, key: 'refused', now: 11, runId: 'run-other' })).toEqual({
        kind: 'claimed',
        runId: 'run-r',
        claimedAt: 11,
      });
      const failed = await insertQueuedRun(db(), ws);
      await db().query(`update runs set status = 'failed' where id = $1`, [failed]);
      await repo.claim({ ...k, key: 'broken', now: 20, runId: failed });
      await repo.release({ ...k, key: 'broken', claimedAt: 20 });
      expect(await repo.claim({ ...k, key: 'broken', now: 21, runId: 'run-new' })).toMatchObject({
        runId: 'run-new',
      });
    });
  });
}
