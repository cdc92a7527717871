// The reconciliation of deleted workflows' triggers, on the real services (PGlite, Hocuspocus): a
// workflow removed from the index without its triggers being removed (the removal a deletion starts was
// lost) loses them at the next pass, audited; an archived workflow, a workflow still in the index, a
// trigger younger than the grace period and a workspace whose index was never written keep theirs.
import type { Hocuspocus } from '@hocuspocus/server';
import { createSchedulesRepo, createWebhooksRepo, createWorkspacesRepo } from '@synapse/db';
import { indexDocName, removeWorkflowEntry, SERVER_ORIGIN, updateWorkflowEntry } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { useTeamApp } from '../http/test/useTestApp';
import { createLogger } from '../logger';
import { pruneExpiredKeys } from '../runs/scheduleIdempotencyPrune';
import type { ScheduleTicks } from '../schedules/createScheduleService';
import { createWorkflowTriggerCleanup } from './createWorkflowTriggerCleanup';
import { reconcileWorkflowTriggers, TRIGGER_RECONCILE_GRACE_MS } from './reconcileWorkflowTriggers';

const t = useTeamApp();
const logger = createLogger({ level: 'silent', pretty: false });

async function json<T>(response: Response): Promise<T> {
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as T;
}

async function workflowWithTriggers(): Promise<{
  workflowId: string;
  scheduleId: string;
  hookId: string;
  url: string;
}> {
  const workflowId = await t.workflow(t.owner);
  const base = `/api/workspaces/default/workflows/${workflowId}`;
  const { schedule } = await json<{ schedule: { id: string } }>(
    await t.owner.request(`${base}/schedules`, {
      body: { name: 'Weekly', cron: '0 9 * * 1', timezone: 'UTC', overlap: 'skip', inputs: {} },
    }),
  );
  const { webhook, url } = await json<{ webhook: { id: string }; url: string }>(
    await t.owner.request(`${base}/webhooks`, {
      body: { name: 'Ping', inputs: {}, signature: 'none' },
    }),
  );
  return { workflowId, scheduleId: schedule.id, hookId: webhook.id, url };
}

/** Edits the index as the server does (not a client connection: the deletion's own cleanup does not run). */
async function editIndex(change: (doc: Y.Doc) => void): Promise<void> {
  const sync: Hocuspocus = t.sync;
  const connection = await sync.openDirectConnection(indexDocName('default'), {});
  try {
    if (!connection.document) throw new Error('the index did not open');
    change(connection.document);
  } finally {
    await connection.disconnect();
  }
}

/** Makes a workflow's triggers older than the grace period. */
async function age(workflowId: string): Promise<void> {
  for (const table of ['schedules', 'webhooks'])
    await t.database.sql.query(
      `update ${table} set created_at_ms = created_at_ms - $2 where workflow_id = $1`,
      [workflowId, TRIGGER_RECONCILE_GRACE_MS + 1],
    );
}

async function triggersOf(workflowId: string): Promise<{ schedules: number; webhooks: number }> {
  const base = `/api/workspaces/default/workflows/${workflowId}`;
  const { schedules } = await json<{ schedules: unknown[] }>(await t.owner.request(`${base}/schedules`));
  const { webhooks } = await json<{ webhooks: unknown[] }>(await t.owner.request(`${base}/webhooks`));
  return { schedules: schedules.length, webhooks: webhooks.length };
}

async function auditOf(
  kind: string,
): Promise<{ target: string; actorId: string; details: Record<string, unknown> }[]> {
  return (
    await json<{ events: { target: string; actorId: string; details: Record<string, unknown> }[] }>(
      await t.owner.request(`/api/workspaces/default/audit?kind=${kind}`),
    )
  ).events;
}

describe('reconcileWorkflowTriggers', () => {
  it("removes only the triggers of workflows no longer in the index, audited, on the hourly job's pass", async () => {
    const gone = await workflowWithTriggers();
    const archived = await workflowWithTriggers();
    const kept = await workflowWithTriggers();
    const young = await workflowWithTriggers();
    for (const w of [gone, archived, kept]) await age(w.workflowId);
    // A schedule in a workspace whose index was never written: nothing says its workflow was deleted.
    await createWorkspacesRepo(t.database.sql).ensure({ id: 'ghost', name: 'Ghost' });
    await createSchedulesRepo(t.database.sql).create({
      id: 'ghost-schedule',
      workspaceId: 'ghost',
      workflowId: 'ghost-wf',
      name: 'Ghost',
      cron: '0 9 * * 1',
      timezone: 'UTC',
      overlap: 'skip',
      inputs: {},
      paused: false,
      createdBy: t.owner.id,
      createdAt: 1,
      updatedAt: 1,
    });
    await editIndex((doc) => {
      removeWorkflowEntry(doc, gone.workflowId, SERVER_ORIGIN);
      removeWorkflowEntry(doc, young.workflowId, SERVER_ORIGIN);
      updateWorkflowEntry(doc, archived.workflowId, { archived: true }, SERVER_ORIGIN);
    });
    // Nothing removed them when the entries went (the edits did not come from a client).
    expect(await triggersOf(gone.workflowId)).toEqual({ schedules: 1, webhooks: 1 });

    const ticks: ScheduleTicks = {
      put: async ({ id, cron, timezone }) => void t.ticks.set(id, { cron, timezone }),
      remove: async (id) => void t.ticks.delete(id),
      keys: async () => [...t.ticks.keys()],
    };
    const reconcileTriggers = () =>
      reconcileWorkflowTriggers({
        sql: t.database.sql,
        sync: t.sync,
        removeTriggers: createWorkflowTriggerCleanup({
          sql: t.database.sql,
          ticks,
          audit: t.security.audit,
          logger,
        }),
        now: Date.now,
        logger,
      });
    const pass = () =>
      pruneExpiredKeys({
        idempotency: { prune: async () => 0 },
        webhooks: createWebhooksRepo(t.database.sql, { masterKeys: { currentId: 'none', keys: new Map() } }),
        now: Date.now,
        logger,
        reconcileTriggers,
      });
    expect(await pass()).toMatchObject({ triggers: 1 });

    expect(await triggersOf(gone.workflowId)).toEqual({ schedules: 0, webhooks: 0 });
    expect(t.ticks.has(gone.scheduleId)).toBe(false);
    const hit = await t.app.request(gone.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hit.status).toBe(404);
    for (const [kind, target] of [
      ['schedule.deleted', gone.scheduleId],
      ['webhook.deleted', gone.hookId],
    ] as const)
      expect((await auditOf(kind)).find((e) => e.target === target)).toMatchObject({
        actorId: 'system',
        details: { workflowId: gone.workflowId, reason: 'workflow deleted' },
      });
    for (const w of [archived, kept, young]) {
      expect(await triggersOf(w.workflowId)).toEqual({ schedules: 1, webhooks: 1 });
      expect(t.ticks.has(w.scheduleId)).toBe(true);
    }
    expect(await createSchedulesRepo(t.database.sql).get('ghost-schedule')).not.toBeNull();

    // The young ones go at a pass after the grace period; a pass with nothing left removes nothing.
    await age(young.workflowId);
    expect(await reconcileTriggers()).toBe(1);
    expect(await triggersOf(young.workflowId)).toEqual({ schedules: 0, webhooks: 0 });
    expect(await reconcileTriggers()).toBe(0);
  });
});
