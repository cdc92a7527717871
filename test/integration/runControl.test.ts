import {
  addNode,
  connect,
  initWorkflowDoc,
  readRun,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';

const stacks: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) stacks.push(['Postgres', process.env.TEST_DATABASE_URL]);

describe.each(stacks)('run control (%s)', (_name, postgresUrl) => {
  let stack: Stack;
  beforeAll(async () => {
    // Slow tokens so a cancel lands mid-stream.
    stack = await startStack({ postgresUrl, tokenDelayMs: 40 });
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

  function chain(doc: TestClient['doc'], types: ('agent' | 'output')[]): string[] {
    const ids = types.map((type, i) => addNode(doc, { type, position: { x: i * 200, y: 0 } }, USER_ORIGIN));
    for (let i = 1; i < ids.length; i++)
      expect(connect(doc, { source: ids[i - 1]!, target: ids[i]! }, USER_ORIGIN).ok).toBe(true);
    return ids;
  }

  it('cancels a run mid-stream: the streaming node stops and the rest never start', async () => {
    const editor = await workflowClient('cancel-me');
    const [first, second, out] = chain(editor.doc, ['agent', 'agent', 'output']) as [string, string, string];
    await editor.acknowledged();
    const runId = (await post('/api/workspaces/default/workflows/cancel-me/runs', {})).body.run.id as string;
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    await waitUntil(
      () => (readRun(watcher.doc)?.nodes[first]?.output.length ?? 0) > 0,
      'first tokens',
      30_000,
    );

    const cancelled = await post(`/api/workspaces/default/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.run.cancelRequestedAt).toEqual(expect.any(Number));
    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'cancelled', 'run cancelled', 10_000);
    const run = readRun(watcher.doc)!;
    expect(run.nodes[first]!.status).toBe('cancelled');
    expect(run.nodes[second]!.status).toBe('cancelled');
    expect(run.nodes[out]!.status).toBe('cancelled');
    expect(run.nodes[second]!.output).toBe('');
    // The stream really stopped: no more text arrives after the cancel settled.
    const frozen = run.nodes[first]!.output;
    await new Promise((r) => setTimeout(r, 300));
    expect(readRun(watcher.doc)!.nodes[first]!.output).toBe(frozen);

    const row = (await fetch(`${stack.url}/api/workspaces/default/runs/${runId}`).then((r) => r.json())).run;
    expect(row.status).toBe('cancelled');
    const again = await post(`/api/workspaces/default/runs/${runId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('synapse.run.finished');
    watcher.destroy();
    editor.destroy();
  });

  it('routes by rule: the untaken branch is skipped and the join after both still runs', async () => {
    const editor = await workflowClient('routed');
    const doc = editor.doc;
    const input = addNode(
      doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: { variables: [{ name: 'ticket', type: 'text', default: 'my invoice is wrong' }] },
      },
      USER_ORIGIN,
    );
    const router = addNode(
      doc,
      {
        type: 'router',
        position: { x: 200, y: 0 },
        data: {
          branches: [
            { id: 'billing', label: 'billing', match: 'contains', value: 'invoice' },
            { id: 'other', label: 'other', match: 'else' },
          ],
        },
      },
      USER_ORIGIN,
    );
    const billing = addNode(doc, { type: 'agent', position: { x: 400, y: 0 } }, USER_ORIGIN);
    const support = addNode(doc, { type: 'agent', position: { x: 400, y: 200 } }, USER_ORIGIN);
    const join = addNode(doc, { type: 'output', position: { x: 600, y: 0 } }, USER_ORIGIN);
    for (const [source, target, sourceHandle] of [
      [input, router, 'out'],
      [router, billing, 'billing'],
      [router, support, 'other'],
      [billing, join, 'out'],
      [support, join, 'out'],
    ] as const) {
      expect(connect(doc, { source, target, sourceHandle }, USER_ORIGIN).ok).toBe(true);
    }
    await editor.acknowledged();

    const started = await post('/api/workspaces/default/workflows/routed/runs', {});
    expect(started.status).toBe(202);
    expect(started.body.run.inputs).toEqual({ ticket: 'my invoice is wrong' });
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', started.body.run.id));
    await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'routed run', 30_000);
    const run = readRun(watcher.doc)!;
    expect(run.meta.inputs).toEqual({ ticket: 'my invoice is wrong' });
    expect(run.nodes[router]).toMatchObject({ status: 'succeeded', branch: 'billing' });
    expect(run.nodes[billing]!.status).toBe('succeeded');
    expect(run.nodes[support]).toMatchObject({
      status: 'skipped',
      errorCode: 'synapse.run.branch_not_taken',
    });
    expect(run.nodes[join]!.status).toBe('succeeded');
    expect(run.nodes[join]!.output).toBe(run.nodes[billing]!.output);
    watcher.destroy();
    editor.destroy();
  });

  it('lists providers for the pickers with which ones the workspace has keys for', async () => {
    const { providers } = (await fetch(`${stack.url}/api/workspaces/default/providers`).then((r) =>
      r.json(),
    )) as { providers: { id: string; configured: boolean; models: { id: string }[] }[] };
    const byId = new Map(providers.map((p) => [p.id, p]));
    expect(byId.get('local')).toMatchObject({ configured: true, models: [{ id: 'local-demo' }] });
    expect(byId.get('openai')?.configured).toBe(false);
    expect(byId.get('anthropic')?.models.length).toBeGreaterThan(0);
    const added = await post('/api/workspaces/default/keys', {
      provider: 'openai',
      apiKey: 'sk-test-0123456789',
      // A loopback endpoint the test stack's address policy allows (there is no internet here).
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    expect(added.status).toBe(201);
    const after = (await fetch(`${stack.url}/api/workspaces/default/providers`).then((r) => r.json())) as {
      providers: { id: string; configured: boolean }[];
    };
    expect(after.providers.find((p) => p.id === 'openai')?.configured).toBe(true);
  });

  it('refuses inputs that do not fit their declared type before anything runs', async () => {
    const editor = await workflowClient('typed-inputs');
    addNode(
      editor.doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: { variables: [{ name: 'count', type: 'number', default: '1' }] },
      },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    const refused = await post('/api/workspaces/default/workflows/typed-inputs/runs', {
      inputs: { count: 'many' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('input "count" must be a number, got "many"');
    editor.destroy();
  });
});
