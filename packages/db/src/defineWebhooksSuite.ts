import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from './Sql';
import { useMigratedDatabase } from './useMigratedDatabase';
import { createWebhooksRepo, type WebhookRow } from './webhooksRepo';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Webhook triggers, delivery ids and the delivery log ([triggers] issue 14), against a driver. */
export function defineWebhooksSuite(name: string, open: () => Promise<Database>): void {
  describe(`webhooks: ${name}`, () => {
    const db = useMigratedDatabase(open);

    async function webhook(overrides: Partial<WebhookRow> = {}): Promise<WebhookRow> {
      const workspaceId = unique('ws');
      await createWorkspacesRepo(db()).ensure({ id: workspaceId, name: workspaceId });
      const id = unique('hook');
      return createWebhooksRepo(db()).create({
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
      const repo = createWebhooksRepo(db());
      const hook = await webhook();
      expect(await repo.get(hook.id)).toEqual(hook);
      expect(await repo.getByTokenHash(hook.tokenHash)).toEqual(hook);
      expect(await repo.getByTokenHash('hash-unknown')).toBeNull();
      expect(hook.inputs).toEqual({ topic: '{{body.issue.title}}' });
      expect((await repo.list(hook.workspaceId, 'wf')).map((h) => h.id)).toEqual([hook.id]);
      expect(await repo.list(hook.workspaceId, 'other')).toEqual([]);
      expect(await repo.delete(hook.workspaceId, 'other', hook.id)).toBe(false);
      expect(await repo.delete(hook.workspaceId, 'wf', hook.id)).toBe(true);
      expect(await repo.get(hook.id)).toBeNull();
    });

    it('gives a delivery id once: claimed, pending, then the run it started; a released id is free again', async () => {
      const repo = createWebhooksRepo(db());
      const hook = await webhook();
      const other = await webhook();
      expect(await repo.claimDelivery(hook.id, 'd-1', 1)).toEqual({ kind: 'claimed' });
      expect(await repo.claimDelivery(hook.id, 'd-1', 2)).toEqual({ kind: 'pending' });
      expect(await repo.claimDelivery(other.id, 'd-1', 2)).toEqual({ kind: 'claimed' });
      await repo.completeDelivery(hook.id, 'd-1', 'run-1');
      expect(await repo.claimDelivery(hook.id, 'd-1', 3)).toEqual({ kind: 'existing', runId: 'run-1' });
      await repo.releaseDelivery(hook.id, 'd-1');
      expect(await repo.claimDelivery(hook.id, 'd-1', 4)).toEqual({ kind: 'existing', runId: 'run-1' });
      await repo.releaseDelivery(other.id, 'd-1');
      expect(await repo.claimDelivery(other.id, 'd-1', 5)).toEqual({ kind: 'claimed' });
    });

    it('records deliveries and lists them newest first; deleting the webhook deletes them', async () => {
      const repo = createWebhooksRepo(db());
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
