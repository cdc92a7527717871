// The history, analytics, template, metrics and system-health APIs against the whole stack (server +
// runner on PGlite): runs seeded through the repositories for paging and filters, and real runs of a
// template through the runs API for the rest.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { createCheckpointRepo, createRunsRepo, createVersionRepo } from '@synapse/db';
import { indexDocName, readWorkflowIndex, removeWorkflowEntry, SERVER_ORIGIN } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer } from '../startServer';
import { csvLine } from './toCsv';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);

let stack: Stack;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${path}`, { headers });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, text, body: type.includes('json') ? JSON.parse(text) : null };
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function waitForRun(runId: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await get(`/api/workspaces/default/runs/${runId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.run.status)) return body.run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.run.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** 30 runs over 3 days in `default` (two workflows, two people, every third failed) and 5 in `other`. */
async function seedRuns(): Promise<void> {
  const sql = stack.server.database.sql;
  const runs = createRunsRepo(sql);
  const versions = createVersionRepo(sql);
  const checkpoints = createCheckpointRepo(sql);
  for (const ws of ['default', 'other']) {
    await versions.create({
      id: `v-${ws}`,
      workspaceId: ws,
      workflowId: 'wf-a',
      state: new Uint8Array([0]),
      graph: {},
      reason: 'run',
      createdBy: 'seed',
      createdAt: T0,
    });
  }
  for (let i = 0; i < 35; i++) {
    const ws = i < 30 ? 'default' : 'other';
    const id = `seed-${String(i).padStart(2, '0')}`;
    const createdAt = T0 + Math.floor(i / 10) * DAY + (i % 10) * 1000;
    await runs.create({
      id,
      workspaceId: ws,
      workflowId: i % 2 === 0 ? 'wf-a' : 'wf-b',
      versionId: `v-${ws}`,
      requestedBy: i % 3 === 0 ? 'ada' : 'bob',
      inputs: { topic: `t${i}` },
      createdAt,
    });
    const claim = await runs.claim(id, 'seed-runner', createdAt + 10);
    const status = i % 3 === 2 ? 'failed' : 'succeeded';
    await checkpoints.save(id, claim!.token, {
      nodeId: 'n1',
      status,
      output: 'x',
      branch: null,
      attempt: 1,
      provider: 'openai',
      model: i % 2 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
      inputTokens: 10,
      outputTokens: 20,
      costUsd: 0.01,
      error: null,
      startedAt: createdAt + 10,
      finishedAt: createdAt + 110 + i,
    });
    await runs.updateFenced(id, claim!.token, {
      status,
      finishedAt: createdAt + 1000 + i * 10,
      inputTokens: 10,
      outputTokens: 20,
      costUsd: 0.01,
    });
  }
}

beforeAll(async () => {
  stack = await startStack();
  await seedRuns();
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /api/workspaces/{ws}/runs', () => {
  it('pages through every run of the workspace exactly once, newest first, with a keyset cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: any } = await get(
        `/api/workspaces/default/runs?limit=7&to=${T0 + 10 * DAY}${cursor ? `&before=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...body.runs.map((r: { id: string }) => r.id));
      for (const run of body.runs) expect(run.documentName).toBe(`ws/default/run/${run.id}`);
      cursor = body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    const expected = Array.from({ length: 30 }, (_, i) => `seed-${String(i).padStart(2, '0')}`).reverse();
    expect(seen).toEqual(expected);
  });

  it('filters by workflow, status, person and time range, together', async () => {
    const { body } = await get(
      `/api/workspaces/default/runs?workflowId=wf-a&status=succeeded&requestedBy=ada&from=${T0 + DAY}&to=${T0 + 3 * DAY}`,
    );
    const ids = body.runs.map((r: { id: string }) => r.id);
    // i even (wf-a), i % 3 === 0 (ada, succeeded), day 1 or 2 (10 ≤ i < 30): 12, 18, 24.
    expect(ids).toEqual(['seed-24', 'seed-18', 'seed-12']);
    expect(body.next).toBeNull();
  });

  it('never shows another workspace’s runs, and refuses a malformed cursor or status', async () => {
    const { body } = await get(`/api/workspaces/default/runs?limit=200&to=${T0 + 10 * DAY}`);
    expect(body.runs.every((r: { workspaceId: string }) => r.workspaceId === 'default')).toBe(true);
    expect((await get('/api/workspaces/default/runs?before=yesterday')).status).toBe(400);
    expect((await get('/api/workspaces/default/runs?status=exploded')).status).toBe(400);
    expect((await get('/api/workspaces/default/runs?limit=201')).status).toBe(400);
  });
});

