import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiTokensRepo } from './apiTokensRepo';
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

    it('gives a key to one caller once per window: claimed, pending, then the run it started', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:a', key: 'order-1', workflowId: 'wf' };
      expect(await repo.claim({ ...k, now: 1000 })).toEqual({ kind: 'claimed' });
      expect(await repo.claim({ ...k, now: 1001 })).toEqual({ kind: 'pending' });
      // Another caller's key of the same spelling is its own.
      expect(await repo.claim({ ...k, caller: 'token:b', now: 1001 })).toEqual({ kind: 'claimed' });
      await repo.complete({ ...k, runId: 'run-1' });
      expect(await repo.claim({ ...k, now: 2000 })).toEqual({
        kind: 'existing',
        runId: 'run-1',
        workflowId: 'wf',
      });
      // After the window the key starts a new run.
      expect(await repo.claim({ ...k, now: 1000 + IDEMPOTENCY_WINDOW_MS })).toEqual({ kind: 'claimed' });
      // A failed start releases its claim; a completed one is not released.
      await repo.release(k);
      expect(await repo.claim({ ...k, now: 3000 + IDEMPOTENCY_WINDOW_MS })).toEqual({ kind: 'claimed' });
      await repo.complete({ ...k, runId: 'run-2' });
      await repo.release(k);
      expect(await repo.claim({ ...k, now: 4000 + IDEMPOTENCY_WINDOW_MS })).toEqual({
        kind: 'existing',
        runId: 'run-2',
        workflowId: 'wf',
      });
    });

    it('prunes the keys past their window, and only those', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:p', workflowId: 'wf' };
      const day = IDEMPOTENCY_WINDOW_MS;
      // Later than the other tests' keys, which share this database: pruning here removes those too.
      const t0 = 1000 * day;
      await repo.claim({ ...k, key: 'old-done', now: t0 + 1000 });
      await repo.complete({ ...k, key: 'old-done', runId: 'run-1' });
      await repo.claim({ ...k, key: 'old-abandoned', now: t0 + 2000 });
      await repo.claim({ ...k, key: 'fresh', now: t0 + day });
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
      expect(await repo.claim({ ...k, key: 'old-done', now: t0 + 3000 + day })).toEqual({ kind: 'claimed' });
    });

    it('frees a claim whose request died before starting its run', async () => {
      const repo = createRunIdempotencyRepo(db());
      const ws = await workspace();
      const k = { workspaceId: ws, caller: 'token:a', key: 'crashed', workflowId: 'wf' };
      expect(await repo.claim({ ...k, now: 1000 })).toEqual({ kind: 'claimed' });
      expect(await repo.claim({ ...k, now: 1000 + IDEMPOTENCY_PENDING_MS - 1 })).toEqual({ kind: 'pending' });
      expect(await repo.claim({ ...k, now: 1000 + IDEMPOTENCY_PENDING_MS })).toEqual({ kind: 'claimed' });
      // A completed key is not taken over after that time.
      await repo.complete({ ...k, runId: 'run-1' });
      expect(await repo.claim({ ...k, now: 1000 + 3 * IDEMPOTENCY_PENDING_MS })).toEqual({
        kind: 'existing',
        runId: 'run-1',
        workflowId: 'wf',
      });
    });
  });
}
