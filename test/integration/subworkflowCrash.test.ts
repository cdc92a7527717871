import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, type Sql } from '@synapse/db';
import {
  addNode,
  connect,
  createWorkflowEntry,
  indexDocName,
  initWorkflowDoc,
  readRun,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRunner, startChildRunner } from './support/childRunner';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';

const SECRET = 'subworkflow-crash-secret-0123456789abc';
const postgresUrl = process.env.TEST_DATABASE_URL;

// ADR 0024: a parent parked on its child run holds no runner. The runner running the child is
// SIGKILLed mid-node; a runner started afterwards takes the child's job over (pg-boss, after the
// heartbeat lapses), ends it, and resumes the parent, which reuses its finished node's checkpoint (the
// fake model is not called for it again). Separate processes need Postgres.
describe.runIf(postgresUrl)('a sub-workflow survives its runner (needs TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let sql: Sql;
  let dir: string;
  let server: ChildServer;
  let fake: FakeLlm;
  let env: Record<string, string>;
  const runners: ChildRunner[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(postgresUrl as string);
    dir = await mkdtemp(join(tmpdir(), 'synapse-subworkflow-'));
    fake = await startFakeOpenAI({ tokenDelayMs: 60 });
    server = await startChildServer({ DATABASE_URL: db.url, DATA_DIR: dir, SYNAPSE_SECRET: SECRET });
    env = {
      DATABASE_URL: db.url,
      SYNAPSE_SYNC_URL: server.syncUrl,
      SYNAPSE_SECRET: SECRET,
      FAKE_OPENAI_URL: fake.baseURL,
      SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
    };
    runners.push(await startChildRunner('runner-a', env));
    sql = (await openPostgres({ url: db.url })).sql;
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const r of runners) await r.kill('SIGKILL');
    await server?.kill('SIGTERM');
    await sql?.close();
    await fake?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const rowOf = async (runId: string) =>
    (
      await sql.query<{ status: string; owner: string | null }>(
        'select status, lease_owner as owner from runs where id = $1',
        [runId],
      )
    )[0];
  /** Polls the database (it has no event to wait for), at most ~10 s. */
  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await condition()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const agent = (prompt: string) => ({
    type: 'agent' as const,
    position: { x: 0, y: 0 },
    data: { label: prompt, provider: 'openai', model: 'gpt-4o-mini', userPrompt: `${prompt} {{input}}` },
  });

  /** A workflow in the index with nodes chained in order; returns the node ids. */
  async function workflow(index: TestClient, id: string, nodes: Parameters<typeof addNode>[1][]) {
    createWorkflowEntry(index.doc, id, { name: id, createdAt: Date.now() }, USER_ORIGIN);
    const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', id));
    clients.push(editor);
    initWorkflowDoc(editor.doc, { name: id }, USER_ORIGIN);
    const ids = nodes.map((n) => addNode(editor.doc, n, USER_ORIGIN));
    for (let i = 1; i < ids.length; i++)
      connect(editor.doc, { source: ids[i - 1]!, target: ids[i]! }, USER_ORIGIN);
    await Promise.all([editor.acknowledged(), index.acknowledged()]);
    return ids;
  }
  async function post(path: string, body: unknown = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('completes the parent after the runner running its child is killed', async () => {
    const index = await connectClient(server.url, server.syncUrl, indexDocName('default'));
    clients.push(index);
    const [, work] = await workflow(index, 'worker', [
      { type: 'input', position: { x: 0, y: 0 }, data: { variables: [{ name: 'topic', type: 'string' }] } },
      agent('work'),
      { type: 'output', position: { x: 0, y: 0 }, data: { label: 'Result' } },
    ]);
    const saved = await post('/api/workspaces/default/workflows/worker/versions', { name: 'w1' });
    expect(saved.status).toBe(201);
    const publish = `/api/workspaces/default/workflows/worker/versions/${saved.body.version.id}/publish`;
    expect((await post(publish)).status).toBe(200);
    const [first, call] = await workflow(index, 'caller', [
      agent('step1'),
      {
        type: 'subworkflow',
        position: { x: 0, y: 0 },
        data: { workflowId: 'worker', versionId: '', inputs: [{ name: 'topic', value: '{{input}}' }] },
      },
      { type: 'output', position: { x: 0, y: 0 }, data: { label: 'Answer' } },
    ]);

    const started = await post('/api/workspaces/default/workflows/caller/runs');
    expect(started.status).toBe(202);
    const runId = started.body.run.id as string;
    const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', runId));
    clients.push(watcher);
    await waitUntil(() => readRun(watcher.doc)?.nodes[call!]?.childRunId !== undefined, 'the child', 30_000);
    const childRunId = readRun(watcher.doc)!.nodes[call!]!.childRunId!;
    const childWatcher = await connectClient(server.url, server.syncUrl, runDocName('default', childRunId));
    clients.push(childWatcher);
    await until(async () => (await rowOf(runId))?.status === 'waiting', 'the parent to park');

    // Kill the runner once the child's model node is streaming.
    await waitUntil(
      () => (readRun(childWatcher.doc)?.nodes[work!]?.output.length ?? 0) > 0,
      'the child streaming',
      30_000,
    );
    expect((await rowOf(childRunId))?.owner).toBe('runner-a');
    await runners[0]?.kill('SIGKILL');
    runners.push(await startChildRunner('runner-b', env));

    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'the parent to finish', 90_000);
    const child = readRun(childWatcher.doc)!;
    expect(child.meta.status).toBe('succeeded');
    expect(child.nodes[work!]?.restarted).toBe(true);
    const run = readRun(watcher.doc)!;
    expect(run.nodes[first!]?.restarted).toBeUndefined();
    expect(run.nodes[call!]).toMatchObject({ status: 'succeeded', childRunId });
    expect(run.nodes[call!]?.output).toBe(child.nodes[work!]?.output);
    // Step 1 ran once (reused from its checkpoint on resume); the child's node twice (interrupted).
    const callsFor = (prefix: string) =>
      fake.requests.filter((r) => r.prompt?.startsWith(`${prefix} `)).length;
    expect([callsFor('step1'), callsFor('work')]).toEqual([1, 2]);
    // One child only: the resumed parent found the child it had, it did not start another.
    const children = await sql.query('select id from runs where parent_run_id = $1', [runId]);
    expect(children).toHaveLength(1);
  }, 150_000);
});