describe('analytics', () => {
  const range = `from=${T0}&to=${T0 + 3 * DAY}`;

  it('reports per workflow and per model, by day and over the range', async () => {
    const { status, body } = await get(`/api/workspaces/default/analytics?${range}`);
    expect(status).toBe(200);
    expect(body.byWorkflow).toHaveLength(6); // 2 workflows × 3 days
    const a = body.workflowTotals.find((b: { key: string }) => b.key === 'wf-a');
    expect(a).toMatchObject({ day: null, runs: 15, inputTokens: 150, outputTokens: 300 });
    expect(a.succeeded + a.failed).toBe(15);
    expect(a.p50Ms).toBeGreaterThan(1000);
    expect(a.p95Ms).toBeGreaterThanOrEqual(a.p50Ms);
    const models = body.modelTotals.map((b: { key: string }) => b.key).sort();
    expect(models).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(body.byModel.every((b: { day: number }) => b.day % DAY === 0)).toBe(true);
  });

  it('refuses an inverted or over-long range', async () => {
    expect((await get(`/api/workspaces/default/analytics?from=${T0}&to=${T0 - 1}`)).status).toBe(400);
    expect((await get(`/api/workspaces/default/analytics?from=0&to=${T0}`)).status).toBe(400);
  });

  it('downloads CSV per workflow and per model with a header row', async () => {
    const byWorkflow = await get(`/api/workspaces/default/analytics.csv?${range}`);
    expect(byWorkflow.status).toBe(200);
    expect(byWorkflow.type).toContain('text/csv');
    const lines = byWorkflow.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,workflow_id,workflow_name,runs,succeeded,failed,input_tokens,output_tokens,cost_usd,p50_ms,p95_ms',
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^2026-01-10,wf-a,,5,/);
    const byModel = await get(`/api/workspaces/default/analytics.csv?groupBy=model&${range}`);
    expect(byModel.text.split('\r\n')[0]).toBe(
      'day,provider,model,runs,succeeded,failed,input_tokens,output_tokens,cost_usd,p50_ms,p95_ms',
    );
    expect(byModel.text).toContain('2026-01-10,openai,gpt-4o,');
  });
});

