// Deleting a workflow from the index (a real sync client, the whole stack on PGlite with pg-boss) removes
// its schedules (and pg-boss's ticks for them) and its webhooks, audited as the person who deleted it;
// archiving a workflow keeps them.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { indexDocName, removeWorkflowEntry, USER_ORIGIN, updateWorkflowEntry } from '@synapse/schema';
import { WORKFLOW_TEMPLATES } from '@synapse/templates';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEDULE_QUEUE } from '../schedules/createPgBossTicks';

let stack: Stack;
let owner: TestUser;
let index: { doc: Y.Doc; saved(): Promise<void>; destroy(): void };

async function openIndex(user: TestUser): Promise<typeof index> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: indexDocName('default'),
    document: doc,
    token: () => user.syncToken(),
  });
  provider.attach();
  await new Promise<void>((resolve) => {
    if (provider.isSynced) resolve();
    else provider.on('synced', () => resolve());
  });
  return {
    doc,
    saved: () =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (provider.unsyncedChanges === 0) {
            provider.off('unsyncedChanges', check);
            resolve();
          }
        };
        provider.on('unsyncedChanges', check);
        check();
      }),
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

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
  const { workflowId } = await json<{ workflowId: string }>(
    await owner.request(`/api/workspaces/default/templates/${WORKFLOW_TEMPLATES[0]?.id}/use`, { body: {} }),
  );
  const base = `/api/workspaces/default/workflows/${workflowId}`;
  const { schedule } = await json<{ schedule: { id: string } }>(
    await owner.request(`${base}/schedules`, {
      body: { name: 'Weekly', cron: '0 9 * * 1', timezone: 'UTC', overlap: 'skip', inputs: {} },
    }),
  );
  const { webhook, url } = await json<{ webhook: { id: string }; url: string }>(
    await owner.request(`${base}/webhooks`, { body: { name: 'Ping', inputs: {}, signature: 'none' } }),
  );
  return { workflowId, scheduleId: schedule.id, hookId: webhook.id, url };
}

const ticks = async () => (await stack.server.queue.getSchedules(SCHEDULE_QUEUE)).map((s) => s.key);

async function auditOf(
  kind: string,
): Promise<{ target: string; actorId: string; details: Record<string, unknown> }[]> {
  return (
    await json<{
      events: { target: string; actorId: string; details: Record<string, unknown> }[];
    }>(await owner.request(`/api/workspaces/default/audit?kind=${kind}`))
  ).events;
}

/** Polls (the cleanup runs after the server applies the sync update) until `done` holds. */
async function eventually(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition never held');
}

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  owner = await stack.users.signUp({ name: 'Owner' });
  index = await openIndex(owner);
}, 120_000);

afterAll(async () => {
  index?.destroy();
  await stack?.stop();
});

describe('a deleted workflow', () => {
  it('takes its schedules (and their ticks) and webhooks with it, audited as who deleted it', async () => {
    const t = await workflowWithTriggers();
    const base = `/api/workspaces/default/workflows/${t.workflowId}`;
    expect(await ticks()).toContain(t.scheduleId);
    await eventually(async () => index.doc.getMap('workflows').has(t.workflowId));

    removeWorkflowEntry(index.doc, t.workflowId, USER_ORIGIN);
    await index.saved();
    await eventually(async () => (await auditOf('webhook.deleted')).some((e) => e.target === t.hookId));

    expect(
      (await json<{ schedules: unknown[] }>(await owner.request(`${base}/schedules`))).schedules,
    ).toEqual([]);
    expect((await json<{ webhooks: unknown[] }>(await owner.request(`${base}/webhooks`))).webhooks).toEqual(
      [],
    );
    expect(await ticks()).not.toContain(t.scheduleId);
    const hit = await fetch(`${stack.url}${t.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hit.status).toBe(404);
    for (const [kind, target] of [
      ['schedule.deleted', t.scheduleId],
      ['webhook.deleted', t.hookId],
    ] as const) {
      expect((await auditOf(kind)).find((e) => e.target === target)).toMatchObject({
        actorId: owner.id,
        details: { workflowId: t.workflowId, reason: 'workflow deleted' },
      });
    }
  });

  it('keeps them while it is only archived', async () => {
    const t = await workflowWithTriggers();
    const base = `/api/workspaces/default/workflows/${t.workflowId}`;
    await eventually(async () => index.doc.getMap('workflows').has(t.workflowId));

    updateWorkflowEntry(index.doc, t.workflowId, { archived: true }, USER_ORIGIN);
    await index.saved();
    await eventually(async () =>
      (await auditOf('workflow.deleted')).some(
        (e) => e.target === t.workflowId && e.details.how === 'archived',
      ),
    );

    expect(
      (await json<{ schedules: { id: string }[] }>(await owner.request(`${base}/schedules`))).schedules.map(
        (s) => s.id,
      ),
    ).toEqual([t.scheduleId]);
    expect(
      (await json<{ webhooks: { id: string }[] }>(await owner.request(`${base}/webhooks`))).webhooks.map(
        (w) => w.id,
      ),
    ).toEqual([t.hookId]);
    expect(await ticks()).toContain(t.scheduleId);
  });
});
