// The hourly prune job on a real pg-boss (PGlite) forgets webhook delivery ids past the replay window:
// a delivery id replayed within the window answers with the first run; once the job has run with the
// clock past the window, the row is gone and the same id starts a new run.
import { createWebhooksRepo, openJobQueue, WEBHOOK_REPLAY_WINDOW_MS } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPublishedWorkflow } from '../http/test/seedPublishedWorkflow';
import { useTeamApp } from '../http/test/useTestApp';
import { createLogger } from '../logger';
import { IDEMPOTENCY_PRUNE_QUEUE, scheduleIdempotencyPrune } from './scheduleIdempotencyPrune';

const t = useTeamApp();
const WF = 'pruned-hook';
let queue: PgBoss;

beforeAll(async () => {
  await seedPublishedWorkflow(t.sync, t.owner, WF);
  queue = await openJobQueue(t.database);
}, 60_000);
afterAll(async () => {
  await queue?.stop({ graceful: false, close: true, timeout: 2000 });
});

async function deliveryKeys(): Promise<string[]> {
  const rows = await t.database.sql.query<{ key: string }>(
    'select delivery_key as key from webhook_delivery_keys order by 1',
  );
  return rows.map((r) => r.key);
}

describe('idempotency prune job', () => {
  it('prunes webhook delivery ids past the replay window, so a late replay starts a new run', async () => {
    const created = await t.editor.request(`/api/workspaces/default/workflows/${WF}/webhooks`, {
      body: { name: 'Pinged', inputs: { topic: '{{body.topic}}' }, signature: 'none' },
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    const deliver = () =>
      t.app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-delivery-id': 'delivery-7' },
        body: JSON.stringify({ topic: 'tides' }),
      });
    const first = await deliver();
    expect(first.status).toBe(202);
    const { runId } = (await first.json()) as { runId: string };
    const replay = await deliver();
    expect(replay.headers.get('webhook-duplicate')).toBe('true');
    expect(((await replay.json()) as { runId: string }).runId).toBe(runId);
    expect(await deliveryKeys()).toEqual(['delivery-7']);

    // The job's pass, one window later: it resolves once the worker has pruned.
    // Pruning opens no secret: an empty keyring will do.
    const webhooks = createWebhooksRepo(t.database.sql, {
      masterKeys: { currentId: 'none', keys: new Map() },
    });
    let pruned!: (n: number) => void;
    const prunedOnce = new Promise<number>((resolve) => {
      pruned = resolve;
    });
    await scheduleIdempotencyPrune(queue, {
      idempotency: { prune: async () => 0 },
      webhooks: {
        pruneDeliveryKeys: async (now) => {
          const n = await webhooks.pruneDeliveryKeys(now);
          pruned(n);
          return n;
        },
      },
      now: () => Date.now() + WEBHOOK_REPLAY_WINDOW_MS + 1,
      logger: createLogger({ level: 'silent', pretty: false }),
    });
    await queue.send(IDEMPOTENCY_PRUNE_QUEUE, null);
    expect(await prunedOnce).toBe(1);
    expect(await deliveryKeys()).toEqual([]);

    const late = await deliver();
    expect(late.status).toBe(202);
    expect(late.headers.get('webhook-duplicate')).toBeNull();
    expect(((await late.json()) as { runId: string }).runId).not.toBe(runId);
  });
});