describe('templates, a real run, and what history, analytics, /metrics and health then show', () => {
  let workflowId = '';
  let runId = '';

  it('lists the gallery and creates a workflow from a template, named as asked', async () => {
    const { body } = await get('/api/templates');
    expect(body.templates.length).toBeGreaterThanOrEqual(6);
    const created = await post('/api/workspaces/default/templates/code-review-agent/use', {
      name: 'Review, "quoted", with commas',
    });
    expect(created.status).toBe(201);
    workflowId = created.body.workflowId;
    expect((await post('/api/workspaces/default/templates/no-such-template/use', {})).status).toBe(404);
    expect((await post('/api/workspaces/default/templates/code-review-agent/use', { extra: 1 })).status).toBe(
      400,
    );
  });

  it('runs the new workflow on the local model; history and analytics include it', async () => {
    const started = await post(`/api/workspaces/default/workflows/${workflowId}/runs`, {});
    expect(started.status).toBe(202);
    runId = started.body.run.id;
    const run = await waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.inputs.context).toBe('TypeScript service, Postgres');

    const { body } = await get(`/api/workspaces/default/runs?workflowId=${workflowId}`);
    expect(body.runs.map((r: { id: string }) => r.id)).toEqual([runId]);

    const analytics = await get('/api/workspaces/default/analytics');
    const total = analytics.body.workflowTotals.find((b: { key: string }) => b.key === workflowId);
    expect(total).toMatchObject({ runs: 1, succeeded: 1 });
    expect(total.inputTokens).toBeGreaterThan(0);
    expect(analytics.body.workflowNames[workflowId]).toBe('Review, "quoted", with commas');
    expect(analytics.body.modelTotals.map((b: { key: string }) => b.key)).toContain('local/local-demo');
    // The run was started from the Run button: it counts under the manual trigger.
    expect(analytics.body.triggerTotals).toEqual([expect.objectContaining({ key: 'manual', runs: 1 })]);

    const csv = await get('/api/workspaces/default/analytics.csv');
    expect(csv.text).toContain(
      `,${csvLine([workflowId]).trimEnd()},"Review, ""quoted"", with commas",1,1,0,`,
    );
  });

  it('serves Prometheus metrics on loopback, but not through a proxy', async () => {
    const { status, type, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(type).toContain('text/plain; version=0.0.4');
    for (const name of [
      'synapse_sync_connections',
      'synapse_sync_documents',
      'synapse_persistence_lag_seconds',
      'synapse_persistence_inflight_rows',
      'synapse_persistence_commit_seconds_bucket{le="+Inf"}',
      'synapse_run_queue_jobs{state="ready"}',
      'synapse_runs{status="succeeded"}',
      'synapse_runners_busy',
    ])
      expect(text).toContain(name);
    // 30 seeded runs succeeded or failed (20 / 10 in default, plus 4 / 1 in other) plus the template run.
    expect(text).toMatch(/^synapse_runs\{status="succeeded"\} 25$/m);
    expect(Number(/^synapse_persistence_committed_rows_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    // prom-client separates families with an empty line, which the format allows.
    for (const line of text.split('\n').filter(Boolean))
      expect(line).toMatch(
        /^(# (HELP|TYPE) \w+ .+|[a-z_][a-z0-9_]*(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [-+0-9.eInfNa]+)$/,
      );
    expect((await get('/metrics', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
  });

  it('reports system health: database, queue, runners, sync and persistence', async () => {
    const { status, body } = await get('/api/system/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.queue).toMatchObject({ ready: 0, active: 0 });
    expect(body.runners.lastCompletedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(body.runners.stalled).toBe(false);
    expect(body.runs.succeeded).toBe(25);
    expect(body.persistence.commits).toBeGreaterThan(0);
  });
});

describe('demo data on first start', () => {
  it('seeds the default workspace once, and never again once its index exists', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'synapse-demo-'));
    const start = () =>
      startServer({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        secret: 'test-secret-test-secret-test-secret!',
        maxMessageBytes: 2 * 1024 * 1024,
        maxDocumentBytes: 16 * 1024 * 1024,
        logLevel: 'silent',
        pretty: false,
        demoData: true,
        devAuth: true,
      });
    let server = await start();
    try {
      const names = await withIndex(server, (doc) => readWorkflowIndex(doc).map((e) => e.name));
      expect(names.sort()).toEqual(['Research → Write → Critique → Edit', 'Support ticket router']);
      // Each entry carries its graph's preview, so the list shows the node count without opening it.
      const counts = await withIndex(server, (doc) =>
        readWorkflowIndex(doc).map((e) => e.preview?.nodeCount),
      );
      expect(counts.every((n) => typeof n === 'number' && n > 2)).toBe(true);
      // The user deletes both: a restart must not bring them back.
      await withIndex(server, (doc) => {
        for (const entry of readWorkflowIndex(doc)) removeWorkflowEntry(doc, entry.id, SERVER_ORIGIN);
      });
    } finally {
      await server.stop();
    }
    server = await start();
    try {
      expect(await withIndex(server, (doc) => readWorkflowIndex(doc).length)).toBe(0);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** Opens the default index over the sync protocol (as a browser would), runs `fn`, waits for the ack. */
async function withIndex<T>(
  server: Awaited<ReturnType<typeof startServer>>,
  fn: (doc: Y.Doc) => T,
): Promise<T> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: server.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: indexDocName('default'),
    document: doc,
    token: async () => {
      const res = await fetch(`${server.url}/api/sync-token`, { method: 'POST' });
      return ((await res.json()) as { token: string }).token;
    },
  });
  provider.attach();
  try {
    await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
    const result = fn(doc);
    await new Promise<void>((resolve) => {
      const check = () => {
        if (provider.unsyncedChanges === 0) resolve();
      };
      provider.on('unsyncedChanges', check);
      check();
    });
    return result;
  } finally {
    provider.destroy();
    socket.destroy();
  }
}
