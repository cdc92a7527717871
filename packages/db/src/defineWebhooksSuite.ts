import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertQueuedRun } from './insertQueuedRun';
import { addMasterKey, type MasterKeyring } from './masterKeyring';
import type { Database } from './Sql';
import { createSchedulesRepo } from './schedulesRepo';
import { useMigratedDatabase } from './useMigratedDatabase';
import {
  createWebhooksRepo,
  WEBHOOK_PENDING_MS,
  WEBHOOK_REPLAY_WINDOW_MS,
  type WebhookRow,
} from './webhooksRepo';
import { deleteWorkflowTriggers } from './workflowTriggers';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Webhook triggers, delivery ids and the delivery log ([triggers] issue 14), against a driver. */
export function defineWebhooksSuite(name: string, open: () => Promise<Database>): void {
  describe(`webhooks: ${name}`, () => {
    const db = useMigratedDatabase(open);
    let ring = addMasterKey(null, 1);
    const repoOf = (masterKeys: MasterKeyring = ring) => createWebhooksRepo(db(), { masterKeys });

    async function webhook(overrides: Partial<WebhookRow> = {}): Promise<WebhookRow> {
      const workspaceId = unique('ws');
      await createWorkspacesRepo(db()).ensure({ id: workspaceId, name: workspaceId });
      const id = unique('hook');
      return repoOf().create({
        id,
        tokenHash: `hash-${id}`,
        tokenHint: 'abcd',
        workspaceId,
        workflowId: 'wf',
        name: 'GitHub issues',
        inputs: { topic: '{{body.issue.title}}' },
        signature: 'github',
        signatureHeader: null,
        secret: 's3cret',
        respond: 'at-once',
        createdBy: 'ada',
        createdAt: 10,
        ...overrides,
      });
    }

    it('creates, lists, reads and deletes a webhook of its workflow only', async () => {
      const repo = repoOf();
      const hook = await webhook();
      expect(await repo.get(hook.id)).toEqual(hook);
      expect(await repo.getByTokenHash(hook.tokenHash)).toEqual(hook);
      expect(await repo.getByTokenHash('hash-unknown')).toBeNull();
      expect(hook.inputs).toEqual({ topic: '{{body.issue.title}}' });
      expect(hook.secret).toBe('s3cret');
      const listed = await repo.list(hook.workspaceId, 'wf');
      expect(listed.map((h) => h.id)).toEqual([hook.id]);
      expect(listed[0]).not.toHaveProperty('secret');
      expect(await repo.list(hook.workspaceId, 'other')).toEqual([]);
      expect(await repo.delete(hook.workspaceId, 'other', hook.id)).toBe(false);
      expect(await repo.delete(hook.workspaceId, 'wf', hook.id)).toBe(true);
      expect(await repo.get(hook.id)).toBeNull();
    });

    it('gives a delivery id once: claimed with its reserved run id, pending, then the run it started', async () => {
      const repo = repoOf();
      const hook = await webhook();
      const other = await webhook();
      expect(await repo.claimDelivery(hook.id, 'd-1', 1, 'run-1')).toEqual({
        kind: 'claimed',
        runId: 'run-1',
        claimedAt: 1,
      });
      expect(await repo.claimDelivery(hook.id, 'd-1', 2, 'run-x')).toEqual({ kind: 'pending' });
      // Another webhook's id of the same spelling is its own.
      expect(await repo.claimDelivery(other.id, 'd-1', 2, 'run-o')).toMatchObject({ runId: 'run-o' });
      // Completing names the reserved run; another run id changes nothing.
      await repo.completeDelivery(hook.id, 'd-1', 'run-x');
      expect(await repo.claimDelivery(hook.id, 'd-1', 3, 'run-y')).toEqual({ kind: 'pending' });
      await repo.completeDelivery(hook.id, 'd-1', 'run-1');
      expect(await repo.claimDelivery(hook.id, 'd-1', 4, 'run-z')).toEqual({
        kind: 'existing',
        runId: 'run-1',
      });
      // A started id is not released, nor taken over after the pending time.
      await repo.releaseDelivery(hook.id, 'd-1', 1);
      expect(await repo.claimDelivery(hook.id, 'd-1', 5 + WEBHOOK_PENDING_MS, 'run-z')).toEqual({
        kind: 'existing',
        runId: 'run-1',
      });
    });

    it('keeps the reserved run id when a retry takes over a slow or dead claim, so both start one run', async () => {
      const repo = repoOf();
      const hook = await webhook();
      expect(await repo.claimDelivery(hook.id, 'slow', 100, 'run-first')).toMatchObject({ kind: 'claimed' });
      expect(await repo.claimDelivery(hook.id, 'slow', 99 + WEBHOOK_PENDING_MS, 'run-2')).toEqual({
        kind: 'pending',
      });
      // The first delivery's run start outlasts WEBHOOK_PENDING_MS: the sender's retry takes the id over,
      // with the run id the first reserved.
      expect(await repo.claimDelivery(hook.id, 'slow', 100 + WEBHOOK_PENDING_MS, 'run-retry')).toEqual({
        kind: 'claimed',
        runId: 'run-first',
        claimedAt: 100 + WEBHOOK_PENDING_MS,
      });
      // The first's late release leaves the retry's claim alone.
      await repo.releaseDelivery(hook.id, 'slow', 100);
      expect(await repo.claimDelivery(hook.id, 'slow', 101 + WEBHOOK_PENDING_MS, 'run-3')).toEqual({
        kind: 'pending',
      });
      // Whichever of the two records the start, the id answers with that one run.
      await repo.completeDelivery(hook.id, 'slow', 'run-first');
      expect(await repo.claimDelivery(hook.id, 'slow', 102 + WEBHOOK_PENDING_MS, 'run-4')).toEqual({
        kind: 'existing',
        runId: 'run-first',
      });
    });

    it('frees a released claim at once, with its run id unless that run exists and failed', async () => {
      const repo = repoOf();
      const hook = await webhook();
      expect(await repo.claimDelivery(hook.id, 'refused', 10, 'run-r')).toMatchObject({ runId: 'run-r' });
      await repo.releaseDelivery(hook.id, 'refused', 10);
      // No run was made under it: a slow earlier delivery may still make it, so the id stays.
      expect(await repo.claimDelivery(hook.id, 'refused', 11, 'run-other')).toEqual({
        kind: 'claimed',
        runId: 'run-r',
        claimedAt: 11,
      });
      // Its run was made and failed to start: the retry starts a new one.
      const failed = await insertQueuedRun(db(), hook.workspaceId);
      await db().query(`update runs set status = 'failed' where id = $1`, [failed]);
      expect(await repo.claimDelivery(hook.id, 'broken', 20, failed)).toMatchObject({ runId: failed });
      await repo.releaseDelivery(hook.id, 'broken', 20);
      expect(await repo.claimDelivery(hook.id, 'broken', 21, 'run-new')).toEqual({
        kind: 'claimed',
        runId: 'run-new',
        claimedAt: 21,
      });
      // A run made and still going keeps the id: the retry answers with it.
      const going = await insertQueuedRun(db(), hook.workspaceId);
      expect(await repo.claimDelivery(hook.id, 'going', 30, going)).toMatchObject({ runId: going });
      await repo.releaseDelivery(hook.id, 'going', 30);
      expect(await repo.claimDelivery(hook.id, 'going', 31, 'run-new')).toMatchObject({ runId: going });
    });

    it('forgets a delivery id after the replay window: claimed afresh, and pruned with only those past it', async () => {
      const repo = repoOf();
      const hook = await webhook();
      const week = WEBHOOK_REPLAY_WINDOW_MS;
      // Later than the other tests' ids, which share this database: pruning here removes those too.
      const t0 = 1000 * week;
      expect(await repo.claimDelivery(hook.id, 'old', t0, 'run-old')).toMatchObject({ kind: 'claimed' });
      await repo.completeDelivery(hook.id, 'old', 'run-old');
      expect(await repo.claimDelivery(hook.id, 'abandoned', t0 + 1, 'run-a')).toMatchObject({
        kind: 'claimed',
      });
      expect(await repo.claimDelivery(hook.id, 'fresh', t0 + week, 'run-f')).toMatchObject({
        kind: 'claimed',
      });
      expect(await repo.claimDelivery(hook.id, 'old', t0 + week - 1, 'run-x')).toEqual({
        kind: 'existing',
        runId: 'run-old',
      });
      const keys = async () =>
        (
          await db().query<{ key: string }>(
            'select delivery_key as key from webhook_delivery_keys where webhook_id = $1 order by 1',
            [hook.id],
          )
        ).map((r) => r.key);
      expect(await repo.pruneDeliveryKeys(t0 + week)).toBeGreaterThanOrEqual(1);
      expect(await keys()).toEqual(['abandoned', 'fresh']);
      expect(await repo.pruneDeliveryKeys(t0 + week + 1)).toBeGreaterThanOrEqual(1);
      expect(await keys()).toEqual(['fresh']);
      // Past the window an id starts a new run, whether or not the prune has run yet.
      expect(await repo.claimDelivery(hook.id, 'fresh', t0 + 2 * week, 'run-f2')).toEqual({
        kind: 'claimed',
        runId: 'run-f2',
        claimedAt: t0 + 2 * week,
      });
    });

    it("deletes a workflow's schedules and webhooks together, and only that workflow's", async () => {
      const repo = repoOf();
      const hook = await webhook();
      const kept = await webhook({ workspaceId: hook.workspaceId, workflowId: 'other' });
      const schedules = createSchedulesRepo(db());
      const schedule = (id: string, workflowId: string) =>
        schedules.create({
          id,
          workspaceId: hook.workspaceId,
          workflowId,
          name: `tick ${id}`,
          cron: '0 9 * * 1',
          timezone: 'UTC',
          overlap: 'skip',
          inputs: {},
          paused: false,
          createdBy: 'ada',
          createdAt: 1,
          updatedAt: 1,
        });
      const gone = await schedule(unique('sched'), 'wf');
      const stays = await schedule(unique('sched'), 'other');
      expect(await deleteWorkflowTriggers(db(), hook.workspaceId, 'wf')).toEqual({
        schedules: [{ id: gone.id, name: gone.name }],
        webhooks: [{ id: hook.id, name: hook.name }],
      });
      expect(await repo.get(hook.id)).toBeNull();
      expect(await schedules.get(gone.id)).toBeNull();
      expect(await repo.get(kept.id)).not.toBeNull();
      expect(await schedules.get(stays.id)).not.toBeNull();
      expect(await deleteWorkflowTriggers(db(), hook.workspaceId, 'wf')).toEqual({
        schedules: [],
        webhooks: [],
      });
    });

    it('stores the signing secret sealed, bound to its webhook, and rewraps it on rotation', async () => {
      const secret = 'whsec-0123456789abcdef-sealed';
      const hook = await webhook({ secret });
      const unsigned = await webhook({ signature: 'none', secret: null });
      const [row] = await db().query<{ plain: string | null; ciphertext: Uint8Array }>(
        'select secret as plain, secret_ciphertext as ciphertext from webhooks where id = $1',
        [hook.id],
      );
      expect(row?.plain).toBeNull();
      expect(Buffer.from(row!.ciphertext).includes(Buffer.from(secret))).toBe(false);
      expect((await repoOf().get(unsigned.id))?.secret).toBeNull();

      // A sealed secret copied onto another webhook does not open there.
      await db().query(
        `update webhooks set (secret_master_key_id, secret_wrapped_data_key, secret_ciphertext) =
           (select secret_master_key_id, secret_wrapped_data_key, secret_ciphertext from webhooks where id = $1)
         where id = $2`,
        [hook.id, unsigned.id],
      );
      await expect(repoOf().get(unsigned.id)).rejects.toThrow();
      await repoOf().delete(unsigned.workspaceId, 'wf', unsigned.id);

      const next = addMasterKey(ring, 2);
      expect((await repoOf(next).rotate(next.currentId)).rewrapped).toBeGreaterThanOrEqual(1);
      expect((await repoOf(next).rotate(next.currentId)).rewrapped).toBe(0);
      const onlyNew: MasterKeyring = {
        currentId: next.currentId,
        keys: new Map([[next.currentId, next.keys.get(next.currentId) as Uint8Array]]),
      };
      expect((await repoOf(onlyNew).getByTokenHash(hook.tokenHash))?.secret).toBe(secret);
      await expect(repoOf().get(hook.id)).rejects.toThrow(/unknown_master_key/);
      await expect(repoOf(next).rotate('missing')).rejects.toThrow(/unknown_master_key/);
      // Later tests use the rotated ring.
      ring = next;
    });

    it('seals the plaintext secrets of webhooks made before migration 0017, once', async () => {
      const hook = await webhook();
      // As a row written before 0017: plaintext, no sealed columns.
      await db().query(
        `update webhooks set secret = 'legacy-secret', secret_master_key_id = null,
           secret_wrapped_data_key = null, secret_ciphertext = null where id = $1`,
        [hook.id],
      );
      expect((await repoOf().get(hook.id))?.secret).toBe('legacy-secret');
      expect((await repoOf().sealPlaintextSecrets()).sealed).toBe(1);
      expect((await repoOf().sealPlaintextSecrets()).sealed).toBe(0);
      const [row] = await db().query<{ plain: string | null }>(
        'select secret as plain from webhooks where id = $1',
        [hook.id],
      );
      expect(row?.plain).toBeNull();
      expect((await repoOf().getByTokenHash(hook.tokenHash))?.secret).toBe('legacy-secret');
    });

    it('records deliveries and lists them newest first; deleting the webhook deletes them', async () => {
      const repo = repoOf();
      const hook = await webhook();
      const base = { webhookId: hook.id, deliveryKey: null, runId: null, error: null };
      await repo.recordDelivery({ ...base, id: 'a', receivedAt: 1, status: 'refused', httpStatus: 401 });
      await repo.recordDelivery({ ...base, id: 'b', receivedAt: 2, status: 'started', httpStatus: 202 });
      await repo.recordDelivery({
        ...base,
        id: 'c',
        receivedAt: 3,
        status: 'duplicate',
        httpStatus: 200,
        runId: 'run-1',
        deliveryKey: 'k',
      });
      const listed = await repo.listDeliveries(hook.id, 2);
      expect(listed.map((d) => [d.id, d.status, d.httpStatus, d.runId])).toEqual([
        ['c', 'duplicate', 200, 'run-1'],
        ['b', 'started', 202, null],
      ]);
      await repo.delete(hook.workspaceId, 'wf', hook.id);
      expect(await repo.listDeliveries(hook.id, 10)).toEqual([]);
    });
  });
}
