import { createRunsRepo } from '@synapse/db';
import {
  addNode,
  connect,
  initWorkflowDoc,
  isTerminalRunStatus,
  readRun,
  readWorkflowMeta,
  runDocName,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
  workflowMaps,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';

const stacks: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) stacks.push(['Postgres', process.env.TEST_DATABASE_URL]);

describe.each(stacks)('run path (%s)', (_name, postgresUrl) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ postgresUrl });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function post(path: string, body?: unknown) {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function workflowClient(workflowId: string): Promise<TestClient> {
    const client = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', workflowId));
    initWorkflowDoc(client.doc, { name: workflowId }, USER_ORIGIN);
    return client;
  }

  it('runs a diamond DAG end to end and the run document shows every node succeeded with output', async () => {
    const editor = await workflowClient('diamond');
    const node = (label: string, x: number) =>
      addNode(
        editor.doc,
        { type: 'agent', position: { x, y: 0 }, data: { label, systemPrompt: `You are a ${label}.` } },
        USER_ORIGIN,
      );
    const [a, b, c, d] = [
      node('researcher', 0),
      node('writer', 100),
      node('critic', 200),
      node('editor', 300),
    ] as string[];
    for (const [s, t] of [
      [a, b],
      [a, c],
      [b, d],
      [c, d],
    ] as [string, string][]) {
      expect(connect(editor.doc, { source: s, target: t }, USER_ORIGIN).ok).toBe(true);
    }
    await editor.acknowledged();

    const started = await post('/api/workspaces/default/workflows/diamond/runs', {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id as string;
    expect(started.body.run.status).toBe('queued');
    expect(started.body.run.documentName).toBe(runDocName('default', runId));
    // Everyone editing the workflow learns about the run through the document.
    await waitUntil(() => readWorkflowMeta(editor.doc).lastRunId === runId, 'lastRunId in the workflow doc');

    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    // What a history view does: the moment the run document says the run ended, read the run row.
    const rowWhenEnded = new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const status = readRun(watcher.doc)?.meta.status;
        if (!status || !isTerminalRunStatus(status)) return;
        watcher.doc.off('afterTransaction', check);
        createRunsRepo(stack.server.database.sql)
          .get(runId)
          .then((row) => resolve(row ?? {}), reject);
      };
      watcher.doc.on('afterTransaction', check);
      check();
    });
    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'run to succeed', 30_000);
    const run = readRun(watcher.doc);
    for (const id of [a, b, c, d]) {
      expect(run?.nodes[id]?.status).toBe('succeeded');
      expect(run?.nodes[id]?.output).toContain('Local demo model (offline)');
    }
    expect(run?.graph.nodes).toHaveLength(4);
    // The editor's output depends on both branches: the join waited for them.
    expect(
      (run?.nodes[d]?.startedAt ?? 0) >=
        Math.max(run?.nodes[b]?.finishedAt ?? 0, run?.nodes[c]?.finishedAt ?? 0),
    ).toBe(true);

    // The row turned terminal before the document did, so that read already saw it ended.
    const row = await rowWhenEnded;
    expect(row.status).toBe('succeeded');
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.finishedAt).toBeGreaterThanOrEqual(row.startedAt);
    const list = await fetch(`${stack.url}/api/workspaces/default/workflows/diamond/runs`).then((r) =>
      r.json(),
    );
    expect(list.runs[0].id).toBe(runId);
    watcher.destroy();
    editor.destroy();
  });

  it('refuses a workflow whose merged edges form a cycle with 422 naming the edges', async () => {
    const editor = await workflowClient('cyclic');
    const x = addNode(editor.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const y = addNode(editor.doc, { type: 'agent', position: { x: 1, y: 0 } }, USER_ORIGIN);
    expect(connect(editor.doc, { source: x, target: y }, USER_ORIGIN).ok).toBe(true);
    // A concurrent peer's edge y→x arrives through a merge; connect() would refuse it locally.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(editor.doc));
    expect(connect(peer, { source: y, target: x }, USER_ORIGIN).ok).toBe(false);
    const edges = workflowMaps(peer).edges;
    peer.transact(() => {
      const edge = new Y.Map<unknown>();
      edges.set(`${y}:out->${x}:in`, edge);
      edge.set('source', y);
      edge.set('target', x);
      edge.set('sourceHandle', 'out');
      edge.set('targetHandle', 'in');
    }, USER_ORIGIN);
    Y.applyUpdate(editor.doc, Y.encodeStateAsUpdate(peer));
    await editor.acknowledged();

    const refused = await post('/api/workspaces/default/workflows/cyclic/runs', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('synapse.dag.cycle');
    expect(refused.body.error.details.edges).toHaveLength(2);
    editor.destroy();
  });

  it('refuses a template reference to a node that is not upstream with 422', async () => {
    const editor = await workflowClient('dangling-ref');
    const lone = addNode(editor.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    setNodeField(editor.doc, lone, 'userPrompt', 'Summarise {{nodes.ghost.output}}', USER_ORIGIN);
    await editor.acknowledged();
    const refused = await post('/api/workspaces/default/workflows/dangling-ref/runs', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('synapse.dag.unknown_reference');
    expect(refused.body.error.details.references[0]).toMatchObject({
      nodeId: lone,
      reference: 'ghost',
      reason: 'missing',
    });
    editor.destroy();
  });

  it('answers bad requests with clear JSON errors', async () => {
    expect((await post('/api/workspaces/default/workflows/nothing-here/runs', {})).body.error.code).toBe(
      'synapse.not_found',
    );
    const badId = await post('/api/workspaces/default/workflows/bad!id/runs', {});
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('synapse.invalid_request');
    const badBody = await post('/api/workspaces/default/workflows/x/runs', { inputs: 7 });
    expect(badBody.status).toBe(400);
    const other = await post('/api/workspaces/someone-else/workflows/x/runs', {});
    expect(other.status).toBe(403);
    const missing = await fetch(`${stack.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('synapse.not_found');
    const health = await fetch(`${stack.url}/api/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    const spec = await fetch(`${stack.url}/api/openapi.json`).then((r) => r.json());
    expect(Object.keys(spec.paths)).toContain('/api/workspaces/{workspaceId}/workflows/{workflowId}/runs');
  });

  it('keeps run documents read-only for users', async () => {
    const editor = await workflowClient('readonly');
    addNode(editor.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    await editor.acknowledged();
    const runId = (await post('/api/workspaces/default/workflows/readonly/runs', {})).body.run.id as string;
    const intruder = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    await waitUntil(() => readRun(intruder.doc)?.meta.status === 'succeeded', 'run to finish', 30_000);
    intruder.doc.getMap('meta').set('status', 'failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(intruder.provider.unsyncedChanges).toBeGreaterThan(0);
    const observer = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    expect(readRun(observer.doc)?.meta.status).toBe('succeeded');
    intruder.destroy();
    observer.destroy();
    editor.destroy();
  });

  it('closes a socket that sends a frame over the message cap with 4413 and a reason', async () => {
    const socket = new WebSocket(stack.syncUrl);
    socket.binaryType = 'arraybuffer';
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const closed = new Promise<CloseEvent>((resolve) => {
      socket.onclose = resolve;
    });
    socket.send(new Uint8Array(2 * 1024 * 1024 + 1));
    const event = await closed;
    expect(event.code).toBe(4413);
    expect(event.reason).toMatch(/^synapse\.sync\.message_too_large/);
    // The server is still serving everyone else.
    expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
  });
});
