import { IDEMPOTENCY_PENDING_MS, type RunJob, type Sql, WEBHOOK_PENDING_MS } from '@synapse/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedPublishedWorkflow } from '../test/seedPublishedWorkflow';
import { useTeamApp } from '../test/useTestApp';

// A run start slower than the pending time of its key (the run API's Idempotency-Key, a webhook's
// delivery id): the retry takes the key over meanwhile. Both must answer with one run. The first start is
// held at a step (its run row insert, or its enqueue) until the retry is done, and the server's clock is
// moved on past the pending time instead of waiting for it.

/** Holds the first operation that passes it once armed, until released. */
function hold() {
  let armed = false;
  let arrive = () => {};
  let release = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    arrived,
    release,
    arm() {
      armed = true;
    },
    async pass() {
      if (!armed) return;
      armed = false;
      arrive();
      await released;
    },
  };
}

let held = { insert: hold(), enqueue: hold() };
let clockOffset = 0;
const jobs: RunJob[] = [];

const holdRunInsert = (sql: Sql): Sql => ({
  driver: sql.driver,
  async query(text, params) {
    if (/^\s*insert into runs\b/.test(text)) await held.insert.pass();
    return sql.query(text, params);
  },
  exec: (text) => sql.exec(text),
  transaction: (fn) => sql.transaction(fn),
  listen: (channel, onNotify) => sql.listen(channel, onNotify),
  notify: (channel, payload) => sql.notify(channel, payload),
  close: () => sql.close(),
});

const t = useTeamApp({
  now: () => Date.now() + clockOffset,
  decorateSql: holdRunInsert,
  enqueue: async (job) => {
    await held.enqueue.pass();
    jobs.push(job);
  },
});
const WF = 'slow-start';

beforeAll(async () => {
  await seedPublishedWorkflow(t.sync, t.owner, WF);
});

async function runsOfWorkflow(): Promise<string[]> {
  const rows = await t.database.sql.query<{ id: string }>(
    `select id from runs where workspace_id = 'default' and workflow_id = $1`,
    [WF],
  );
  return rows.map((r) => r.id);
}

/**
 * Sends `send` once with its start held at `step`, moves the clock on by `pendingMs` and sends it again
 * (the retry), then lets the first go on. Returns both responses, first one first.
 */
async function slowFirstThenRetry(
  step: 'insert' | 'enqueue',
  pendingMs: number,
  send: () => Response | Promise<Response>,
): Promise<[Response, Response]> {
  held = { insert: hold(), enqueue: hold() };
  held[step].arm();
  const first = send();
  await held[step].arrived;
  clockOffset += pendingMs;
  const retry = await send();
  held[step].release();
  return [await first, retry];
}

describe('a retry taking over a slow run start', () => {
  async function runToken(name: string): Promise<string> {
    const response = await t.owner.request('/api/workspaces/default/api-tokens', {
      body: { name, scope: 'run' },
    });
    return ((await response.json()) as { token: string }).token;
  }

  const startWithKey = (token: string, key: string) => () =>
    t.app.request(`/api/v1/workflows/${WF}/runs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ inputs: { topic: 'tides' } }),
    });

  it.each([
    ['before it creates its run', 'insert'],
    ['after it created its run', 'enqueue'],
  ] as const)(
    'Idempotency-Key: the first request held %s and its retry start one run and both name it',
    async (_, step) => {
      const token = await runToken(`slow ${step}`);
      const before = { runs: (await runsOfWorkflow()).length, jobs: jobs.length };
      const [first, retry] = await slowFirstThenRetry(
        step,
        IDEMPOTENCY_PENDING_MS,
        startWithKey(token, `order-${step}`),
      );
      expect([first.status, retry.status]).toEqual([202, 202]);
      const [a, b] = (await Promise.all([first.json(), retry.json()])) as { runId: string }[];
      expect(b?.runId).toBe(a?.runId);
      const runs = await runsOfWorkflow();
      expect(runs.length).toBe(before.runs + 1);
      expect(runs).toContain(a?.runId);
      expect(jobs.length).toBe(before.jobs + 1);
      // Whichever came second found the run made and says so; a later request answers with the same run.
      const replayed = [first, retry].map((r) => r.headers.get('idempotency-replayed'));
      expect(replayed.sort()).toEqual(['true', null].sort());
      const again = await startWithKey(token, `order-${step}`)();
      expect(((await again.json()) as { runId: string }).runId).toBe(a?.runId);
    },
  );

  it('webhook delivery id: the first delivery held before it creates its run and its retry start one run', async () => {
    const created = await t.editor.request(`/api/workspaces/default/workflows/${WF}/webhooks`, {
      body: { name: 'Slow', inputs: { topic: '{{body.topic}}' }, signature: 'none' },
    });
    const { url, webhook } = (await created.json()) as { url: string; webhook: { id: string } };
    const deliver = () =>
      t.app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-delivery-id': 'delivery-1' },
        body: JSON.stringify({ topic: 'tides' }),
      });
    const before = { runs: (await runsOfWorkflow()).length, jobs: jobs.length };
    const [first, retry] = await slowFirstThenRetry('insert', WEBHOOK_PENDING_MS, deliver);
    // The retry made the run; the first delivery found it made and answers with it.
    expect([first.status, retry.status]).toEqual([200, 202]);
    const [a, b] = (await Promise.all([first.json(), retry.json()])) as { runId: string }[];
    expect(a?.runId).toBe(b?.runId);
    expect((await runsOfWorkflow()).length).toBe(before.runs + 1);
    expect(jobs.length).toBe(before.jobs + 1);
    const log = await t.editor.request(
      `/api/workspaces/default/workflows/${WF}/webhooks/${webhook.id}/deliveries`,
    );
    const { deliveries } = (await log.json()) as { deliveries: { status: string; runId: string | null }[] };
    expect(deliveries.map((d) => [d.status, d.runId]).sort()).toEqual(
      [
        ['duplicate', b?.runId],
        ['started', b?.runId],
      ].sort(),
    );
  });
});
