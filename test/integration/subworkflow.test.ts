import { createRunsRepo } from '@synapse/db';
import {
  addNode,
  connect,
  createWorkflowEntry,
  indexDocName,
  initWorkflowDoc,
  isTerminalRunStatus,
  readRun,
  removeWorkflowEntry,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';

const stacks: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) stacks.push(['Postgres', process.env.TEST_DATABASE_URL]);

type Json = Record<string, any>;

/** The operator's run deadline, not the 30-minute default: child runs (created by the runner) get it too. */
const RUN_DEADLINE_MS = 7 * 60 * 1000;
type NodeSpec = { type: string; data?: Json };

// Sub-workflows (ADR 0024) through the whole product: the real HTTP routes, sync server, runner and
// database. The runner takes ONE run job at a time: a parent that held its slot while its child ran
// would never finish, so every completed parent here also shows the parent parks without a slot.
describe.each(stacks)('sub-workflows (%s)', (_name, postgresUrl) => {
  let stack: Stack;
  let index: TestClient;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    stack = await startStack({ postgresUrl, concurrency: 1, runDeadlineMs: RUN_DEADLINE_MS });
    index = await connectClient(stack.url, stack.syncUrl, indexDocName('default'));
  }, 60_000);
  afterAll(async () => {
    for (const client of [index, ...clients]) client?.destroy();
    await stack?.stop();
  });

  async function api(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** A workflow listed in the workspace index, its nodes chained in order; returns the node ids. */
  async function workflow(id: string, name: string, chain: NodeSpec[]): Promise<string[]> {
    createWorkflowEntry(index.doc, id, { name, createdAt: Date.now() }, USER_ORIGIN);
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', id));
    clients.push(editor);
    initWorkflowDoc(editor.doc, { name }, USER_ORIGIN);
    const ids = chain.map((node, i) =>
      addNode(
        editor.doc,
        { type: node.type as 'agent', position: { x: i * 200, y: 0 }, data: node.data },
        USER_ORIGIN,
      ),
    );
    for (let i = 1; i < ids.length; i++)
      expect(connect(editor.doc, { source: ids[i - 1]!, target: ids[i]! }, USER_ORIGIN).ok).toBe(true);
    await Promise.all([editor.acknowledged(), index.acknowledged()]);
    return ids;
  }

  /** Saves the workflow as it is now as a named version, published when asked; returns its id. */
  async function save(workflowId: string, name: string, publish = false): Promise<string> {
    const saved = await api(`/api/workspaces/default/workflows/${workflowId}/versions`, { name });
    expect(saved.status).toBe(201);
    const versionId = saved.body.version.id as string;
    if (publish) {
      const published = await api(
        `/api/workspaces/default/workflows/${workflowId}/versions/${versionId}/publish`,
        {},
      );
      expect(published.status).toBe(200);
    }
    return versionId;
  }

  const input = (name: string, value: string): NodeSpec => ({
    type: 'input',
    data: { label: 'Input', variables: [{ name, type: 'string', default: value }] },
  });
  const output = (label: string): NodeSpec => ({ type: 'output', data: { label } });
  const call = (workflowId: string, versionId: string, value = '{{input.q}}'): NodeSpec => ({
    type: 'subworkflow',
    data: { label: 'Call', workflowId, versionId, inputs: [{ name: 'topic', value }] },
  });

  /** Starts a run of the draft and waits for its document to say it ended. */
  async function run(workflowId: string) {
    const started = await api(`/api/workspaces/default/workflows/${workflowId}/runs`, {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id as string;
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    clients.push(watcher);
    await waitUntil(
      () => isTerminalRunStatus(readRun(watcher.doc)?.meta.status ?? 'queued'),
      'run end',
      60_000,
    );
    return {
      runId,
      doc: readRun(watcher.doc)!,
      row: (await api(`/api/workspaces/default/runs/${runId}`)).body.run,
    };
  }

  const rowOf = async (runId: string) =>
    (await api(`/api/workspaces/default/runs/${runId}`)).body.run as Json;

  it('runs the pinned version as a linked child run, whatever was published after the pin', async () => {
    const [childInput] = await workflow('child', 'Child', [input('topic', ''), output('Result')]);
    const pinned = await save('child', 'v1');
    // The child changes after the pin: a second Output, saved and published. The pin still runs v1.
    const editor = clients.at(-1)!;
    const extra = addNode(
      editor.doc,
      { type: 'output', position: { x: 400, y: 200 }, data: { label: 'Extra' } },
      USER_ORIGIN,
    );
    expect(connect(editor.doc, { source: childInput!, target: extra }, USER_ORIGIN).ok).toBe(true);
    await editor.acknowledged();
    const v2 = await save('child', 'v2', true);
    expect(v2).not.toBe(pinned);

    const [, callId] = await workflow('parent', 'Parent', [
      input('q', 'tides'),
      call('child', pinned),
      output('Answer'),
    ]);
    const { runId, doc, row } = await run('parent');
    expect(row.status).toBe('succeeded');
    const node = doc.nodes[callId!]!;
    expect(node).toMatchObject({ status: 'succeeded', childWorkflowId: 'child' });
    const child = await rowOf(node.childRunId!);
    expect(child).toMatchObject({
      status: 'succeeded',
      workflowId: 'child',
      versionId: pinned,
      versionSource: 'version',
      parentRunId: runId,
      parentNodeId: callId,
      trigger: `subworkflow:${runId}`,
      inputs: { topic: 'tides' },
    });
    // The child (which never waited, so its deadline never moved) has the operator's deadline.
    const stored = await createRunsRepo(stack.server.database.sql).get(child.id);
    expect(stored!.deadlineAt - stored!.createdAt).toBe(RUN_DEADLINE_MS);
    // One Output in v1: the node's output is its text (v2 would have made it a JSON object).
    expect(Object.keys(child.outputs)).toEqual(['Result']);
    expect(node.output).toBe(child.outputs.Result);
    expect(row.outputs).toEqual({ Answer: child.outputs.Result });

    // The public run API tells the child from a top-level run, as the run view does.
    expect((await api(`/api/v1/runs/${child.id}?workspaceId=default`)).body).toMatchObject({
      runId: child.id,
      parentRunId: runId,
      parentNodeId: callId,
    });
    expect((await api(`/api/v1/runs/${runId}?workspaceId=default`)).body).toMatchObject({
      parentRunId: null,
      parentNodeId: null,
    });

    const childDoc = await connectClient(stack.url, stack.syncUrl, runDocName('default', child.id));
    clients.push(childDoc);
    expect(readRun(childDoc.doc)?.meta).toMatchObject({
      parentRunId: runId,
      parentNodeId: callId,
      status: 'succeeded',
    });
  });

  it("runs the called workflow's published version when none is pinned", async () => {
    const published = (await api('/api/workspaces/default/workflows/child/versions')).body.versions.find(
      (v: Json) => v.name === 'v2',
    ).id as string;
    const [, callId] = await workflow('parent-published', 'Parent (published)', [
      input('q', 'reefs'),
      call('child', ''),
      output('Answer'),
    ]);
    const { doc, row } = await run('parent-published');
    expect(row.status).toBe('succeeded');
    const child = await rowOf(doc.nodes[callId!]!.childRunId!);
    expect(child).toMatchObject({ versionId: published, versionSource: 'published', versionName: 'v2' });
    // Two Outputs: the node's output is the JSON object of both, by label.
    expect(JSON.parse(doc.nodes[callId!]!.output)).toEqual(child.outputs);
    expect(Object.keys(child.outputs).sort()).toEqual(['Extra', 'Result']);
  });

  it("fails the calling node with the child's error when the child fails", async () => {
    await workflow('failing', 'Failing', [
      input('topic', ''),
      // A private address the stack's policy refuses: the node fails without any network.
      { type: 'http', data: { label: 'Fetch', method: 'GET', url: 'http://10.255.255.1/' } },
      output('Result'),
    ]);
    await save('failing', 'broken', true);
    const [, callId] = await workflow('parent-failing', 'Parent (failing)', [
      input('q', 'x'),
      call('failing', ''),
      output('Answer'),
    ]);
    const { doc, row } = await run('parent-failing');
    expect(row.status).toBe('failed');
    const node = doc.nodes[callId!]!;
    const child = await rowOf(node.childRunId!);
    expect(child.status).toBe('failed');
    expect(node).toMatchObject({ status: 'failed', errorCode: 'synapse.subworkflow.failed' });
    expect(node.error).toContain(child.error);
  });

  it('refuses recursion with a 422 naming the cycle, before any run exists', async () => {
    await workflow('wf-a', 'A', [input('q', 'x'), call('wf-b', ''), output('Out')]);
    await workflow('wf-b', 'B', [input('topic', 'x'), call('wf-a', '', '{{input.topic}}'), output('Out')]);
    await save('wf-a', 'a1', true);
    await save('wf-b', 'b1', true);
    const refused = await api('/api/workspaces/default/workflows/wf-a/runs', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'synapse.subworkflow.cycle',
      message: 'sub-workflows call each other in a cycle: A → B → A',
      details: { chain: ['A', 'B', 'A'] },
    });
    expect((await api('/api/workspaces/default/workflows/wf-a/runs')).body.runs).toEqual([]);

    await workflow('wf-self', 'Self', [input('q', 'x'), call('wf-self', ''), output('Out')]);
    await save('wf-self', 's1', true);
    const self = await api('/api/workspaces/default/workflows/wf-self/runs', {});
    expect(self.status).toBe(422);
    expect(self.body.error.message).toBe('sub-workflows call each other in a cycle: Self → Self');
  });

  it('refuses calls nested deeper than five levels, naming the chain', async () => {
    // deep-6 is a plain workflow; deep-n calls deep-(n+1). From deep-0 the chain is 7 workflows long.
    await workflow('deep-6', 'D6', [input('topic', ''), output('Out')]);
    await save('deep-6', 'd', true);
    for (let n = 5; n >= 0; n--) {
      await workflow(`deep-${n}`, `D${n}`, [
        input('topic', 'x'),
        call(`deep-${n + 1}`, '', '{{input.topic}}'),
        output('Out'),
      ]);
      await save(`deep-${n}`, 'd', true);
    }
    const refused = await api('/api/workspaces/default/workflows/deep-0/runs', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'synapse.subworkflow.too_deep',
      details: { chain: ['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6'] },
    });
    // One level less is allowed: deep-1 runs to the end, five children deep.
    const { row } = await run('deep-1');
    expect(row.status).toBe('succeeded');
  });

  it('refuses a call to a deleted workflow', async () => {
    await workflow('doomed', 'Doomed', [input('topic', ''), output('Result')]);
    await save('doomed', 'd1', true);
    removeWorkflowEntry(index.doc, 'doomed', USER_ORIGIN);
    await index.acknowledged();
    await workflow('parent-doomed', 'Parent (doomed)', [input('q', 'x'), call('doomed', ''), output('Out')]);
    const refused = await api('/api/workspaces/default/workflows/parent-doomed/runs', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('synapse.subworkflow.not_found');
    expect(refused.body.error.details.chain).toEqual(['Parent (doomed)', 'Call']);
  });

  /** Runs `parent-<name>` calling the published `gated-child` until both are parked; returns their ids. */
  async function parkedPair(name: string) {
    const [, callId] = await workflow(`parent-${name}`, `Parent (${name})`, [
      input('q', 'x'),
      call('gated-child', ''),
      output('Out'),
    ]);
    const started = await api(`/api/workspaces/default/workflows/parent-${name}/runs`, {});
    const runId = started.body.run.id as string;
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    clients.push(watcher);
    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'waiting', 'parent parked', 60_000);
    const childRunId = readRun(watcher.doc)!.nodes[callId!]!.childRunId!;
    const childWatcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', childRunId));
    clients.push(childWatcher);
    await waitUntil(() => readRun(childWatcher.doc)?.meta.status === 'waiting', 'child parked', 60_000);
    return { runId, callId: callId!, childRunId, watcher, childWatcher };
  }

  it('cancels the children of a cancelled run', async () => {
    await workflow('gated-child', 'Gated child', [
      input('topic', ''),
      { type: 'approval', data: { label: 'Gate', message: 'ok?' } },
      output('Result'),
    ]);
    await save('gated-child', 'g1', true);
    const { runId, childRunId, childWatcher } = await parkedPair('gated');
    expect((await api(`/api/workspaces/default/runs/${runId}/cancel`, {})).status).toBe(202);
    await waitUntil(() => readRun(childWatcher.doc)?.meta.status === 'cancelled', 'child cancelled', 10_000);
    expect((await rowOf(childRunId)).status).toBe('cancelled');
    expect((await rowOf(runId)).status).toBe('cancelled');
  });

  it('fails the calling node when its child is cancelled on its own', async () => {
    const { runId, callId, childRunId, watcher } = await parkedPair('orphaned');
    expect((await api(`/api/workspaces/default/runs/${childRunId}/cancel`, {})).status).toBe(202);
    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'failed', 'parent failed', 60_000);
    expect(readRun(watcher.doc)!.nodes[callId]).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.subworkflow.failed',
      error: "the called workflow's run was cancelled",
    });
    expect((await rowOf(runId)).status).toBe('failed');
  });
});
